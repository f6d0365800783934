"""Country queries."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country


class CountryRepository:
    """Reads the country register."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, iso3: str, *, for_update: bool = False) -> Country | None:
        return await self.session.get(Country, iso3, with_for_update=for_update)

    async def find(
        self, *, groups: list[str], limit: int, offset: int
    ) -> tuple[list[Country], int]:
        query = select(Country)
        if groups:
            query = query.where(Country.pp_group.in_(groups))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Country.name_en).limit(limit).offset(offset)
        )
        return list(rows), total or 0

    async def members_by_group(self) -> dict[str, list[str]]:
        """Prague Process group -> sorted ISO3 codes of its members."""
        rows = await self.session.execute(
            select(Country.pp_group, Country.iso3).order_by(Country.iso3)
        )
        out: dict[str, list[str]] = {}
        for group, iso3 in rows:
            out.setdefault(group, []).append(iso3)
        return out

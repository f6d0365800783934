"""Initiative queries."""

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.initiatives.models import Initiative, InitiativeCountry, InitiativeTheme


class InitiativeRepository:
    """Reads initiatives with their countries and themes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, initiative_id: int) -> Initiative | None:
        return await self.session.get(Initiative, initiative_id)

    def _filtered(
        self, *, countries: list[str], themes: list[str], kinds: list[str]
    ) -> Select[Initiative]:
        query = select(Initiative)
        if countries:
            query = query.where(
                Initiative.id.in_(
                    select(InitiativeCountry.initiative_id).where(
                        InitiativeCountry.country_iso3.in_(countries)
                    )
                )
            )
        if themes:
            query = query.where(
                Initiative.id.in_(
                    select(InitiativeTheme.initiative_id).where(
                        InitiativeTheme.theme_code.in_(themes)
                    )
                )
            )
        if kinds:
            query = query.where(Initiative.kind.in_(kinds))
        return query

    async def find(
        self, *, countries: list[str], themes: list[str], kinds: list[str], limit: int, offset: int
    ) -> tuple[list[Initiative], int]:
        query = self._filtered(countries=countries, themes=themes, kinds=kinds)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(Initiative.start_year.desc().nulls_last(), Initiative.title_en)
        rows = await self.session.scalars(ordered.limit(limit).offset(offset))
        return list(rows), total or 0

"""Initiative queries and writes (never commits; the request session does)."""

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.initiatives.models import Initiative, InitiativeCountry, InitiativeTheme
from toolbox_api.themes.models import Theme


def _visible_to(principal: Principal) -> ColumnElement[bool]:
    return visible(
        principal,
        status=Initiative.status,
        access=Initiative.access,
        country=Initiative.owner_country,
    )


class InitiativeRepository:
    """Reads and writes initiatives with their countries and themes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, initiative_id: int, principal: Principal) -> Initiative | None:
        query = select(Initiative).where(Initiative.id == initiative_id, _visible_to(principal))
        return await self.session.scalar(query)

    async def get_for_update(self, initiative_id: int, principal: Principal) -> Initiative | None:
        """Lock the row so concurrent writers queue and the second sees the first's version."""
        query = (
            select(Initiative)
            .where(Initiative.id == initiative_id, _visible_to(principal))
            .with_for_update()
        )
        return await self.session.scalar(query)

    def _filtered(
        self, principal: Principal, *, countries: list[str], themes: list[str], kinds: list[str]
    ) -> Select[Initiative]:
        query = select(Initiative).where(_visible_to(principal))
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
        self,
        principal: Principal,
        *,
        countries: list[str],
        themes: list[str],
        kinds: list[str],
        limit: int,
        offset: int,
    ) -> tuple[list[Initiative], int]:
        query = self._filtered(principal, countries=countries, themes=themes, kinds=kinds)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(Initiative.start_year.desc().nulls_last(), Initiative.title_en)
        rows = await self.session.scalars(ordered.limit(limit).offset(offset))
        return list(rows), total or 0

    async def unknown_themes(self, codes: list[str]) -> list[str]:
        known = set(await self.session.scalars(select(Theme.code).where(Theme.code.in_(codes))))
        return [c for c in codes if c not in known]

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        query = select(Initiative.id).where(Initiative.slug == slug)
        if other_than is not None:
            query = query.where(Initiative.id != other_than)
        return await self.session.scalar(query) is not None

    async def add(self, initiative: Initiative) -> Initiative:
        self.session.add(initiative)
        await self.session.flush()
        return initiative

    async def set_links(
        self, initiative: Initiative, countries: list[str], themes: list[str]
    ) -> None:
        """Replace the initiative's countries and themes."""
        for table in (InitiativeCountry, InitiativeTheme):
            await self.session.execute(delete(table).where(table.initiative_id == initiative.id))
        self.session.add_all(
            [InitiativeCountry(initiative_id=initiative.id, country_iso3=c) for c in countries]
            + [InitiativeTheme(initiative_id=initiative.id, theme_code=t) for t in themes]
        )
        await self.session.flush()
        await self.session.refresh(initiative, ["countries", "themes"])

    async def remove(self, initiative: Initiative) -> None:
        await self.session.delete(initiative)
        await self.session.flush()

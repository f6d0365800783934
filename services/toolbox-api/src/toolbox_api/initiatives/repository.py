"""Initiative queries and writes (never commits; the request session does)."""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.initiatives.models import (
    Initiative,
    InitiativeCorridor,
    InitiativeCountry,
    InitiativeOrganisation,
    InitiativeRoute,
    InitiativeTheme,
    Organisation,
)
from toolbox_api.initiatives.schemas import InitiativeWrite
from toolbox_api.practices.models import Practice, PracticeInitiative


def visible_initiatives(principal: Principal) -> ColumnElement[bool]:
    """SQL condition: the initiatives this caller may see."""
    return visible(
        principal,
        status=Initiative.status,
        access=Initiative.access,
        country=Initiative.owner_country,
    )


class InitiativeRepository:
    """Reads and writes initiatives with their links."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, initiative_id: int, principal: Principal) -> Initiative | None:
        query = select(Initiative).where(
            Initiative.id == initiative_id, visible_initiatives(principal)
        )
        return await self.session.scalar(query)

    async def get_for_update(self, initiative_id: int, principal: Principal) -> Initiative | None:
        """Lock the row so concurrent writers queue and the second sees the first's version."""
        query = (
            select(Initiative)
            .where(Initiative.id == initiative_id, visible_initiatives(principal))
            .with_for_update(of=Initiative)
        )
        return await self.session.scalar(query)

    def _filtered(
        self,
        principal: Principal,
        *,
        countries: list[str],
        role: str | None,
        themes: list[str],
        kinds: list[str],
        implementation: list[str],
        routes: list[str],
    ) -> Select[Initiative]:
        query = select(Initiative).where(visible_initiatives(principal))
        if countries:
            linked = select(InitiativeCountry.initiative_id).where(
                InitiativeCountry.country_iso3.in_(countries)
            )
            if role:
                linked = linked.where(InitiativeCountry.role == role)
            query = query.where(Initiative.id.in_(linked))
        if themes:
            query = query.where(
                Initiative.id.in_(
                    select(InitiativeTheme.initiative_id).where(
                        InitiativeTheme.theme_code.in_(themes)
                    )
                )
            )
        if routes:
            query = query.where(
                Initiative.id.in_(
                    select(InitiativeRoute.initiative_id).where(
                        InitiativeRoute.route_slug.in_(routes)
                    )
                )
            )
        if kinds:
            query = query.where(Initiative.kind.in_(kinds))
        if implementation:
            query = query.where(Initiative.implementation_status.in_(implementation))
        return query

    async def find(
        self,
        principal: Principal,
        *,
        countries: list[str],
        role: str | None = None,
        themes: list[str],
        kinds: list[str],
        implementation: list[str] | None = None,
        routes: list[str] | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[Initiative], int]:
        query = self._filtered(
            principal,
            countries=countries,
            role=role,
            themes=themes,
            kinds=kinds,
            implementation=implementation or [],
            routes=routes or [],
        )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(
            Initiative.start_year.desc().nulls_last(), Initiative.title_en, Initiative.id
        )
        rows = await self.session.scalars(ordered.limit(limit).offset(offset))
        return list(rows), total or 0

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        query = select(Initiative.id).where(Initiative.slug == slug)
        if other_than is not None:
            query = query.where(Initiative.id != other_than)
        return await self.session.scalar(query) is not None

    async def by_slug(self, slugs: list[str]) -> dict[str, Initiative]:
        """Initiatives by slug, whatever their state (callers check visibility)."""
        if not slugs:
            return {}
        rows = await self.session.scalars(select(Initiative).where(Initiative.slug.in_(slugs)))
        return {i.slug: i for i in rows}

    async def practices_of(self, initiative_id: int) -> list[Practice]:
        """Practices distilled from this initiative, by title."""
        rows = await self.session.scalars(
            select(Practice)
            .join(PracticeInitiative, PracticeInitiative.practice_id == Practice.id)
            .where(PracticeInitiative.initiative_id == initiative_id)
            .order_by(Practice.title_en)
        )
        return list(rows)

    async def add(self, initiative: Initiative) -> Initiative:
        self.session.add(initiative)
        await self.session.flush()
        return initiative

    async def organisation_ids(self, names: list[str]) -> dict[str, int]:
        """Ids of the organisations by name (case-insensitive), adding the new ones."""
        if not names:
            return {}
        await self.session.execute(
            insert(Organisation).values([{"name": n} for n in names]).on_conflict_do_nothing()
        )
        folded = {n.lower() for n in names}
        rows = await self.session.execute(
            select(func.lower(Organisation.name), Organisation.id).where(
                func.lower(Organisation.name).in_(folded)
            )
        )
        by_folded: dict[str, int] = {k: v for k, v in rows.all()}
        return {n: by_folded[n.lower()] for n in names}

    async def set_links(self, initiative: Initiative, data: InitiativeWrite) -> None:
        """Replace the initiative's countries, organisations, themes, corridors and routes."""
        tables = (
            InitiativeCountry,
            InitiativeOrganisation,
            InitiativeTheme,
            InitiativeCorridor,
            InitiativeRoute,
        )
        for table in tables:
            await self.session.execute(delete(table).where(table.initiative_id == initiative.id))
        orgs = await self.organisation_ids(list(dict.fromkeys(o.name for o in data.organisations)))
        iid = initiative.id
        self.session.add_all(
            [
                InitiativeCountry(initiative_id=iid, country_iso3=c.iso3, role=c.role, position=i)
                for i, c in enumerate(data.countries)
            ]
            + [
                InitiativeOrganisation(
                    initiative_id=iid, organisation_id=orgs[o.name], role=o.role, position=i
                )
                for i, o in enumerate(data.organisations)
            ]
            + [InitiativeTheme(initiative_id=iid, theme_code=t) for t in data.themes]
            + [
                InitiativeCorridor(
                    initiative_id=iid,
                    origin_iso3=c.origin,
                    destination_iso3=c.destination,
                    position=i,
                )
                for i, c in enumerate(data.corridors)
            ]
            + [InitiativeRoute(initiative_id=iid, route_slug=r) for r in data.routes]
        )
        await self.session.flush()
        await self.session.refresh(
            initiative, ["countries", "organisations", "themes", "corridors", "routes"]
        )

    async def remove(self, initiative: Initiative) -> None:
        await self.session.delete(initiative)
        await self.session.flush()

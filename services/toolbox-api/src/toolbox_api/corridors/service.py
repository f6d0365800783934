"""Which initiatives and practices touch a country (a corridor starting or ending there) or a
route: one query over both, in the order type, English title, id."""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from sqlalchemy import ColumnElement, Select, exists, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.schemas import corridor
from toolbox_api.corridors.schemas import LinkedRecord
from toolbox_api.initiatives.models import Initiative, InitiativeCorridor, InitiativeRoute
from toolbox_api.initiatives.repository import visible_initiatives
from toolbox_api.practices.models import Practice, PracticeCorridor, PracticeRoute
from toolbox_api.practices.repository import visible_practices


def _matching(
    kind: str,
    *,
    record: Any,
    corridors: Any,
    corridor_owner: Any,
    routes_table: Any,
    route_owner: Any,
    visible_cond: ColumnElement[bool],
    countries: list[str],
    routes: list[str],
) -> Select[Any]:
    """(type, id, title) of the records of one kind matching the filters."""
    query = select(
        literal(kind).label("type"), record.id.label("id"), record.title_en.label("title")
    ).where(visible_cond)
    if countries:
        ends = or_(corridors.origin_iso3.in_(countries), corridors.destination_iso3.in_(countries))
        query = query.where(record.id.in_(select(corridor_owner).where(ends)))
    if routes:
        query = query.where(
            record.id.in_(select(route_owner).where(routes_table.route_slug.in_(routes)))
        )
    if not countries and not routes:
        query = query.where(
            or_(
                exists().where(corridor_owner == record.id),
                exists().where(route_owner == record.id),
            )
        )
    return query


def _record(kind: str, item: Initiative | Practice) -> LinkedRecord:
    return LinkedRecord(
        type=kind,  # type: ignore[arg-type]
        id=item.id,
        slug=item.slug,
        title_en=item.title_en,
        title_ru=item.title_ru,
        corridors=[corridor(c.origin_iso3, c.destination_iso3) for c in item.corridors],
        routes=[r.route_slug for r in item.routes],
        href=f"/v1/{kind}s/{item.id}",
    )


async def linked_records(
    session: AsyncSession,
    principal: Principal,
    *,
    countries: list[str],
    routes: list[str],
    types: list[str],
    limit: int,
    offset: int,
) -> tuple[list[LinkedRecord], int]:
    """Initiatives and practices the caller may see touching any of the countries or routes."""
    countries = [c.upper() for c in countries]
    parts = []
    if not types or "initiative" in types:
        parts.append(
            _matching(
                "initiative",
                record=Initiative,
                corridors=InitiativeCorridor,
                corridor_owner=InitiativeCorridor.initiative_id,
                routes_table=InitiativeRoute,
                route_owner=InitiativeRoute.initiative_id,
                visible_cond=visible_initiatives(principal),
                countries=countries,
                routes=routes,
            )
        )
    if not types or "practice" in types:
        parts.append(
            _matching(
                "practice",
                record=Practice,
                corridors=PracticeCorridor,
                corridor_owner=PracticeCorridor.practice_id,
                routes_table=PracticeRoute,
                route_owner=PracticeRoute.practice_id,
                visible_cond=visible_practices(principal),
                countries=countries,
                routes=routes,
            )
        )
    both = union_all(*parts).subquery()
    total = await session.scalar(select(func.count()).select_from(both)) or 0
    page = (
        await session.execute(
            select(both.c.type, both.c.id)
            .order_by(both.c.type, both.c.title, both.c.id)
            .limit(limit)
            .offset(offset)
        )
    ).all()
    loaded: dict[tuple[str, int], LinkedRecord] = {}
    initiative_ids = [i for k, i in page if k == "initiative"]
    practice_ids = [i for k, i in page if k == "practice"]
    if initiative_ids:
        for i in await session.scalars(select(Initiative).where(Initiative.id.in_(initiative_ids))):
            loaded[("initiative", i.id)] = _record("initiative", i)
    if practice_ids:
        for p in await session.scalars(select(Practice).where(Practice.id.in_(practice_ids))):
            loaded[("practice", p.id)] = _record("practice", p)
    return [loaded[(k, i)] for k, i in page], total

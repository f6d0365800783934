"""SQL of the editors' API: geometry checks by PostGIS, locked reads, writes. Never commits.

Every value is a bound parameter. Writes go to `geo.migration_route` and `geo.crossing_point`,
whose statement triggers bump `geo.data_revision`: feature ETags and cached tiles follow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from imap_kit.errors import Conflict, FieldError
from sqlalchemy import (
    Column,
    ColumnElement,
    FromClause,
    Integer,
    MetaData,
    RowMapping,
    Table,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.db import SRID
from map_api.editing.geometry import CheckedGeometry, invalid
from map_api.routes.models import CrossingPoint, MigrationRoute, RouteStatistic

ROUTE: Table = MigrationRoute.__table__  # type: ignore[assignment]
POINT: Table = CrossingPoint.__table__  # type: ignore[assignment]
STATISTIC: Table = RouteStatistic.__table__  # type: ignore[assignment]
SPATIAL_REF_SYS = Table("spatial_ref_sys", MetaData(schema="public"), Column("srid", Integer))
UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"
ROUND_TRIP_TOLERANCE = 1e-3  # in units of the source CRS: a millimetre, or 1/1000 degree


def _as_sent(geometry: CheckedGeometry) -> ColumnElement[Any]:
    parsed = func.ST_Force2D(func.ST_GeomFromGeoJSON(literal(geometry.geojson)))
    return func.ST_SetSRID(parsed, geometry.srid)


def geometry_sql(geometry: CheckedGeometry, *, multi: bool) -> ColumnElement[Any]:
    """The geometry as it is stored: 2D, WGS84 (converted when sent in another CRS)."""
    expr = _as_sent(geometry)
    if geometry.srid != SRID:
        expr = func.ST_Transform(expr, SRID)
    return func.ST_Multi(expr) if multi else expr


async def check_geometry(
    session: AsyncSession, geometry: CheckedGeometry, *, multi: bool, field: str = "body.geometry"
) -> None:
    """422 naming `field` with PostGIS's reason when it finds the geometry invalid; also when
    the CRS is unknown to PostGIS or a converted geometry leaves longitude/latitude range."""
    converted = geometry.srid != SRID
    if converted:
        known = await session.scalar(
            select(func.count())
            .select_from(SPATIAL_REF_SYS)
            .where(SPATIAL_REF_SYS.c.srid == geometry.srid)
        )
        if not known:
            reason = f"EPSG:{geometry.srid} is not a CRS PostGIS knows"
            raise invalid([FieldError(field="body.crs", reason=reason, value=geometry.srid)])
    both = select(
        geometry_sql(geometry, multi=multi).label("g"), _as_sent(geometry).label("sent")
    ).subquery()
    g = both.c.g
    # Converted and back: positions outside the source CRS's domain wrap around and come back
    # elsewhere (x = 3e7 in Web Mercator is a longitude of -90.5), so the distance shows them.
    drift = (
        func.ST_HausdorffDistance(both.c.sent, func.ST_Transform(g, geometry.srid))
        if converted
        else literal(0.0)
    )
    query = select(
        func.ST_IsValidReason(g),
        func.ST_XMin(g),
        func.ST_YMin(g),
        func.ST_XMax(g),
        func.ST_YMax(g),
        drift,
    )
    try:
        async with session.begin_nested():
            reason, west, south, east, north, moved = (await session.execute(query)).one()
    except DBAPIError as exc:
        message = str(exc.orig or exc).splitlines()[0].split(": ", 1)[-1][:300]
        raise invalid([FieldError(field=field, reason=f"PostGIS: {message}")]) from None
    if reason != "Valid Geometry":
        raise invalid([FieldError(field=field, reason=f"invalid geometry: {reason}")])
    inside = -180 <= west <= east <= 180 and -90 <= south <= north <= 90
    if converted and not (inside and moved is not None and moved <= ROUND_TRIP_TOLERANCE):
        reason = (
            f"positions outside what EPSG:{geometry.srid} covers: they do not convert to "
            "longitude -180..180 / latitude -90..90"
        )
        raise invalid([FieldError(field=field, reason=reason)])


def _point_source() -> FromClause:
    return POINT.outerjoin(ROUTE, POINT.c.route_id == ROUTE.c.id)


def _read_query(table: Table) -> Any:
    geojson = func.ST_AsGeoJSON(table.c.geom).label("geojson")
    if table is POINT:
        route = ROUTE.c.slug.label("route")
        return select(*POINT.c, route, geojson).select_from(_point_source())
    return select(*table.c, geojson)


async def read(session: AsyncSession, table: Table, record_id: int) -> RowMapping | None:
    """One record's columns, `geojson` of its geometry (and `route`, a point's route slug)."""
    query = _read_query(table).where(table.c.id == record_id)
    return (await session.execute(query)).mappings().first()


async def read_visible(
    session: AsyncSession, table: Table, record_id: int, visible: ColumnElement[bool]
) -> RowMapping | None:
    """One record if the caller may see it."""
    query = _read_query(table).where(table.c.id == record_id, visible)
    return (await session.execute(query)).mappings().first()


async def lock(
    session: AsyncSession, table: Table, record_id: int, visible: ColumnElement[bool]
) -> RowMapping | None:
    """The record if the caller may see it, locked so concurrent writers queue behind us."""
    query = _read_query(table).where(table.c.id == record_id, visible)
    query = query.with_for_update(of=table)
    return (await session.execute(query)).mappings().first()


async def find(
    session: AsyncSession,
    table: Table,
    where: list[ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
) -> tuple[list[RowMapping], int]:
    """A page of records (newest change first) and how many match."""
    query = _read_query(table).where(*where)
    ordered = query.order_by(table.c.updated_at.desc(), table.c.id.desc())
    rows = (await session.execute(ordered.limit(limit).offset(offset))).mappings().all()
    source = _point_source() if table is POINT else table
    total = await session.scalar(select(func.count()).select_from(source).where(*where))
    return list(rows), int(total or 0)


async def slug_taken(
    session: AsyncSession, table: Table, slug: str, *, other_than: int | None
) -> bool:
    """True when another record of `table` uses `slug`."""
    query = select(table.c.id).where(table.c.slug == slug)
    if other_than is not None:
        query = query.where(table.c.id != other_than)
    return await session.scalar(query) is not None


async def route_id(session: AsyncSession, slug: str, visible: ColumnElement[bool]) -> int | None:
    """The id of the route with `slug` the caller may see."""
    return await session.scalar(select(ROUTE.c.id).where(ROUTE.c.slug == slug, visible))


async def route_dependents(session: AsyncSession, record_id: int) -> tuple[int, int]:
    """How many monthly statistics and crossing points refer to a route."""
    stats = await session.scalar(
        select(func.count()).select_from(STATISTIC).where(STATISTIC.c.route_id == record_id)
    )
    points = await session.scalar(
        select(func.count()).select_from(POINT).where(POINT.c.route_id == record_id)
    )
    return int(stats or 0), int(points or 0)


async def _guarded(session: AsyncSession, write: Callable[[], Awaitable[Any]], what: str) -> Any:
    """Run a write in a savepoint; a duplicate slug or a dangling reference becomes a 409."""
    try:
        async with session.begin_nested():
            return await write()
    except IntegrityError as exc:
        state = getattr(exc.orig, "sqlstate", None) or getattr(
            getattr(exc.orig, "__cause__", None), "sqlstate", None
        )
        if state == UNIQUE_VIOLATION:
            raise Conflict(f"Another {what} already uses this slug.") from None
        if state == FOREIGN_KEY_VIOLATION:
            raise Conflict(f"Other records refer to this {what}.") from None
        raise


async def add(session: AsyncSession, table: Table, values: dict[str, Any], what: str) -> int:
    """Insert a record; its id."""

    async def write() -> int:
        return int(
            (
                await session.execute(insert(table).values(**values).returning(table.c.id))
            ).scalar_one()
        )

    return int(await _guarded(session, write, what))


async def change(
    session: AsyncSession, table: Table, record_id: int, values: dict[str, Any], what: str
) -> None:
    """Update a record, bump its row version and its `updated_at`."""
    values = {**values, "row_version": table.c.row_version + 1, "updated_at": func.now()}

    async def write() -> None:
        await session.execute(update(table).where(table.c.id == record_id).values(**values))

    await _guarded(session, write, what)


async def remove(session: AsyncSession, table: Table, record_id: int, what: str) -> None:
    """Delete a record."""

    async def write() -> None:
        await session.execute(delete(table).where(table.c.id == record_id))

    await _guarded(session, write, what)

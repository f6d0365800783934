"""SQL of the feature endpoints: pages of features serialised to GeoJSON by PostGIS, rows for
CSV, single features and collection extents. Every value is a bound parameter; every column
comes from the collection registry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from imap_kit.auth import Principal
from imap_kit.geo import BBox
from sqlalchemy import (
    JSON,
    ColumnElement,
    Select,
    Text,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from map_api.db import SRID
from map_api.features import temporal
from map_api.features.caching import tier
from map_api.features.params import ItemsQuery
from map_api.features.registry import Collection, Column, Prop

DECIMALS = 5  # ~1 m at the equator


async def read_only(session: AsyncSession) -> None:
    """Let the request's reads run without a transaction: no BEGIN and COMMIT around them, two
    round trips fewer (each statement sees the data committed when it starts, as in the default
    READ COMMITTED transaction). Only for a session that procures its connection itself and has
    not begun; one bound to a caller's connection (a test's rolled-back transaction) is left as
    it is."""
    if isinstance(session.bind, AsyncEngine) and not session.in_transaction():
        await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _geometry(collection: Collection, simplify: float | None) -> Column | None:
    geom = collection.geometry
    if geom is None or not collection.geometry_output:
        return None
    if simplify and collection.simplifiable:
        return func.ST_SimplifyPreserveTopology(geom, simplify)
    return geom


_MADE: dict[tuple[Any, ...], tuple[Collection, Any]] = {}
MADE_KEPT = 512


def _made(collection: Collection, shape: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """An expression built once per collection and shape, then reused: SQLAlchemy then neither
    builds it nor computes its cache key again (a fifth of a single feature's time)."""
    key = (id(collection), *shape)
    found = _MADE.get(key)
    if found is None or found[0] is not collection:
        if len(_MADE) >= MADE_KEPT:
            _MADE.clear()
        found = _MADE[key] = (collection, build())
    return found[1]


def _names(props: list[Prop] | None) -> tuple[str, ...] | None:
    return None if props is None else tuple(p.name for p in props)


def feature_json(
    collection: Collection, props: list[Prop] | None, simplify: float | None
) -> ColumnElement[str]:
    """One GeoJSON Feature per row, built in PostgreSQL, as text."""
    return _made(
        collection,
        ("feature", _names(props), simplify),
        lambda: _feature_json(collection, props, simplify),
    )


def _feature_json(
    collection: Collection, props: list[Prop] | None, simplify: float | None
) -> ColumnElement[str]:
    chosen = collection.properties if props is None else props
    pairs: list[Any] = []
    for prop in chosen:
        pairs += [literal(prop.name), prop.column]
    properties = func.json_build_object(*pairs) if pairs else cast(literal("{}"), JSON)
    geom = _geometry(collection, simplify)
    geometry = cast(func.ST_AsGeoJSON(geom, DECIMALS), JSON) if geom is not None else None
    members: list[Any] = ["type", "Feature", "id", collection.id_column]
    if collection.bbox_column is not None:
        members += ["bbox", collection.bbox_column]
    members += ["geometry", geometry, "properties", properties]
    return func.json_build_object(*members).cast(Text)


def _box(b: BBox) -> ColumnElement[Any]:
    return func.ST_MakeEnvelope(b.minx, b.miny, b.maxx, b.maxy, SRID)


def conditions(
    collection: Collection, query: ItemsQuery, principal: Principal
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of an items request (visibility first)."""
    out: list[ColumnElement[bool]] = []
    if collection.visibility is not None:
        out.append(collection.visibility(principal))
    if query.bbox is not None and collection.geometry is not None:
        geom = collection.geometry
        out.append(or_(*(func.ST_Intersects(geom, _box(part)) for part in query.bbox.parts())))
    if query.when is not None and collection.temporal is not None:
        when = temporal.condition(collection.temporal, query.when)
        if when is not None:
            out.append(when)
    out += [prop.column == value for prop, value in query.equals]
    if query.filter is not None:
        out.append(query.filter)
    return out


def _ordered(stmt: Select[Any], collection: Collection, query: ItemsQuery) -> Select[Any]:
    order = [p.column.desc() if desc else p.column.asc() for p, desc in query.sortby]
    return stmt.order_by(*order, collection.id_column).limit(query.limit).offset(query.offset)


async def page(
    session: AsyncSession, collection: Collection, query: ItemsQuery, principal: Principal
) -> tuple[list[str], int]:
    """A page of features as GeoJSON texts, and how many features match in all."""
    await read_only(session)
    where = conditions(collection, query, principal)
    feature = feature_json(collection, query.properties, query.simplify)
    stmt = select(feature).select_from(collection.source).where(*where)
    rows = list(await session.scalars(_ordered(stmt, collection, query)))
    if query.offset == 0 and len(rows) < query.limit:
        return rows, len(rows)  # the whole result is on this page: no count needed
    count = select(func.count()).select_from(collection.source).where(*where)
    return rows, int(await session.scalar(count) or 0)


async def rows(
    session: AsyncSession, collection: Collection, query: ItemsQuery, principal: Principal
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Header and rows of a page for CSV: id, the properties, then the geometry as WKT."""
    props = list(collection.properties if query.properties is None else query.properties)
    columns: list[Any] = [collection.id_column.label("id")]
    columns += [p.column.label(p.name) for p in props]
    header = ["id", *(p.name for p in props)]
    geom = _geometry(collection, query.simplify)
    if geom is not None:
        columns.append(func.ST_AsText(geom, DECIMALS).label("wkt"))
        header.append("geometry_wkt")
    where = conditions(collection, query, principal)
    await read_only(session)
    stmt = select(*columns).select_from(collection.source).where(*where)
    result = await session.execute(_ordered(stmt, collection, query))
    return header, [tuple(r) for r in result]


async def count(
    session: AsyncSession, collection: Collection, query: ItemsQuery, principal: Principal
) -> int:
    """How many features match."""
    await read_only(session)
    where = conditions(collection, query, principal)
    return int(
        await session.scalar(select(func.count()).select_from(collection.source).where(*where)) or 0
    )


def feature_id_value(collection: Collection, feature_id: str) -> Any | None:
    """The id as its column type (None when it cannot be one)."""
    if collection.id_type == "integer":
        return int(feature_id) if feature_id.isdigit() and len(feature_id) < 19 else None
    return feature_id


async def one(
    session: AsyncSession,
    collection: Collection,
    feature_id: Any,
    principal: Principal,
    props: list[Prop] | None,
    simplify: float | None,
) -> str | None:
    """One feature as GeoJSON text, or None when missing or not visible."""
    await read_only(session)

    def build() -> Select[Any]:
        stmt = (
            select(feature_json(collection, props, simplify))
            .select_from(collection.source)
            .where(collection.id_column == bindparam("feature_id"))
        )
        if collection.visibility is not None:
            stmt = stmt.where(collection.visibility(principal))
        return stmt

    stmt = _made(collection, ("one", tier(principal), _names(props), simplify), build)
    return await session.scalar(stmt, {"feature_id": feature_id})


async def extent(
    session: AsyncSession, collection: Collection
) -> tuple[list[float] | None, tuple[date | None, date | None] | None]:
    """Spatial (west, south, east, north) and temporal (first, last day) extents of all rows."""
    columns: list[Any] = []
    if collection.geometry is not None:
        box = func.ST_Extent(collection.geometry)
        columns += [func.ST_XMin(box), func.ST_YMin(box), func.ST_XMax(box), func.ST_YMax(box)]
    t = collection.temporal
    if t is not None:
        last = t.end if t.end is not None else t.start
        columns += [func.min(t.start), func.max(last), func.count(t.end) if t.end is not None
                    else literal(1), func.count()]  # fmt: skip
    if not columns:
        return None, None
    await read_only(session)
    row = tuple((await session.execute(select(*columns).select_from(collection.source))).one())
    spatial = None
    if collection.geometry is not None:
        spatial = [round(float(v), 6) for v in row[:4]] if row[0] is not None else None
        row = row[4:]
    interval = None
    if t is not None:
        first, last_day, ended, total = row
        open_end = t.end is not None and ended < total
        interval = (first, None if open_end else last_day)
    return spatial, interval

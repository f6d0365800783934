"""SQL of the feature endpoints: pages of features serialised to GeoJSON by PostGIS, rows for
CSV, single features and collection extents. Every value is a bound parameter; every column
comes from the collection registry."""

from __future__ import annotations

from datetime import date
from typing import Any

from imap_kit.auth import Principal
from imap_kit.geo import BBox
from sqlalchemy import JSON, ColumnElement, Select, Text, cast, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.db import SRID
from map_api.features import temporal
from map_api.features.params import ItemsQuery
from map_api.features.registry import Collection, Column, Prop

DECIMALS = 5  # ~1 m at the equator


def _geometry(collection: Collection, simplify: float | None) -> Column | None:
    geom = collection.geometry
    if geom is None or not collection.geometry_output:
        return None
    if simplify and collection.simplifiable:
        return func.ST_SimplifyPreserveTopology(geom, simplify)
    return geom


def feature_json(
    collection: Collection, props: list[Prop] | None, simplify: float | None
) -> ColumnElement[str]:
    """One GeoJSON Feature per row, built in PostgreSQL, as text."""
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
    stmt = select(*columns).select_from(collection.source).where(*where)
    result = await session.execute(_ordered(stmt, collection, query))
    return header, [tuple(r) for r in result]


async def count(
    session: AsyncSession, collection: Collection, query: ItemsQuery, principal: Principal
) -> int:
    """How many features match."""
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
    stmt = (
        select(feature_json(collection, props, simplify))
        .select_from(collection.source)
        .where(collection.id_column == feature_id)
    )
    if collection.visibility is not None:
        stmt = stmt.where(collection.visibility(principal))
    return await session.scalar(stmt)


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

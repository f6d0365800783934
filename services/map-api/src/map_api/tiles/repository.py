"""SQL of vector tiles: each layer one `ST_AsMVT` over `ST_AsMVTGeom` of the rows whose
geometry meets the tile (plus a buffer), the layers of a tile concatenated in one statement.

Tile coordinates, layer names and every filter value are bound parameters; columns come from the
registry. Collections with Web Mercator copies (boundaries, regions) filter on the indexed full
copy and draw the simplified one for the zoom; the others filter in EPSG:4326 with the tile's
envelope transformed once, and transform only the rows that meet it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, Select, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.db import MERCATOR, SRID
from map_api.tiles.layers import Layer
from map_api.tiles.matrix import BUFFER, EXTENT, TileId

HALF_WORLD = 20037508.342789244
EMPTY = literal(b"", LargeBinary)


def _bounds() -> ColumnElement[Any]:
    return func.ST_MakeEnvelope(-HALF_WORLD, -HALF_WORLD, HALF_WORLD, HALF_WORLD, MERCATOR)


def envelope(tile: TileId, margin: float = 0.0) -> ColumnElement[Any]:
    """The tile's square in Web Mercator, optionally grown by `margin` (a fraction of a side)."""
    return func.ST_TileEnvelope(tile.z, tile.x, tile.y, _bounds(), margin)


def layer_rows(layer: Layer, tile: TileId, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """The rows of one layer in a tile: attributes and the MVT geometry (tile coordinates)."""
    grown = envelope(tile, BUFFER / EXTENT)
    if layer.mercator is not None:
        meets = layer.mercator.full.bool_op("&&")(grown)
        drawn: Any = layer.mercator.for_zoom(tile.z)
    else:
        meets = layer.geometry.bool_op("&&")(func.ST_Transform(grown, SRID))
        drawn = func.ST_Transform(layer.geometry, MERCATOR)
    geom = func.ST_AsMVTGeom(drawn, envelope(tile), EXTENT, BUFFER, True).label("geom")
    stmt = (
        select(*(a.sql.label(a.name) for a in layer.attributes), geom)
        .select_from(layer.collection.source)
        .where(meets, *where)
    )
    if layer.group_by:
        stmt = stmt.group_by(*layer.group_by)
    return stmt


def layer_mvt(layer: Layer, tile: TileId, where: Sequence[ColumnElement[bool]]) -> Any:
    """One layer as MVT bytes (empty when no feature is drawn in the tile)."""
    rows = layer_rows(layer, tile, where).subquery("t")
    mvt = func.ST_AsMVT(rows.table_valued(), literal(layer.id), EXTENT, "geom", type_=LargeBinary)
    inner = select(mvt).select_from(rows).where(rows.c.geom.is_not(None)).scalar_subquery()
    return func.coalesce(inner, EMPTY)


async def tile(
    session: AsyncSession,
    layers: Sequence[tuple[Layer, Sequence[ColumnElement[bool]]]],
    tile_id: TileId,
) -> bytes:
    """The MVT bytes of `layers` (each with its conditions) in one tile, in one statement."""
    parts = [layer_mvt(layer, tile_id, where) for layer, where in layers]
    body: Any = parts[0]
    for part in parts[1:]:
        body = body.op("||", return_type=LargeBinary)(part)
    return bytes(await session.scalar(select(body)) or b"")

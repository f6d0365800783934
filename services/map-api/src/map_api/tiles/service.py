"""Vector tiles: the tilesets (one per collection, one multi-layer set for the web map), their
documents (tileset lists, OGC tileset metadata, TileJSON 3.0) and the tiles themselves, rendered
by PostGIS and kept in the in-process LRU cache under keys that carry the data revisions."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from imap_kit.auth import Principal
from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from map_api import __version__
from map_api.features import params, temporal
from map_api.features import repository as features_repository
from map_api.features import service as features_service
from map_api.features.caching import make_etag, tier
from map_api.features.collections import COLLECTIONS, NE, OURS
from map_api.features.exceptions import InvalidParameter
from map_api.features.params import ItemsQuery
from map_api.features.registry import Collection
from map_api.tiles import repository
from map_api.tiles.cache import CachedTile, TileCache
from map_api.tiles.layers import BASEMAP, BASEMAP_COLLECTIONS, Layer, collection_layer
from map_api.tiles.matrix import (
    CRS84,
    CRS_3857,
    MAX_ZOOM,
    MERCATOR_LAT,
    MVT,
    REL_TILING_SCHEME,
    TMS,
    TMS_ID,
    TileId,
    limits,
)

JSON = "application/json"
TILEJSON = "tilejson"
CENTER = [35.0, 50.0, 3]  # the Prague Process region
WORLD = [-180.0, -MERCATOR_LAT, 180.0, MERCATOR_LAT]
TILE_PATH = "{tileMatrix}/{tileRow}/{tileCol}"
XYZ_PATH = "{z}/{y}/{x}"


@dataclass(frozen=True)
class Tileset:
    """A set of vector tiles on WebMercatorQuad: its layers and where it lives."""

    key: str  # cache namespace: "dataset" or the collection id
    title: str
    description: str
    attribution: str
    layers: tuple[Layer, ...]
    tables: tuple[str, ...]  # whose revisions tag the tiles
    path: str  # under /v1: "/tiles" or "/collections/{id}/tiles"
    collection: Collection | None = None

    def url(self, base: str) -> str:
        """The tileset metadata URL."""
        return f"{base}{self.path}/{TMS_ID}"


DATASET = Tileset(
    key="dataset",
    title="i-Map web map: countries, labels, capitals, routes and crossing points",
    description=(
        "The web map's basemap and data layers in one tile: countries (outlines, role "
        "scope/context, Prague Process group, English and Russian names), country-labels "
        "(label points), capitals, routes (indicative lines) and crossing-points. "
        "`collections=countries,routes` keeps only those collections' layers; `datetime` keeps "
        "the routes in use then."
    ),
    attribution=f"{NE} {OURS}",
    layers=BASEMAP,
    tables=tuple(sorted({t for c in BASEMAP_COLLECTIONS for t in COLLECTIONS[c].tables})),
    path="/tiles",
)


def collection_tileset(collection: Collection) -> Tileset:
    """The tileset of one collection: one layer named after it."""
    return Tileset(
        key=collection.id,
        title=collection.title,
        description=collection.description,
        attribution=collection.attribution,
        layers=(collection_layer(collection),),
        tables=collection.tables,
        path=f"/collections/{collection.id}/tiles",
        collection=collection,
    )


# ---- documents ------------------------------------------------------------------------------


def _query(query_params: QueryParams, drop: Sequence[str] = ("f",)) -> str:
    """The request's own parameters, passed on to tile URLs (`?datetime=2023-05`)."""
    kept = [(k, v) for k, v in query_params.multi_items() if k not in drop]
    return ("?" + urlencode(kept)) if kept else ""


def _summary(tileset: Tileset, base: str) -> dict[str, Any]:
    url = tileset.url(base)
    return {
        "title": tileset.title,
        "dataType": "vector",
        "crs": CRS_3857,
        "tileMatrixSetURI": str(TMS.uri),
        "links": [
            {"href": url, "rel": "self", "type": JSON, "title": f"{tileset.title} ({TMS_ID})"},
            {"href": f"{base}/tileMatrixSets/{TMS_ID}", "rel": REL_TILING_SCHEME, "type": JSON},
        ],
    }


def tilesets_list(tileset: Tileset, base: str) -> dict[str, Any]:
    """The tilesets of a collection or of the dataset (one: WebMercatorQuad)."""
    return {
        "links": [{"href": f"{base}{tileset.path}", "rel": "self", "type": JSON}],
        "tilesets": [_summary(tileset, base)],
    }


async def bounds(
    session: AsyncSession, tileset: Tileset, live: Mapping[str, int] | None = None
) -> list[float]:
    """West, south, east, north of the data (latitudes within the Web Mercator square)."""
    collections = {layer.collection.id: layer.collection for layer in tileset.layers}
    boxes = []
    for collection in collections.values():
        if collection.id not in COLLECTIONS:
            continue  # flows: not in the database
        revision = await features_service.tables_revision(session, collection.tables, live)
        extent = await features_service.extent(session, collection, revision)
        boxes += extent.get("spatial", {}).get("bbox", [])
    if not boxes:
        return list(WORLD)
    return [
        max(min(b[0] for b in boxes), -180.0),
        max(min(b[1] for b in boxes), -MERCATOR_LAT),
        min(max(b[2] for b in boxes), 180.0),
        min(max(b[3] for b in boxes), MERCATOR_LAT),
    ]


def tileset_doc(
    tileset: Tileset, base: str, box: Sequence[float], query_params: QueryParams
) -> dict[str, Any]:
    """OGC tileset metadata (2D TMS 2.0 JSON): layers, limits, bounding box and links."""
    url, query = tileset.url(base), _query(query_params)
    links = [
        {"href": url, "rel": "self", "type": JSON, "title": "This tileset"},
        {
            "href": f"{url}/tilejson.json{query}",
            "rel": "alternate",
            "type": JSON,
            "title": "TileJSON 3.0",
        },
        {
            "href": f"{base}/tileMatrixSets/{TMS_ID}",
            "rel": REL_TILING_SCHEME,
            "type": JSON,
            "title": TMS.title,
        },
        {
            "href": f"{url}/{TILE_PATH}{query}",
            "rel": "item",
            "type": MVT,
            "templated": True,
            "title": "Mapbox vector tiles",
        },
    ]
    if tileset.collection is not None:
        links.append(
            {
                "href": f"{base}/collections/{tileset.collection.id}",
                "rel": "collection",
                "type": JSON,
                "title": tileset.collection.title,
            }
        )
    else:
        links.append({"href": f"{base}/collections", "rel": "data", "type": JSON})
    return {
        "title": tileset.title,
        "description": tileset.description,
        "attribution": tileset.attribution,
        "dataType": "vector",
        "crs": CRS_3857,
        "tileMatrixSetURI": str(TMS.uri),
        "tileMatrixSetLimits": limits(),
        "boundingBox": {"lowerLeft": list(box[:2]), "upperRight": list(box[2:]), "crs": CRS84},
        "centerPoint": {"coordinates": CENTER[:2], "crs": CRS84, "tileMatrix": str(CENTER[2])},
        "layers": [
            {
                "id": layer.id,
                "title": layer.title,
                "description": layer.description,
                "dataType": "vector",
                "geometryDimension": layer.dimension,
                "minTileMatrix": "0",
                "maxTileMatrix": str(MAX_ZOOM),
                "propertiesSchema": layer.properties_schema(),
            }
            for layer in tileset.layers
        ],
        "links": links,
    }


def tilejson(
    tileset: Tileset, base: str, box: Sequence[float], query_params: QueryParams
) -> dict[str, Any]:
    """TileJSON 3.0.0 with absolute tile URLs (as the client reached us: through the gateway)."""
    return {
        "tilejson": "3.0.0",
        "name": tileset.title,
        "description": tileset.description,
        "version": __version__,
        "attribution": tileset.attribution,
        "scheme": "xyz",
        "tiles": [f"{tileset.url(base)}/{XYZ_PATH}{_query(query_params)}"],
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": list(box),
        "center": CENTER,
        "vector_layers": [
            {
                "id": layer.id,
                "description": layer.title,
                "minzoom": 0,
                "maxzoom": MAX_ZOOM,
                "fields": layer.fields(),
            }
            for layer in tileset.layers
        ],
    }


def wants_tilejson(f: str | None) -> bool:
    """`f=tilejson` on the tileset metadata answers TileJSON; `f=json` (default) OGC's."""
    if f in (None, "json"):
        return False
    if f == TILEJSON:
        return True
    raise InvalidParameter("f", "must be json or tilejson", f)


# ---- tile requests --------------------------------------------------------------------------

Where = list[ColumnElement[bool]]


def _check_mvt(query_params: QueryParams) -> None:
    f = query_params.get("f")
    if f is not None and f != "mvt":
        raise InvalidParameter("f", "tiles are Mapbox vector tiles: f=mvt (or nothing)", f)


def _check_known(query_params: QueryParams, known: set[str]) -> None:
    for name in query_params:
        if name not in known:
            raise InvalidParameter(
                name,
                f"unknown parameter; this endpoint accepts: {', '.join(sorted(known))}",
                query_params.get(name),
            )


def collection_query(collection: Collection, query_params: QueryParams) -> ItemsQuery:
    """The filters of a collection's tiles: `datetime`, `?name=value`, CQL2 `filter`."""
    known = {"f", "datetime", *params.FILTER, *collection.queryables, *collection.extra_params}
    _check_known(query_params, known)
    _check_mvt(query_params)
    raw_when = query_params.get("datetime")
    return ItemsQuery(
        when=temporal.parse_datetime(raw_when) if raw_when is not None else None,
        equals=params.parse_equals(collection, query_params),
        filter=features_service.parse_filter(
            collection,
            query_params.get("filter"),
            query_params.get("filter-lang"),
            query_params.get("filter-crs"),
        ),
    )


def collection_layers(
    tileset: Tileset, query: ItemsQuery, principal: Principal
) -> list[tuple[Layer, Where]]:
    """The collection's layer with its conditions (visibility first)."""
    assert tileset.collection is not None
    where = features_repository.conditions(tileset.collection, query, principal)
    return [(layer, where) for layer in tileset.layers]


def dataset_layers(query_params: QueryParams, principal: Principal) -> list[tuple[Layer, Where]]:
    """The web map's layers kept by `collections`, with visibility and `datetime` conditions."""
    _check_known(query_params, {"f", "datetime", "collections"})
    _check_mvt(query_params)
    chosen = set(BASEMAP_COLLECTIONS)
    raw = query_params.get("collections")
    if raw is not None:
        chosen = {c.strip() for c in raw.split(",") if c.strip()}
        unknown = sorted(chosen - set(BASEMAP_COLLECTIONS))
        if unknown or not chosen:
            raise InvalidParameter(
                "collections",
                f"must name some of: {', '.join(BASEMAP_COLLECTIONS)}"
                + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
                raw,
            )
    raw_when = query_params.get("datetime")
    when = temporal.parse_datetime(raw_when) if raw_when is not None else None
    out = []
    for layer in BASEMAP:
        collection = layer.collection
        if collection.id not in chosen:
            continue
        where: Where = []
        if collection.visibility is not None:
            where.append(collection.visibility(principal))
        if when is not None and collection.temporal is not None:
            condition = temporal.condition(collection.temporal, when)
            if condition is not None:
                where.append(condition)
        out.append((layer, where))
    return out


@dataclass(frozen=True)
class TileKey:
    """What a tile's content depends on (also what its ETag hashes)."""

    tileset: str
    tile: TileId
    query: str
    revision: str
    tier: str
    extra: str = ""

    def etag(self) -> str:
        """A weak ETag of this tile."""
        parts = [__version__, "mvt", self.tileset, str(self.tile.z), str(self.tile.y),
                 str(self.tile.x), self.query, self.revision, self.tier, self.extra]  # fmt: skip
        return make_etag(parts)


async def tile_key(
    session: AsyncSession,
    tileset: Tileset,
    tile: TileId,
    query_params: QueryParams,
    principal: Principal,
    extra: str = "",
    live: Mapping[str, int] | None = None,
) -> TileKey:
    """The key of a tile request: the revisions of its tables (in memory, or one small query)."""
    revision = (
        await features_service.tables_revision(session, tileset.tables, live)
        if tileset.tables
        else ""
    )
    return TileKey(tileset.key, tile, _query(query_params), revision, tier(principal), extra)


StatementKey = tuple[str, int, str, str, str]  # tileset, zoom, query, tier, extra
_STATEMENTS: OrderedDict[StatementKey, Select[Any]] = OrderedDict()
STATEMENTS_KEPT = 512


def tile_statement(key: TileKey, layers: list[tuple[Layer, Where]]) -> Select[Any]:
    """The statement of a tile request: made once for its tileset, zoom, filters and access
    tier (what the SQL depends on besides the tile's column and row), then reused, so that
    SQLAlchemy neither builds nor compiles it again (a quarter of a rendered tile's time)."""
    wanted: StatementKey = (key.tileset, key.tile.z, key.query, key.tier, key.extra)
    found = _STATEMENTS.get(wanted)
    if found is None:
        found = _STATEMENTS[wanted] = repository.statement(layers, key.tile.z)
        if len(_STATEMENTS) > STATEMENTS_KEPT:
            _STATEMENTS.popitem(last=False)
    else:
        _STATEMENTS.move_to_end(wanted)
    return found


async def tile_content(
    session: AsyncSession,
    cache: TileCache,
    key: TileKey,
    layers: list[tuple[Layer, Where]],
    query: ItemsQuery | None = None,
) -> tuple[CachedTile, str]:
    """The tile from the cache, or rendered (and kept); with `hit`, `miss` or `off`."""
    found = cache.get(key)
    if found is not None:
        return found, "hit"
    async with features_service.evaluating(query or ItemsQuery()):
        body = await repository.tile(session, tile_statement(key, layers), key.tile)
    rendered = CachedTile(body)
    cache.put(key, rendered)
    return rendered, "miss" if cache.enabled else "off"

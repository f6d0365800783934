"""OGC API - Tiles endpoints under `/v1` (tag `ogc-tiles`): tile matrix sets, the tilesets of
each collection and of the web map, TileJSON, and Mapbox vector tiles.

Tiles carry an ETag (data revisions, request, access tier) and Cache-Control, answer 304 to a
matching `If-None-Match` before anything is rendered, come from the in-process cache when hot
(`X-Tile-Cache: hit|miss|off`), gzip-encoded when the client accepts it. A tile without any
feature is `204 No Content` (OGC API - Tiles: "204 in the case of empty tiles"; MapLibre and
GDAL draw nothing). A zoom outside WebMercatorQuad (0-24) or a non-integer segment is a 400,
a zoom beyond 16 or a row or column beyond 2^zoom - 1 a 404, an unknown tile matrix set a 404.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from imap_kit.auth import Principal, PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import responses, validation_errors
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from map_api.features import caching, links
from map_api.features import service as features_service
from map_api.features.collections import COLLECTIONS
from map_api.features.exceptions import CollectionNotFound, InvalidParameter
from map_api.features.params import ItemsQuery
from map_api.tiles import matrix, service
from map_api.tiles.cache import TileCache
from map_api.tiles.exceptions import InvalidTile, TileMatrixSetNotFound, TileOutOfRange
from map_api.tiles.schemas import (
    TileJSON,
    TileMatrixSets,
    TileSetMetadata,
    TileSets,
)
from map_api.tiles.service import Tileset, Where

TAG = "ogc-tiles"
GZIP_MINIMUM = 1024  # the kit's GZipMiddleware minimum_size


class TilesRoute(APIRoute):
    """Validation errors become 400 problems naming the path segment or query parameter."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = validation_errors(exc)
                first = errors[0]
                if first.field.startswith("path."):
                    raise InvalidTile(errors) from None
                name = first.field.removeprefix("query.")
                raise InvalidParameter(name, first.reason, first.value) from None

        return route


router = APIRouter(prefix="/v1", tags=[TAG], route_class=TilesRoute)

TmsId = Annotated[
    str,
    Path(
        alias="tileMatrixSetId",
        description="Tile matrix set: WebMercatorQuad (the only one offered).",
        json_schema_extra={"enum": [matrix.TMS_ID]},
        examples=[matrix.TMS_ID],
    ),
]
CollectionId = Annotated[
    str,
    Path(
        alias="collectionId",
        description="Collection id.",
        json_schema_extra={"enum": [*COLLECTIONS, "flows"]},
        examples=["routes"],
    ),
]
TileMatrix = Annotated[
    int, Path(alias="tileMatrix", description="Zoom level (0-16).", examples=[4])
]
TileRow = Annotated[int, Path(alias="tileRow", description="Row (y), 0 at the top.", examples=[5])]
TileCol = Annotated[
    int, Path(alias="tileCol", description="Column (x), 0 at 180 degrees west.", examples=[9])
]
Datetime = Annotated[
    str | None,
    Query(
        description="A month (`2023-05`), a date, an instant or an interval (`2023-01/2023-12`, "
        "`..` open): route statistics sum those months, routes keep those in use.",
        examples=["2023-05"],
    ),
]
MetadataFormat = Annotated[
    Literal["json", "tilejson"] | None,
    Query(description="json: OGC tileset metadata (default); tilejson: TileJSON 3.0."),
]
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: `If-None-Match` named the current ETag."}
}
TILE_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A Mapbox vector tile (gzip-encoded when the client accepts it).",
        "content": {matrix.MVT: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "X-Tile-Cache": {
                "description": "hit: from the in-process cache; miss: rendered now; off: "
                "the cache is turned off (MAP_TILE_CACHE=false).",
                "schema": {"type": "string", "enum": ["hit", "miss", "off"]},
            }
        },
    },
    204: {"description": "No feature in this tile (an empty tile)."},
    **NOT_MODIFIED,
    **responses(InvalidTile, InvalidParameter, TileOutOfRange, TileMatrixSetNotFound),
}
DOC_ERRORS = {**responses(InvalidParameter, TileMatrixSetNotFound), **NOT_MODIFIED}
COLLECTION_ERRORS = {**DOC_ERRORS, **responses(CollectionNotFound)}


def _settings(request: Request) -> Any:
    return request.app.state.settings


def tile_headers(etag: str, principal: Principal, max_age: int) -> dict[str, str]:
    """ETag, Cache-Control and Vary of a tile."""
    control = f"public, max-age={max_age}" if not principal.authenticated else "private, no-cache"
    return {"ETag": etag, "Cache-Control": control, "Vary": "Accept-Encoding, " + caching.VARY}


async def send_tile(
    request: Request,
    session: AsyncSession,
    principal: Principal,
    tileset: Tileset,
    tile: matrix.TileId,
    layers: list[tuple[Any, Where]],
    query: ItemsQuery | None = None,
    extra: str = "",
) -> Response:
    """Answer a tile request: 304, or the tile from the cache or PostGIS (204 when empty)."""
    key = await service.tile_key(session, tileset, tile, request.query_params, principal, extra)
    etag = key.etag()
    headers = tile_headers(etag, principal, int(_settings(request).tile_max_age_seconds))
    if caching.is_fresh(request, etag):
        return Response(status_code=304, headers=headers)
    cache: TileCache = request.app.state.tile_cache
    cached, status = await service.tile_content(session, cache, key, layers, query)
    headers["X-Tile-Cache"] = status
    if not cached.body:
        return Response(status_code=204, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        before = cached.size
        body = cached.gzipped()
        cache.grew(key, before)
        headers["Content-Encoding"] = "gzip"
        return Response(body, media_type=matrix.MVT, headers=headers)
    if len(cached.body) >= GZIP_MINIMUM:
        headers["Vary"] = caching.VARY  # the kit's GZip middleware adds Accept-Encoding itself
    return Response(cached.body, media_type=matrix.MVT, headers=headers)


async def send_metadata(
    request: Request,
    session: AsyncSession,
    principal: Principal,
    tileset: Tileset,
    *,
    as_tilejson: bool,
    allowed: set[str],
    box: Sequence[float] | None = None,
) -> Response:
    """Tileset metadata (OGC) or TileJSON, with an ETag from the tables' revisions."""
    for name in request.query_params:
        if name not in allowed:
            raise InvalidParameter(
                name, f"unknown parameter; accepted: {', '.join(sorted(allowed))}"
            )
    revision = await features_service.tables_revision(session, tileset.tables)
    kind = "tilejson" if as_tilejson else "tileset"
    tag = features_service.etag(revision, links.self_url(request), kind, principal)
    max_age = int(_settings(request).feature_max_age_seconds)
    if caching.is_fresh(request, tag):
        return caching.not_modified(tag, principal, max_age)
    base = links.api_base(request)
    if box is None:
        box = await service.bounds(session, tileset)
    build = service.tilejson if as_tilejson else service.tileset_doc
    body = build(tileset, base, box, request.query_params)
    return JSONResponse(body, headers=caching.headers(tag, principal, max_age))


async def send_list(
    request: Request, session: AsyncSession, principal: Principal, tileset: Tileset
) -> Response:
    """The tilesets list of a collection or of the dataset."""
    for name in request.query_params:
        if name != "f":
            raise InvalidParameter(name, "unknown parameter; this endpoint accepts: f")
    tag = features_service.etag("", links.self_url(request), "tilesets", principal)
    max_age = int(_settings(request).feature_max_age_seconds)
    if caching.is_fresh(request, tag):
        return caching.not_modified(tag, principal, max_age)
    body = service.tilesets_list(tileset, links.api_base(request))
    return JSONResponse(body, headers=caching.headers(tag, principal, max_age))


def _collection_tileset(collection_id: str, tms_id: str | None = None) -> Tileset:
    found = features_service.get_collection(collection_id)
    if tms_id is not None:
        matrix.check_tms(tms_id)
    return service.collection_tileset(found)


@router.get("/tileMatrixSets", response_model=TileMatrixSets, responses=DOC_ERRORS)
async def tile_matrix_sets(request: Request, f: Literal["json"] | None = None) -> Response:
    """The tile matrix sets offered: WebMercatorQuad (EPSG:3857, Google Maps compatible)."""
    return JSONResponse(matrix.tms_list(links.api_base(request)))


@router.get(
    "/tileMatrixSets/{tileMatrixSetId}",
    responses={
        200: {
            "description": "The tile matrix set definition (OGC 2D TMS 2.0 JSON).",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **DOC_ERRORS,
    },
    response_class=JSONResponse,
)
async def tile_matrix_set(
    request: Request, tms_id: TmsId, f: Literal["json"] | None = None
) -> Response:
    """The WebMercatorQuad tile matrix set: its 25 tile matrices (zoom 0-24)."""
    matrix.check_tms(tms_id)
    return JSONResponse(matrix.tms_doc(links.api_base(request)))


@router.get("/tiles", response_model=TileSets, responses=DOC_ERRORS)
async def dataset_tilesets(
    request: Request, session: SessionDep, principal: PrincipalDep, f: Literal["json"] | None = None
) -> Response:
    """The web map's vector tilesets (one: WebMercatorQuad)."""
    return await send_list(request, session, principal, service.DATASET)


@router.get(
    "/tiles/{tileMatrixSetId}",
    response_model=TileSetMetadata,
    responses=DOC_ERRORS,
)
async def dataset_tileset(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tms_id: TmsId,
    f: MetadataFormat = None,
    datetime: Datetime = None,
    collections: Annotated[
        str | None, Query(description="Layers of these collections only (comma-separated).")
    ] = None,
) -> Response:
    """The web map's tileset: layers countries, country-labels, capitals, routes and
    crossing-points; `f=tilejson` for TileJSON. Parameters are passed on to the tile URLs."""
    matrix.check_tms(tms_id)
    return await send_metadata(
        request, session, principal, service.DATASET, as_tilejson=service.wants_tilejson(f),
        allowed={"f", "datetime", "collections"},
    )  # fmt: skip


@router.get("/tiles/{tileMatrixSetId}/tilejson.json", response_model=TileJSON, responses=DOC_ERRORS)
async def dataset_tilejson(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tms_id: TmsId,
    datetime: Datetime = None,
    collections: Annotated[
        str | None, Query(description="Layers of these collections only (comma-separated).")
    ] = None,
) -> Response:
    """TileJSON 3.0 of the web map's tiles: MapLibre takes
    `{"type": "vector", "url": "/api/map/v1/tiles/WebMercatorQuad/tilejson.json"}`; tile URLs
    are absolute, through the host and prefix the request came by."""
    matrix.check_tms(tms_id)
    return await send_metadata(
        request, session, principal, service.DATASET, as_tilejson=True,
        allowed={"datetime", "collections"},
    )  # fmt: skip


@router.get(
    "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
    response_class=Response,
    responses=TILE_ANSWERS,
)
async def dataset_tile(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tms_id: TmsId,
    z: TileMatrix,
    y: TileRow,
    x: TileCol,
    datetime: Datetime = None,
    collections: Annotated[
        str | None,
        Query(
            description="Layers of these collections only: countries (with country-labels), "
            "capitals, routes, crossing-points.",
            examples=["countries,routes"],
        ),
    ] = None,
) -> Response:
    """A tile of the web map: layers countries, country-labels, capitals, routes and
    crossing-points (Mapbox vector tile)."""
    matrix.check_tms(tms_id)
    tile = matrix.check_tile(z, y, x)
    layers = service.dataset_layers(request.query_params, principal)
    return await send_tile(request, session, principal, service.DATASET, tile, layers)


@router.get(
    "/collections/{collectionId}/tiles", response_model=TileSets, responses=COLLECTION_ERRORS
)
async def collection_tilesets(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    f: Literal["json"] | None = None,
) -> Response:
    """A collection's vector tilesets (one: WebMercatorQuad)."""
    tileset = _collection_tileset(collection_id)
    return await send_list(request, session, principal, tileset)


@router.get(
    "/collections/{collectionId}/tiles/{tileMatrixSetId}",
    response_model=TileSetMetadata,
    responses=COLLECTION_ERRORS,
)
async def collection_tileset(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    tms_id: TmsId,
    f: MetadataFormat = None,
    datetime: Datetime = None,
) -> Response:
    """A collection's tileset: its layer and attributes, limits, links to the tiles;
    `f=tilejson` for TileJSON. Tile parameters (`datetime`, `filter`, ...) are passed on."""
    tileset = _collection_tileset(collection_id, tms_id)
    assert tileset.collection is not None
    allowed = {
        "f",
        "datetime",
        "filter",
        "filter-lang",
        "filter-crs",
        *tileset.collection.queryables,
    }
    return await send_metadata(
        request, session, principal, tileset, as_tilejson=service.wants_tilejson(f),
        allowed=allowed,
    )  # fmt: skip


@router.get(
    "/collections/{collectionId}/tiles/{tileMatrixSetId}/tilejson.json",
    response_model=TileJSON,
    responses=COLLECTION_ERRORS,
)
async def collection_tilejson(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    tms_id: TmsId,
    datetime: Datetime = None,
) -> Response:
    """TileJSON 3.0 of a collection's tiles (parameters passed on to the tile URLs, e.g.
    `route-statistics/tiles/WebMercatorQuad/tilejson.json?datetime=2023-05`)."""
    tileset = _collection_tileset(collection_id, tms_id)
    assert tileset.collection is not None
    allowed = {"datetime", "filter", "filter-lang", "filter-crs", *tileset.collection.queryables}
    return await send_metadata(
        request, session, principal, tileset, as_tilejson=True, allowed=allowed
    )


COLLECTION_TILE_DOC = """A collection's features in one tile (Mapbox vector tile, layer named
after the collection; objects such as `sources` are left out, arrays comma-joined).

* `datetime`: routes in use then; on `route-statistics` the months whose detections are summed
  per route (`?datetime=2023-05` for one month, `2023-01/2023-12` for a year, none: all months).
* `?<property>=<value>` and `filter` (CQL2 text, or JSON with `filter-lang=cql2-json`) as on
  `/items`: `?nationality=SYR` counts Syrians only.
* Empty tiles are 204; zoom 0-16; gzip when accepted; ETag and 304.
"""


@router.get(
    "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
    response_class=Response,
    responses={**TILE_ANSWERS, **responses(CollectionNotFound)},
    description=COLLECTION_TILE_DOC,
    summary="A tile of a collection",
)
async def collection_tile(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    tms_id: TmsId,
    z: TileMatrix,
    y: TileRow,
    x: TileCol,
    datetime: Datetime = None,
    filter: Annotated[
        str | None,
        Query(description="A CQL2 filter.", examples=["nationality = 'SYR'"]),
    ] = None,
    filter_lang: Annotated[
        Literal["cql2-text", "cql2-json", "cql-text"],
        Query(alias="filter-lang", description="cql2-text (default) or cql2-json."),
    ] = "cql2-text",
) -> Response:
    """A tile of a collection."""
    tileset = _collection_tileset(collection_id, tms_id)
    assert tileset.collection is not None
    tile = matrix.check_tile(z, y, x)
    query = service.collection_query(tileset.collection, request.query_params)
    layers = service.collection_layers(tileset, query, principal)
    return await send_tile(request, session, principal, tileset, tile, layers, query)

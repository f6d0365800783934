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

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from imap_kit.auth import PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from starlette.responses import Response

from map_api.features import links
from map_api.features import service as features_service
from map_api.features.exceptions import CollectionNotFound
from map_api.tiles import matrix, service
from map_api.tiles.http import (
    COLLECTION_ERRORS,
    DOC_ERRORS,
    TILE_ANSWERS,
    CollectionId,
    Datetime,
    MetadataFormat,
    TileCol,
    TileMatrix,
    TileRow,
    TilesRoute,
    TmsId,
    send_list,
    send_metadata,
    send_tile,
)
from map_api.tiles.schemas import (
    TileJSON,
    TileMatrixSets,
    TileSetMetadata,
    TileSets,
)
from map_api.tiles.service import Tileset

TAG = "ogc-tiles"

router = APIRouter(prefix="/v1", tags=[TAG], route_class=TilesRoute)


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
    response_model=TileSetMetadata | TileJSON,
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
        check=lambda passed: service.dataset_layers(passed, principal),
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
        check=lambda passed: service.dataset_layers(passed, principal),
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
    response_model=TileSetMetadata | TileJSON,
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
    collection = tileset.collection
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
        allowed=allowed, check=lambda passed: service.collection_query(collection, passed),
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
    collection = tileset.collection
    allowed = {"datetime", "filter", "filter-lang", "filter-crs", *collection.queryables}
    return await send_metadata(
        request, session, principal, tileset, as_tilejson=True, allowed=allowed,
        check=lambda passed: service.collection_query(collection, passed),
    )  # fmt: skip


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

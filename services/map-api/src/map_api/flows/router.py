"""The `flows` collection's endpoints: the OGC collection, its queryables, items and vector
tiles, registered before the generic `/collections/{collectionId}/...` routes.

Values come from profiles-api (see `map_api.profiles_client`); when it is down or answers
nonsense, items and tiles are 503 problems (with `Retry-After`) and every other collection keeps
working. The collection's description and queryables need no values and always answer.
"""

from __future__ import annotations

from typing import Annotated, Literal

import morecantile
from fastapi import APIRouter, Path, Query, Request
from imap_kit.auth import Principal, PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from starlette.datastructures import QueryParams
from starlette.responses import Response

from map_api import __version__
from map_api.features import caching, links, params
from map_api.features import router as features_router
from map_api.features import service as features_service
from map_api.features.caching import make_etag, tier
from map_api.features.exceptions import FeatureNotFound, InvalidParameter
from map_api.features.registry import Collection
from map_api.features.schemas import CollectionInfo, Feature, FeatureCollection
from map_api.flows import arcs, service
from map_api.flows import collection as flows_collection
from map_api.flows.exceptions import FlowsUnavailable
from map_api.geojson import GeoJSONResponse
from map_api.profiles_client import FlowSet, ProfilesClient
from map_api.tiles import http as tiles_http
from map_api.tiles import matrix
from map_api.tiles import service as tiles_service
from map_api.tiles.schemas import TileJSON, TileSetMetadata, TileSets

router = APIRouter(
    prefix="/v1/collections/flows", tags=["ogc-features"], route_class=features_router.OGCRoute
)
tiles = APIRouter(
    prefix="/v1/collections/flows/tiles", tags=["ogc-tiles"], route_class=tiles_http.TilesRoute
)

Indicator = Annotated[
    str,
    Query(
        description="A bilateral indicator of profiles-api (`/api/profiles/v1/indicators?"
        "kind=bilateral`).",
        examples=["UNDESA.IMS.TOTL", "KNOMAD.REM.BILAT"],
    ),
]
Year = Annotated[
    int | None,
    Query(
        ge=1900,
        le=2100,
        description="Year of annual values (default: the latest).",
        examples=[2024],
    ),
]
Period = Annotated[
    str | None, Query(description="A period instead of `year`: `2023-03`, `2023-Q1`, `2023`.")
]
Country = Annotated[
    str | None,
    Query(description="Only corridors with this country (ISO3) at either end.", examples=["GEO"]),
]
Top = Annotated[
    int | None,
    Query(
        ge=1,
        le=service.MAX_TOP,
        description="Only the N largest corridors (after `country`).",
        examples=[10],
    ),
]
UNAVAILABLE = responses(FlowsUnavailable)
ERRORS = {**responses(InvalidParameter), **features_router.NOT_MODIFIED}


def _client(request: Request) -> ProfilesClient:
    return request.app.state.profiles  # type: ignore[no-any-return]


async def _values(request: Request) -> tuple[Collection, FlowSet]:
    query = service.parse_query(request.query_params)
    found = await service.load(_client(request), query)
    return flows_collection.build(service.rows(found, query)), found


def _etag(request: Request, found: FlowSet, representation: str, principal: Principal) -> str:
    url = links.self_url(request)
    return make_etag([__version__, "flows", found.digest, url, representation, tier(principal)])


@router.get("", response_model=CollectionInfo, responses=ERRORS)
async def flows_collection_doc(
    request: Request, session: SessionDep, f: Literal["json"] | None = None
) -> Response:
    """The flows collection: what it holds, its defaults and links (no values needed)."""
    features_router._only_f(request)
    body = await service.collection_doc(session, links.api_base(request))
    return features_router._json(body, {"Cache-Control": "public, max-age=60"})


@router.get(
    "/queryables",
    responses={
        200: {
            "description": "A JSON Schema of the queryable properties.",
            "content": {links.SCHEMA_JSON: {"schema": {"type": "object"}}},
        },
        **ERRORS,
    },
    response_class=Response,
)
async def flows_queryables(request: Request, f: Literal["json"] | None = None) -> Response:
    """The properties `filter`, `sortby` and `?name=value` accept on flows."""
    features_router._only_f(request)
    url = f"{links.api_base(request)}/collections/flows/queryables"
    body = features_service.queryables(flows_collection.EMPTY, url)
    return features_router._json(body, {"Cache-Control": "public, max-age=60"}, links.SCHEMA_JSON)


@router.get(
    "/items",
    response_model=FeatureCollection,
    response_class=GeoJSONResponse,
    responses={
        200: {"content": {links.CSV: {"schema": {"type": "string"}}}},
        **ERRORS,
        **UNAVAILABLE,
    },
    summary="Bilateral flows as arcs",
)
async def flows_items(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    indicator: Indicator = service.DEFAULT_INDICATOR,
    year: Year = None,
    period: Period = None,
    country: Country = None,
    top: Top = None,
    limit: Annotated[int, Query(ge=1, description="Page size (default 10, at most 10000).")] = 10,
    offset: Annotated[int, Query(ge=0, le=params.MAX_OFFSET)] = 0,
    bbox: Annotated[str | None, Query(description="minLon,minLat,maxLon,maxLat.")] = None,
    sortby: Annotated[str | None, Query(description="Default `-value`.")] = None,
    properties: Annotated[str | None, Query()] = None,
    filter: Annotated[
        str | None, Query(description="CQL2.", examples=["value > 100000 AND origin = 'UKR'"])
    ] = None,
    filter_lang: Annotated[
        Literal["cql2-text", "cql2-json", "cql-text"], Query(alias="filter-lang")
    ] = "cql2-text",
    f: Annotated[Literal["json", "geojson", "csv"] | None, Query()] = None,
) -> Response:
    """Origin-destination values of a bilateral indicator as curved arcs between capitals
    (GeoJSON LineStrings, largest first), or CSV. `indicator` defaults to UNDESA.IMS.TOTL,
    `year` to the latest year with annual values; `country=UKR&top=10`: Ukraine's ten largest
    corridors. `filter`, `sortby`, `properties`, `bbox`, paging as on every collection. 503 when
    profiles-api is down."""
    found, values = await _values(request)
    query = features_service.items_query(
        found,
        request.query_params,
        limit=limit,
        offset=offset,
        bbox=bbox,
        datetime_=request.query_params.get("datetime"),
        sortby=sortby,
        properties=properties,
        filter_=filter,
        filter_lang=filter_lang,
        filter_crs=request.query_params.get("filter-crs"),
    )
    fmt = params.parse_format(f, request.headers.get("accept", ""))
    tag = _etag(request, values, fmt.value, principal)
    max_age = int(request.app.state.settings.feature_max_age_seconds)
    if caching.is_fresh(request, tag):
        return caching.not_modified(tag, principal, max_age)
    return await features_router.send_items(request, session, principal, found, query, fmt, tag)


@router.get(
    "/items/{featureId}",
    response_model=Feature,
    response_class=GeoJSONResponse,
    responses={**ERRORS, **responses(FeatureNotFound), **UNAVAILABLE},
)
async def flows_item(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    feature_id: Annotated[
        str, Path(alias="featureId", description="ORIGIN-DESTINATION.", examples=["UKR-POL"])
    ],
    indicator: Indicator = service.DEFAULT_INDICATOR,
    year: Year = None,
    period: Period = None,
    properties: Annotated[str | None, Query()] = None,
) -> Response:
    """One corridor's arc and value (`UKR-POL`) for the indicator and year."""
    found, values = await _values(request)
    tag = _etag(request, values, "geojson", principal)
    max_age = int(request.app.state.settings.feature_max_age_seconds)
    if caching.is_fresh(request, tag):
        return caching.not_modified(tag, principal, max_age)
    text = await features_service.item(
        session, found, feature_id, principal,
        request.query_params,
        properties=properties, self_url=links.self_url(request), base=links.api_base(request),
    )  # fmt: skip
    headers = caching.headers(tag, principal, max_age)
    return Response(text, media_type=links.GEOJSON, headers=headers)


# ---- tiles ------------------------------------------------------------------------------------

TILESET = tiles_service.collection_tileset(flows_collection.EMPTY)
ARC_BOX = list(arcs.extent())


@tiles.get("", response_model=TileSets, responses=tiles_http.DOC_ERRORS)
async def flows_tilesets(
    request: Request, session: SessionDep, principal: PrincipalDep, f: Literal["json"] | None = None
) -> Response:
    """The flows collection's vector tilesets (one: WebMercatorQuad)."""
    return await tiles_http.send_list(request, session, principal, TILESET)


@tiles.get(
    "/{tileMatrixSetId}",
    response_model=TileSetMetadata | TileJSON,
    responses=tiles_http.DOC_ERRORS,
)
async def flows_tileset(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tms_id: tiles_http.TmsId,
    f: tiles_http.MetadataFormat = None,
) -> Response:
    """The flows tileset (layer `flows`); `f=tilejson` for TileJSON; `indicator`, `year`,
    `period`, `country`, `top` and `filter` are passed on to the tile URLs."""
    matrix.check_tms(tms_id)
    return await tiles_http.send_metadata(
        request, session, principal, TILESET, as_tilejson=tiles_service.wants_tilejson(f),
        allowed=_tile_params() | {"f"}, box=ARC_BOX, check=_check_tile_params,
    )  # fmt: skip


@tiles.get(
    "/{tileMatrixSetId}/tilejson.json", response_model=TileJSON, responses=tiles_http.DOC_ERRORS
)
async def flows_tilejson(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tms_id: tiles_http.TmsId,
    indicator: Indicator = service.DEFAULT_INDICATOR,
    year: Year = None,
) -> Response:
    """TileJSON 3.0 of the flows tiles (`?indicator=KNOMAD.REM.BILAT&year=2017` passed on)."""
    matrix.check_tms(tms_id)
    return await tiles_http.send_metadata(
        request, session, principal, TILESET, as_tilejson=True, allowed=_tile_params(),
        box=ARC_BOX, check=_check_tile_params,
    )  # fmt: skip


def _check_tile_params(passed: QueryParams) -> None:
    service.parse_query(passed)
    tiles_service.collection_query(flows_collection.EMPTY, passed)


def _tile_params() -> set[str]:
    return {*flows_collection.PARAMS, "filter", "filter-lang", "filter-crs",
            *flows_collection.EMPTY.queryables}  # fmt: skip


@tiles.get(
    "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
    response_class=Response,
    responses={**tiles_http.TILE_ANSWERS, **UNAVAILABLE},
)
async def flows_tile(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tms_id: tiles_http.TmsId,
    z: tiles_http.TileMatrix,
    y: tiles_http.TileRow,
    x: tiles_http.TileCol,
    indicator: Indicator = service.DEFAULT_INDICATOR,
    year: Year = None,
    period: Period = None,
    country: Country = None,
    top: Top = None,
) -> Response:
    """A tile of flow arcs (layer `flows`, attributes as the features'); 503 when profiles-api
    is down."""
    matrix.check_tms(tms_id)
    tile = matrix.check_tile(z, y, x)
    wanted = service.parse_query(request.query_params)
    values = await service.load(_client(request), wanted)
    # only the arcs that may cross the tile (plus its buffer) go to PostgreSQL
    west, south, east, north = matrix.TMS.bounds(morecantile.Tile(x, y, z))
    margin = (east - west) * matrix.BUFFER / matrix.EXTENT
    box = (west - margin, south - margin, east + margin, north + margin)
    rows = [row for row in service.rows(values, wanted) if arcs.meets(row, box)]
    found = flows_collection.build(rows)
    tileset = tiles_service.collection_tileset(found)
    query = tiles_service.collection_query(found, request.query_params)
    layers = tiles_service.collection_layers(tileset, query, principal)
    return await tiles_http.send_tile(
        request, session, principal, tileset, tile, layers, query, extra=values.digest
    )

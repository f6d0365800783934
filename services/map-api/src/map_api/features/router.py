"""OGC API - Features endpoints under `/v1` (Part 1 Core, Part 3 Filtering).

Every answer carries absolute links through the gateway, an ETag and Cache-Control; a request
whose `If-None-Match` names the current ETag gets 304 without the features being queried. Bad
parameters are 400 problems naming the parameter (as OGC API - Features requires), unknown
collections and features 404.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from imap_kit.auth import PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import responses, validation_errors
from starlette.responses import Response

from map_api.features import caching, links, params, service
from map_api.features.collections import COLLECTIONS
from map_api.features.exceptions import CollectionNotFound, FeatureNotFound, InvalidParameter
from map_api.features.params import ItemsQuery, OutputFormat
from map_api.features.registry import Collection
from map_api.features.schemas import (
    QUERYABLES_EXAMPLE,
    CollectionInfo,
    Collections,
    Conformance,
    Feature,
    FeatureCollection,
    LandingPage,
)
from map_api.flows import service as flows_service
from map_api.geojson import GeoJSONResponse
from map_api.revisions import live
from map_api.tiles.cache import CachedTile, TileCache


class OGCRoute(APIRoute):
    """Parameter validation errors become 400 (OGC) instead of 422; unknown collection 404."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = validation_errors(exc)
                first = errors[0]
                name = first.field.removeprefix("query.")
                raise InvalidParameter(name, first.reason, first.value) from None

        return route


router = APIRouter(prefix="/v1", tags=["ogc-features"], route_class=OGCRoute)

JSON_ONLY = Annotated[
    Literal["json"] | None, Query(description="Representation: json (the only one offered).")
]
CollectionId = Annotated[
    str,
    Path(
        alias="collectionId",
        description="Collection id.",
        json_schema_extra={"enum": list(COLLECTIONS)},
        examples=["routes"],
    ),
]
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: `If-None-Match` named the current ETag."}
}
ERRORS = responses(InvalidParameter, CollectionNotFound)
CACHE_HEADER = {
    "X-Feature-Cache": {
        "description": "GeoJSON answers: hit (from the in-process cache), miss (made now and "
        "kept) or off (the cache is turned off: MAP_FEATURE_CACHE=false).",
        "schema": {"type": "string", "enum": ["hit", "miss", "off"]},
    }
}


def _max_age(request: Request) -> int:
    return int(request.app.state.settings.feature_max_age_seconds)


def _only_f(request: Request, allowed: set[str] | None = None) -> None:
    for name in request.query_params:
        if name not in (allowed or {"f"}):
            raise InvalidParameter(name, "unknown parameter; this endpoint accepts: f")


def _json(body: Any, headers: dict[str, str], media_type: str = links.JSON) -> Response:
    return JSONResponse(body, media_type=media_type, headers=headers)


async def _cached(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    tables: tuple[str, ...],
    representation: str,
) -> tuple[str, str, Response | None]:
    """(revision, etag, 304-or-None) for a request on data from `tables`."""
    revision = await service.tables_revision(session, tables, live(request))
    tag = service.etag(revision, links.self_url(request), representation, principal)
    if caching.is_fresh(request, tag):
        return revision, tag, caching.not_modified(tag, principal, _max_age(request))
    return revision, tag, None


@router.get(
    "/",
    response_model=LandingPage,
    responses={**responses(InvalidParameter), **NOT_MODIFIED},
    summary="Landing page",
)
async def landing(
    request: Request, session: SessionDep, principal: PrincipalDep, f: JSON_ONLY = None
) -> Response:
    """Landing page of the OGC API - Features: links to the API definition, the conformance
    declaration and the collections. GIS clients start here:
    `ogrinfo OAPIF:https://<host>/api/map/v1` or QGIS "WFS / OGC API - Features"."""
    _only_f(request)
    _, tag, cached = await _cached(request, session, principal, (), "json")
    if cached:
        return cached
    body = service.landing_page(links.api_base(request), links.service_root(request))
    return _json(body, caching.headers(tag, principal, _max_age(request)))


@router.get("", include_in_schema=False)
async def landing_without_slash(
    request: Request, session: SessionDep, principal: PrincipalDep, f: JSON_ONLY = None
) -> Response:
    """The landing page also answers without the trailing slash."""
    return await landing(request, session, principal, f)


@router.get(
    "/api",
    responses={
        200: {
            "description": "OpenAPI 3.1 document of the OGC API endpoints, paths relative to /v1.",
            "content": {links.OPENAPI: {"schema": {"type": "object"}}},
        },
        **responses(InvalidParameter),
        **NOT_MODIFIED,
    },
    response_class=JSONResponse,
)
async def api_definition(
    request: Request, session: SessionDep, principal: PrincipalDep, f: JSON_ONLY = None
) -> Response:
    """The definition of this OGC API (OpenAPI 3.1, the `/v1` endpoints with `/v1` as server):
    what the landing page's `service-desc` link points to."""
    _only_f(request)
    _, tag, cached = await _cached(request, session, principal, (), "openapi")
    if cached:
        return cached
    body = service.api_definition(request.app.openapi(), links.api_base(request))
    # GDAL accepts the 3.0 media types or application/json; answer the precise type when asked.
    media = links.OPENAPI if "version=3.1" in request.headers.get("accept", "") else links.JSON
    return _json(body, caching.headers(tag, principal, _max_age(request)), media)


@router.get(
    "/conformance",
    response_model=Conformance,
    responses={**responses(InvalidParameter), **NOT_MODIFIED},
)
async def conformance(
    request: Request, session: SessionDep, principal: PrincipalDep, f: JSON_ONLY = None
) -> Response:
    """The conformance classes implemented: Features Core and GeoJSON, Part 3 Filtering and
    queryables, CQL2 text and JSON with comparison, spatial, temporal, property-property and
    arithmetic operators; Tiles core, tileset, tilesets-list, geodata and dataset tilesets,
    collections selection, datetime and MVT, with the 2D TMS tile matrix set and tileset
    metadata classes."""
    _only_f(request)
    _, tag, cached = await _cached(request, session, principal, (), "json")
    if cached:
        return cached
    return _json(service.conformance(), caching.headers(tag, principal, _max_age(request)))


@router.get(
    "/collections",
    response_model=Collections,
    responses={**responses(InvalidParameter), **NOT_MODIFIED},
)
async def collections(
    request: Request, session: SessionDep, principal: PrincipalDep, f: JSON_ONLY = None
) -> Response:
    """Every collection with its extent (space and time) and links to its items (GeoJSON,
    CSV) and queryables."""
    _only_f(request)
    revision, tag, cached = await _cached(request, session, principal, service.all_tables(), "json")
    if cached:
        return cached
    base = links.api_base(request)
    flows = await flows_service.collection_doc(session, base)
    body = await service.collections_doc(session, base, revision, extra=[flows])
    return _json(body, caching.headers(tag, principal, _max_age(request)))


@router.get(
    "/collections/{collectionId}",
    response_model=CollectionInfo,
    responses={**ERRORS, **NOT_MODIFIED},
)
async def collection(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    f: JSON_ONLY = None,
) -> Response:
    """One collection: description, extent, attribution and links."""
    found = service.get_collection(collection_id)
    _only_f(request)
    revision, tag, cached = await _cached(request, session, principal, found.tables, "json")
    if cached:
        return cached
    body = await service.collection_doc(session, found, links.api_base(request), revision)
    return _json(body, caching.headers(tag, principal, _max_age(request)))


@router.get(
    "/collections/{collectionId}/queryables",
    responses={
        200: {
            "description": "A JSON Schema of the queryable properties.",
            "content": {links.SCHEMA_JSON: {"example": QUERYABLES_EXAMPLE}},
        },
        **ERRORS,
        **NOT_MODIFIED,
    },
    response_class=Response,
)
async def queryables(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    f: JSON_ONLY = None,
) -> Response:
    """The properties `filter` (CQL2), `sortby` and `?name=value` accept, as a JSON Schema
    (`application/schema+json`); `geometry` is the spatial property of spatial operators."""
    found = service.get_collection(collection_id)
    _only_f(request)
    _, tag, cached = await _cached(request, session, principal, (), "schema")
    if cached:
        return cached
    url = f"{links.api_base(request)}/collections/{found.id}/queryables"
    headers = caching.headers(tag, principal, _max_age(request))
    return _json(service.queryables(found, url), headers, links.SCHEMA_JSON)


ITEMS_DOC = """Features of a collection as GeoJSON (default) or CSV, a page at a time.

* `limit` (default 10, at most 10,000: larger values are served as 10,000, as OGC API - Features
  requires) and `offset`; `numberMatched`, `numberReturned` and `next`/`prev` links.
* `bbox=minLon,minLat,maxLon,maxLat` (or 6 numbers with heights); minLon > maxLon crosses the
  antimeridian (`bbox=170,50,-170,75` finds Russia).
* `datetime`: an instant, a date, a month (`2020-03`), a year, or an interval `a/b` with `..`
  for an open end; on routes it selects by validity, on route statistics by month.
* `?<property>=<value>` for any queryable property (`?kind=land`, `?nationality=SYR`).
* `sortby=+route,-month`, `properties=name,kind` (a subset; empty: none).
* `filter` in CQL2 text (default) or JSON (`filter-lang=cql2-json`), e.g.
  `detections > 1000 AND T_DURING(month, INTERVAL('2015-01-01','2015-12-31'))` or
  `S_INTERSECTS(geometry, BBOX(19,44,23,47))`.
* `f=csv` or `Accept: text/csv`: CSV with the geometry as WKT in the last column; paging in the
  `Link` header, the total in `X-Total-Count`.
* `simplify` (degrees) or `zoom` (0-22) on polygon collections (countries, regions).
"""


@router.get(
    "/collections/{collectionId}/items",
    response_model=FeatureCollection,
    response_class=GeoJSONResponse,
    responses={
        200: {"content": {links.CSV: {"schema": {"type": "string"}}}, "headers": CACHE_HEADER},
        **ERRORS,
        **NOT_MODIFIED,
    },
    description=ITEMS_DOC,
    summary="Features of a collection",
)
async def items(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    limit: Annotated[
        int,
        Query(ge=1, description="Page size: default 10, at most 10000 (larger values: 10000)."),
    ] = params.DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=params.MAX_OFFSET, description="Features to skip.")] = 0,
    bbox: Annotated[
        str | None,
        Query(description="minLon,minLat,maxLon,maxLat in CRS84.", examples=["19,44,30,56"]),
    ] = None,
    datetime: Annotated[
        str | None,
        Query(
            description="Instant or interval (RFC 3339, `..` open).", examples=["2020-01/2020-12"]
        ),
    ] = None,
    sortby: Annotated[
        str | None, Query(description="`+name,-month`: properties, `-` descending.")
    ] = None,
    properties: Annotated[
        str | None, Query(description="Comma-separated properties to include.")
    ] = None,
    filter: Annotated[
        str | None,
        Query(description="A CQL2 filter.", examples=["kind = 'land' AND indicative = true"]),
    ] = None,
    filter_lang: Annotated[
        Literal["cql2-text", "cql2-json", "cql-text"],
        Query(
            alias="filter-lang",
            description="cql2-text (default) or cql2-json; cql-text: the pre-1.0 name of "
            "cql2-text, still sent by GDAL.",
        ),
    ] = "cql2-text",
    filter_crs: Annotated[
        str | None, Query(alias="filter-crs", description="Only CRS84 is supported.")
    ] = None,
    f: Annotated[
        Literal["json", "geojson", "csv"] | None,
        Query(description="geojson (default) or csv; overrides Accept."),
    ] = None,
    simplify: Annotated[
        float | None, Query(gt=0, le=1, description="Polygons: tolerance in degrees.")
    ] = None,
    zoom: Annotated[
        int | None, Query(ge=0, le=22, description="Polygons: simplify for this map zoom.")
    ] = None,
) -> Response:
    """Features of a collection."""
    found = service.get_collection(collection_id)
    fmt = params.parse_format(f, request.headers.get("accept", ""))
    revision = await service.tables_revision(session, found.tables, live(request))
    tag = service.etag(revision, links.self_url(request), fmt.value, principal)
    cache = caching.answer_cache(request)
    hit = cache.get(tag) if fmt is OutputFormat.geojson else None
    if hit is None:  # a cached answer's URL was checked when it was made
        query = service.items_query(
            found,
            request.query_params,
            limit=limit,
            offset=offset,
            bbox=bbox,
            datetime_=datetime,
            sortby=sortby,
            properties=properties,
            filter_=filter,
            filter_lang=filter_lang,
            filter_crs=filter_crs,
        )
    headers = caching.headers(tag, principal, _max_age(request))
    if caching.is_fresh(request, tag):
        return caching.not_modified(tag, principal, _max_age(request))
    if hit is not None:
        return caching.cached_answer(request, cache, tag, hit, links.GEOJSON, headers, "hit")
    if fmt is OutputFormat.csv:
        return await send_items(request, session, principal, found, query, fmt, tag)
    here, base = links.self_url(request), links.api_base(request)
    text = await service.items_geojson(session, found, query, principal, self_url=here, base=base)
    return _keep(request, cache, tag, text, headers)


def _keep(
    request: Request, cache: TileCache, tag: str, text: str, headers: dict[str, str]
) -> Response:
    """A GeoJSON answer, kept in the answer cache under its ETag."""
    entry = CachedTile(text.encode())
    cache.put(tag, entry)
    status = "miss" if cache.enabled else "off"
    return caching.cached_answer(request, cache, tag, entry, links.GEOJSON, headers, status)


async def send_items(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    found: Collection,
    query: ItemsQuery,
    fmt: OutputFormat,
    tag: str,
) -> Response:
    """A page of features as GeoJSON or CSV, with validators `tag` (also for flows)."""
    headers = caching.headers(tag, principal, _max_age(request))
    here, base = links.self_url(request), links.api_base(request)
    if fmt is OutputFormat.csv:
        body, matched, page = await service.items_csv(
            session, found, query, principal, self_url=here, base=base
        )
        headers |= {
            "Content-Disposition": f'attachment; filename="{found.id}.csv"',
            "X-Total-Count": str(matched),
            "Link": ", ".join(
                f'<{x["href"]}>; rel="{x["rel"]}"' for x in page if x["rel"] in ("next", "prev")
            ),
        }
        if not headers["Link"]:
            del headers["Link"]
        return Response(body, media_type=links.CSV + "; charset=utf-8", headers=headers)
    text = await service.items_geojson(session, found, query, principal, self_url=here, base=base)
    return Response(text, media_type=links.GEOJSON, headers=headers)


@router.get(
    "/collections/{collectionId}/items/{featureId}",
    response_model=Feature,
    response_class=GeoJSONResponse,
    responses={
        200: {"description": "The feature.", "headers": CACHE_HEADER},
        **ERRORS,
        **responses(FeatureNotFound),
        **NOT_MODIFIED,
    },
)
async def item(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    collection_id: CollectionId,
    feature_id: Annotated[
        str, Path(alias="featureId", description="Feature id.", examples=["eastern-borders"])
    ],
    properties: Annotated[
        str | None, Query(description="Comma-separated properties to include.")
    ] = None,
    f: Annotated[Literal["json", "geojson"] | None, Query(description="geojson.")] = None,
    simplify: Annotated[float | None, Query(gt=0, le=1, description="Polygons only.")] = None,
    zoom: Annotated[int | None, Query(ge=0, le=22, description="Polygons only.")] = None,
) -> Response:
    """One feature by id (ISO3 for countries and capitals, slug for routes, crossing points and
    regions, number for route statistics), with links to itself and its collection."""
    found = service.get_collection(collection_id)
    _, tag, cached = await _cached(request, session, principal, found.tables, "geojson")
    if cached:
        return cached
    headers = caching.headers(tag, principal, _max_age(request))
    cache = caching.answer_cache(request)
    hit = cache.get(tag)
    if hit is not None:
        return caching.cached_answer(request, cache, tag, hit, links.GEOJSON, headers, "hit")
    text = await service.item(
        session,
        found,
        feature_id,
        principal,
        request.query_params,
        properties=properties,
        self_url=links.self_url(request),
        base=links.api_base(request),
    )
    return _keep(request, cache, tag, text, headers)

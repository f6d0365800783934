"""HTTP answers shared by the tile endpoints (tiles and flows): the route class that turns
validation errors into problems naming the path segment, parameter aliases, and the tile,
metadata and list answers with their ETags, Cache-Control, 304 and the tile cache."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from imap_kit.auth import Principal
from imap_kit.errors import responses, validation_errors
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams
from starlette.responses import Response

from map_api.features import caching, links
from map_api.features import service as features_service
from map_api.features.collections import COLLECTIONS
from map_api.features.exceptions import CollectionNotFound, InvalidParameter
from map_api.features.params import ItemsQuery
from map_api.revisions import live
from map_api.tiles import matrix, service
from map_api.tiles.cache import TileCache
from map_api.tiles.exceptions import InvalidTile, TileMatrixSetNotFound, TileOutOfRange
from map_api.tiles.service import Tileset, Where

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
    key = await service.tile_key(
        session, tileset, tile, request.query_params, principal, extra, live(request)
    )
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
    check: Callable[[QueryParams], object] | None = None,
) -> Response:
    """Tileset metadata (OGC) or TileJSON, with an ETag from the tables' revisions."""
    for name in request.query_params:
        if name not in allowed:
            raise InvalidParameter(
                name, f"unknown parameter; accepted: {', '.join(sorted(allowed))}"
            )
    if check is not None:  # the tile parameters passed on must be good ones
        check(QueryParams([(k, v) for k, v in request.query_params.multi_items() if k != "f"]))
    revision = await features_service.tables_revision(session, tileset.tables, live(request))
    kind = "tilejson" if as_tilejson else "tileset"
    tag = features_service.etag(revision, links.self_url(request), kind, principal)
    max_age = int(_settings(request).feature_max_age_seconds)
    if caching.is_fresh(request, tag):
        return caching.not_modified(tag, principal, max_age)
    base = links.api_base(request)
    if box is None:
        box = await service.bounds(session, tileset, live(request))
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

"""HTTP caching of feature responses: ETags from data revisions, 304 on revalidation, and an
in-process cache of GeoJSON answers keyed by their ETag.

The tag of a response hashes the service version, the revisions of the tables under the
collection, the URL, the representation and the caller's access tier, so it changes exactly when
the answer can change; checking `If-None-Match` costs one small query and no feature query (none
at all while the revisions are kept in memory). The same tag keys the in-process cache of
answers (`MAP_FEATURE_CACHE`): a write bumps a revision, so later requests miss and the stale
entries age out of the LRU. Anonymous answers may be cached publicly for `max_age` seconds;
answers that depend on who signs in are private and revalidated every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from imap_kit.auth import Principal
from starlette.requests import Request
from starlette.responses import Response

from map_api.tiles.cache import CachedTile, TileCache

VARY = "Accept, Authorization, X-API-Key"
GZIP_MINIMUM = 1024  # the kit's GZipMiddleware minimum_size


def tier(principal: Principal) -> str:
    """What the caller may see, as far as our collections differ by caller."""
    if principal.is_editor:
        return "editor"
    if not principal.authenticated:
        return "anonymous"
    return "signed-in:" + ",".join(sorted(principal.countries))


def make_etag(parts: Iterable[str]) -> str:
    """A weak entity tag over `parts`."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def revision_part(revisions: Mapping[str, int]) -> str:
    """A stable text form of table revisions."""
    return ",".join(f"{name}:{rev}" for name, rev in sorted(revisions.items()))


def is_fresh(request: Request, etag: str) -> bool:
    """True when the client's `If-None-Match` already names `etag` (weak comparison)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def headers(etag: str, principal: Principal, max_age: int) -> dict[str, str]:
    """ETag, Cache-Control and Vary of a cacheable answer."""
    control = f"public, max-age={max_age}" if not principal.authenticated else "private, no-cache"
    return {"ETag": etag, "Cache-Control": control, "Vary": VARY}


def not_modified(etag: str, principal: Principal, max_age: int) -> Response:
    """A 304 answer carrying the validators."""
    return Response(status_code=304, headers=headers(etag, principal, max_age))


def answer_cache(request: Request) -> TileCache:
    """The app's in-process cache of feature answers, made on first use from the settings."""
    state = request.app.state
    cache: TileCache | None = getattr(state, "feature_cache", None)
    if cache is None:
        settings = state.settings
        cache = state.feature_cache = TileCache(
            max_entries=settings.feature_cache_entries,
            max_bytes=settings.feature_cache_bytes,
            enabled=settings.feature_cache,
        )
    return cache


def cached_answer(
    request: Request,
    cache: TileCache,
    key: str,
    entry: CachedTile,
    media_type: str,
    headers: dict[str, str],
    status: str,
) -> Response:
    """An answer from a cache entry: its gzip encoding (made once) when the client accepts it,
    and `X-Feature-Cache` (hit, miss or off)."""
    headers = {**headers, "X-Feature-Cache": status}
    if len(entry.body) < GZIP_MINIMUM:
        return Response(entry.body, media_type=media_type, headers=headers)
    headers["Vary"] = "Accept-Encoding, " + headers.get("Vary", VARY)
    if "gzip" not in request.headers.get("accept-encoding", ""):
        return Response(entry.body, media_type=media_type, headers=headers)
    before = entry.size
    body = entry.gzipped()
    cache.grew(key, before)
    headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=media_type, headers=headers)

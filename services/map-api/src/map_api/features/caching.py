"""HTTP caching of feature responses: ETags from data revisions, 304 on revalidation.

The tag of a response hashes the service version, the revisions of the tables under the
collection, the URL, the representation and the caller's access tier, so it changes exactly when
the answer can change; checking `If-None-Match` costs one small query and no feature query.
Anonymous answers may be cached publicly for `max_age` seconds; answers that depend on who signs
in are private and revalidated every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from imap_kit.auth import Principal
from starlette.requests import Request
from starlette.responses import Response

VARY = "Accept, Authorization, X-API-Key"


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

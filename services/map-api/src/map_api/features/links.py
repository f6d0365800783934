"""Absolute links as the client sees them (gateway prefix, forwarded host and scheme)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from imap_kit.urls import public_url
from starlette.datastructures import URL
from starlette.requests import Request

GEOJSON = "application/geo+json"
JSON = "application/json"
CSV = "text/csv"
SCHEMA_JSON = "application/schema+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.1"
REL_CONFORMANCE = "http://www.opengis.net/def/rel/ogc/1.0/conformance"
REL_DATA = "http://www.opengis.net/def/rel/ogc/1.0/data"
REL_QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables"


def link(href: str, rel: str, type_: str | None = None, title: str | None = None) -> dict[str, Any]:
    """A link object (RFC 8288 fields as OGC API uses them)."""
    out: dict[str, Any] = {"href": href, "rel": rel}
    if type_:
        out["type"] = type_
    if title:
        out["title"] = title
    return out


def service_root(request: Request) -> str:
    """`scheme://host/api/map`: the public root of this service."""
    parts = urlsplit(public_url(request))
    return f"{parts.scheme}://{parts.netloc}{request.scope.get('root_path', '')}"


def api_base(request: Request) -> str:
    """The public URL of the OGC API landing page, without the trailing slash."""
    return service_root(request) + "/v1"


def self_url(request: Request) -> str:
    """The full public URL of this request."""
    return public_url(request)


def with_params(url: str, **params: Any) -> str:
    """`url` with these query parameters set (others kept)."""
    return str(URL(url).include_query_params(**params))

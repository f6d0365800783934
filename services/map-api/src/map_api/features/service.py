"""OGC API - Features: the documents (landing page, conformance, collections, queryables) and the
feature answers (pages, single features, CSV), from the registry and the repository."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

from imap_kit.auth import Principal
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from map_api import __version__
from map_api.features import cql, params, repository
from map_api.features.caching import make_etag, revision_part, tier
from map_api.features.collections import COLLECTIONS
from map_api.features.conformance import CONFORMANCE
from map_api.features.exceptions import CollectionNotFound, FeatureNotFound, InvalidParameter
from map_api.features.filters import to_sql
from map_api.features.links import (
    CSV,
    GEOJSON,
    JSON,
    OPENAPI,
    REL_QUERYABLES,
    SCHEMA_JSON,
    link,
    with_params,
)
from map_api.features.output import csv_text, feature, feature_collection
from map_api.features.params import ItemsQuery, OutputFormat
from map_api.features.registry import Collection, Prop
from map_api.features.temporal import parse_datetime
from map_api.revisions import revisions

CRS84 = params.CRS84
TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
FILTER_LANGS = ("cql2-text", "cql2-json", "cql-text")  # cql-text: the pre-1.0 name GDAL sends
TAG = "ogc-features"
TAGS = (TAG, "ogc-tiles")  # what the OGC API definition (/v1/api) covers
REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"
REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
_EXTENTS: dict[tuple[str, str], dict[str, Any]] = {}


def get_collection(collection_id: str) -> Collection:
    """The registered collection, or CollectionNotFound (404)."""
    found = COLLECTIONS.get(collection_id)
    if found is None:
        raise CollectionNotFound(collection_id, list(COLLECTIONS))
    return found


def landing_page(base: str, root: str) -> dict[str, Any]:
    """The landing page: what this API is and where everything is."""
    return {
        "title": "i-Map map API: OGC API - Features and Tiles",
        "description": (
            "Boundaries, capitals, region groupings, migration routes, border crossing points, "
            "monthly Frontex detections and bilateral flows along the Eastern migration route, "
            "as OGC API - Features (Part 1 Core, Part 3 Filtering with CQL2), GeoJSON and CSV, "
            "and as OGC API - Tiles (Mapbox vector tiles on WebMercatorQuad, TileJSON)."
        ),
        "links": [
            link(base + "/", "self", JSON, "This document"),
            link(base + "/api", "service-desc", OPENAPI, "This API's definition (OpenAPI 3.1)"),
            link(root + "/docs", "service-doc", "text/html", "The API documentation"),
            link(root + "/openapi.json", "describedby", OPENAPI, "The whole map-api (OpenAPI)"),
            link(base + "/conformance", "conformance", JSON, "Conformance classes"),
            link(base + "/collections", "data", JSON, "The collections"),
            link(base + "/tileMatrixSets", REL_TILING_SCHEMES, JSON, "Tiling schemes"),
            link(base + "/tiles", REL_TILESETS_VECTOR, JSON, "Vector tiles of the web map"),
        ],
    }


def api_definition(full: dict[str, Any], base: str) -> dict[str, Any]:
    """The OGC API part of map-api's OpenAPI document, paths relative to `base` (…/v1).

    Clients such as GDAL look up `/collections/{collectionId}/items` in the definition the
    landing page names, relative to the landing page, and learn from it which properties they
    may filter on (one items path per collection lists its queryables) and the page size
    (`limit` maximum 10000; larger values are served as 10000, so the main document, which
    schemathesis checks strictly, leaves the maximum out).
    """
    full = copy.deepcopy(full)  # the app caches its document: never change it in place
    paths = {
        path.removeprefix("/v1") or "/": ops
        for path, ops in full.get("paths", {}).items()
        if path.startswith("/v1/")
        and any(
            tag in op.get("tags", ()) for op in ops.values() if isinstance(op, dict) for tag in TAGS
        )
    }
    generic = paths.get("/collections/{collectionId}/items", {}).get("get")
    if generic is not None:
        for parameter in generic.get("parameters", []):
            if parameter.get("name") == "limit":  # OGC: the definition states the maximum
                parameter["schema"]["maximum"] = params.MAX_LIMIT
        for found in COLLECTIONS.values():
            paths[f"/collections/{found.id}/items"] = {"get": _items_operation(generic, found)}
    tags = [t for t in full.get("tags", []) if t.get("name") in TAGS]
    return {**full, "servers": [{"url": base}], "paths": paths, "tags": tags}


def _items_operation(generic: dict[str, Any], found: Collection) -> dict[str, Any]:
    """The items operation of one collection, its queryables as query parameters."""
    op = copy.deepcopy(generic)
    op["operationId"] = f"get_{found.id.replace('-', '_')}_items"
    op["summary"] = f"{found.title}"
    skip = {"collectionId"} | (set() if found.simplifiable else params.SIMPLIFY)
    op["parameters"] = [p for p in op.get("parameters", []) if p.get("name") not in skip] + [
        {
            "name": prop.name,
            "in": "query",
            "required": False,
            "description": f"Only features whose {prop.name} equals this. {prop.description}",
            "schema": prop_schema(prop),
        }
        for prop in found.queryables.values()
    ]
    return op


def conformance() -> dict[str, Any]:
    """The conformance declaration."""
    return {"conformsTo": CONFORMANCE}


async def tables_revision(
    session: AsyncSession, tables: tuple[str, ...], live: Mapping[str, int] | None = None
) -> str:
    """Revision text of the tables under a response (`live`: the in-memory revisions)."""
    return revision_part(await revisions(session, tables, live))


def etag(revision: str, url: str, representation: str, principal: Principal) -> str:
    """The ETag of an answer (see `caching`)."""
    return make_etag([__version__, revision, url, representation, tier(principal)])


def _instant(d: date | None, end: bool = False) -> str | None:
    if d is None:
        return None
    return d.isoformat() + ("T23:59:59Z" if end else "T00:00:00Z")


async def _extent(session: AsyncSession, collection: Collection, revision: str) -> dict[str, Any]:
    key = (collection.id, revision)
    if key in _EXTENTS:
        return _EXTENTS[key]
    spatial, interval = await repository.extent(session, collection)
    out: dict[str, Any] = {}
    if spatial is not None:
        out["spatial"] = {"bbox": [spatial], "crs": CRS84}
    if interval is not None and collection.temporal is not None:
        first, last = interval
        if last is not None and collection.temporal.monthly:
            last = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        elif last is not None and collection.temporal.end is not None:
            last = last - timedelta(days=1)
        out["temporal"] = {"interval": [[_instant(first), _instant(last, True)]], "trs": TRS}
    if len(_EXTENTS) > 256:
        _EXTENTS.clear()
    _EXTENTS[key] = out
    return out


async def extent(session: AsyncSession, collection: Collection, revision: str) -> dict[str, Any]:
    """The collection's extent (`spatial`, `temporal`), kept per data revision."""
    return await _extent(session, collection, revision)


async def collection_doc(
    session: AsyncSession,
    collection: Collection,
    base: str,
    revision: str,
    extent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One collection's description with extents (computed unless given) and links."""
    url = f"{base}/collections/{collection.id}"
    doc: dict[str, Any] = {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "keywords": list(collection.keywords),
        "attribution": collection.attribution,
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "extent": extent if extent is not None else await _extent(session, collection, revision),
        "links": [
            link(url, "self", JSON, "This collection"),
            link(url + "/items", "items", GEOJSON, "Features as GeoJSON"),
            link(url + "/items?f=csv", "items", CSV, "Features as CSV"),
            link(url + "/queryables", REL_QUERYABLES, SCHEMA_JSON, "Queryable properties"),
            link(url + "/tiles", REL_TILESETS_VECTOR, JSON, "Vector tilesets"),
        ],
    }
    return doc


async def collections_doc(
    session: AsyncSession, base: str, revision: str, extra: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """All collections (the registry's, then `extra` ones such as flows)."""
    return {
        "links": [link(base + "/collections", "self", JSON, "The collections")],
        "collections": [
            *[await collection_doc(session, c, base, revision) for c in COLLECTIONS.values()],
            *extra,
        ],
    }


def all_tables() -> tuple[str, ...]:
    """Every table under any collection (for the collections list's ETag)."""
    return tuple(sorted({t for c in COLLECTIONS.values() for t in c.tables}))


GEOMETRY_FORMATS = {
    "Point": "geometry-point",
    "LineString": "geometry-linestring",
    "MultiLineString": "geometry-multilinestring",
    "MultiPolygon": "geometry-multipolygon",
}


def prop_schema(prop: Prop) -> dict[str, Any]:
    """JSON Schema of a property's values."""
    schema: dict[str, Any] = (
        {"type": "string", "format": "date"} if prop.type == "date" else {"type": prop.type}
    )
    if prop.enum:
        schema["enum"] = list(prop.enum)
    if prop.pattern:
        schema["pattern"] = prop.pattern
    return schema


def queryables(collection: Collection, url: str) -> dict[str, Any]:
    """The queryable properties as a JSON Schema (OGC API - Features Part 3)."""
    props: dict[str, Any] = {}
    if collection.geometry is not None:
        props["geometry"] = {
            "title": "geometry",
            "description": collection.geometry_note or f"The {collection.geometry_type}.",
            "format": GEOMETRY_FORMATS[collection.geometry_type],
            "x-ogc-role": "primary-geometry",
        }
    for prop in collection.queryables.values():
        props[prop.name] = {"title": prop.name, "description": prop.description} | prop_schema(prop)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": collection.title,
        "properties": props,
        "additionalProperties": False,
    }


def parse_filter(
    collection: Collection, text: str | None, lang: str | None, crs: str | None
) -> Any:
    """The SQL condition of `filter` (CQL2 text by default), or a 400 naming the reason."""
    if lang is not None and lang not in FILTER_LANGS:
        raise InvalidParameter("filter-lang", f"must be one of {', '.join(FILTER_LANGS)}", lang)
    params.parse_crs("filter-crs", crs)
    if text is None:
        return None
    try:
        node = cql.parse_json(text) if lang == "cql2-json" else cql.parse_text(text)
        return to_sql(node, collection)
    except cql.FilterError as exc:
        raise InvalidParameter("filter", str(exc), text[:500]) from None


def items_query(
    collection: Collection,
    query_params: QueryParams,
    *,
    limit: int | None,
    offset: int,
    bbox: str | None,
    datetime_: str | None,
    sortby: str | None,
    properties: str | None,
    filter_: str | None,
    filter_lang: str | None,
    filter_crs: str | None,
) -> ItemsQuery:
    """A checked items request (every problem a 400 naming its parameter)."""
    params.check_known(query_params, collection)
    return ItemsQuery(
        limit=params.parse_limit(None if limit is None else str(limit)),
        offset=params.parse_offset(str(offset)),
        bbox=params.parse_bbox(bbox) if bbox is not None else None,
        when=parse_datetime(datetime_) if datetime_ is not None else None,
        sortby=params.parse_sortby(collection, sortby),
        properties=params.parse_properties(collection, properties),
        equals=params.parse_equals(collection, query_params),
        filter=parse_filter(collection, filter_, filter_lang, filter_crs),
        simplify=params.parse_simplify(collection, query_params),
    )


def page_links(
    collection: Collection, query: ItemsQuery, matched: int, self_url: str, base: str, fmt: str
) -> list[dict[str, Any]]:
    """self, alternate, next, prev and collection links of a page."""
    media = CSV if fmt == OutputFormat.csv else GEOJSON
    other, other_f = (GEOJSON, "json") if fmt == OutputFormat.csv else (CSV, "csv")
    at = lambda offset: with_params(self_url, limit=query.limit, offset=offset)  # noqa: E731
    out = [
        link(self_url, "self", media, "This page"),
        link(with_params(self_url, f=other_f), "alternate", other, f"This page as {other_f}"),
    ]
    if query.offset + query.limit < matched:
        out.append(link(at(query.offset + query.limit), "next", media, "Next page"))
    if query.offset > 0:
        out.append(link(at(max(query.offset - query.limit, 0)), "prev", media, "Previous page"))
    out.append(link(f"{base}/collections/{collection.id}", "collection", JSON, collection.title))
    return out


@asynccontextmanager
async def evaluating(query: ItemsQuery) -> AsyncIterator[None]:
    """A filter that type-checks can still fail on values (an overflowing product, a geometry
    GEOS rejects): that is the filter's fault, a 400, not the server's."""
    try:
        yield
    except DBAPIError as exc:
        state = str(getattr(exc.orig, "sqlstate", "") or "")
        if query.filter is None or not (state.startswith("22") or state == "XX000"):
            raise
        reason = str(getattr(exc.orig, "args", [""])[0] or "cannot be evaluated").splitlines()[0]
        raise InvalidParameter("filter", f"cannot be evaluated: {reason}") from None


async def items_geojson(
    session: AsyncSession,
    collection: Collection,
    query: ItemsQuery,
    principal: Principal,
    *,
    self_url: str,
    base: str,
) -> str:
    """A page of features as a GeoJSON FeatureCollection."""
    async with evaluating(query):
        features, matched = await repository.page(session, collection, query, principal)
    links = page_links(collection, query, matched, self_url, base, OutputFormat.geojson)
    return feature_collection(features, matched, links)


async def items_csv(
    session: AsyncSession,
    collection: Collection,
    query: ItemsQuery,
    principal: Principal,
    *,
    self_url: str,
    base: str,
) -> tuple[bytes, int, list[dict[str, Any]]]:
    """A page of features as CSV, the number matched and the page links."""
    async with evaluating(query):
        header, rows = await repository.rows(session, collection, query, principal)
        matched = (
            len(rows)
            if query.offset == 0 and len(rows) < query.limit
            else await repository.count(session, collection, query, principal)
        )
    links = page_links(collection, query, matched, self_url, base, OutputFormat.csv)
    return csv_text(header, rows), matched, links


async def item(
    session: AsyncSession,
    collection: Collection,
    feature_id: str,
    principal: Principal,
    query_params: QueryParams,
    *,
    properties: str | None,
    self_url: str,
    base: str,
) -> str:
    """One feature with its links, or FeatureNotFound."""
    params.check_known(query_params, collection, item=True)
    props = params.parse_properties(collection, properties)
    simplify = params.parse_simplify(collection, query_params)
    value = repository.feature_id_value(collection, feature_id)
    text = None
    if value is not None:
        text = await repository.one(session, collection, value, principal, props, simplify)
    if text is None:
        raise FeatureNotFound(collection.id, feature_id)
    url = f"{base}/collections/{collection.id}"
    links = [
        link(self_url, "self", GEOJSON, "This feature"),
        link(url, "collection", JSON, collection.title),
    ]
    return feature(text, links)

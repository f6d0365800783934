"""Query parameters of `/items`: parsed and checked once, into an `ItemsQuery`.

Every bad value is a 400 naming the parameter (OGC API - Features /req/core/query-param-invalid),
and so is a parameter the collection does not know (/req/core/query-param-unknown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from imap_kit.geo import BBox
from sqlalchemy import ColumnElement
from starlette.datastructures import QueryParams

from map_api.features.exceptions import InvalidParameter
from map_api.features.registry import Collection, Prop
from map_api.features.temporal import TimeRange

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
MAX_OFFSET = 10_000_000
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CRS84_ALIASES = {CRS84, "https://www.opengis.net/def/crs/OGC/1.3/CRS84", "OGC:CRS84"}
COMMON = {"limit", "offset", "bbox", "datetime", "sortby", "properties", "f"}
FILTER = {"filter", "filter-lang", "filter-crs"}
SIMPLIFY = {"simplify", "zoom"}
# Part 2's parameters, accepted when they name the only CRS offered (clients such as QGIS send them)
CRS_PARAMS = {"crs", "bbox-crs"}


class OutputFormat(StrEnum):
    """Representation of a feature response."""

    geojson = "geojson"
    csv = "csv"


@dataclass
class ItemsQuery:
    """A checked `/items` request."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: BBox | None = None
    when: TimeRange | None = None
    sortby: list[tuple[Prop, bool]] = field(default_factory=list)  # (property, descending)
    properties: list[Prop] | None = None  # None: all
    equals: list[tuple[Prop, Any]] = field(default_factory=list)
    filter: ColumnElement[bool] | None = None
    simplify: float | None = None


def allowed(collection: Collection, *, item: bool = False) -> set[str]:
    """The query parameters a collection's items (or single item) endpoint accepts."""
    if item:
        names = {"f", "properties", "crs"}
    else:
        names = COMMON | FILTER | CRS_PARAMS | set(collection.queryables)
    names |= set(collection.extra_params)
    if collection.simplifiable:
        names |= SIMPLIFY
    return names


def check_known(params: QueryParams, collection: Collection, *, item: bool = False) -> None:
    """400 for any parameter this endpoint does not define, or a CRS other than CRS84."""
    known = allowed(collection, item=item)
    for name in params:
        if name not in known:
            raise InvalidParameter(
                name,
                f"unknown parameter; this endpoint accepts: {', '.join(sorted(known))}",
                params.get(name),
            )
        if name in CRS_PARAMS:
            parse_crs(name, params[name])


def parse_limit(raw: str | None) -> int:
    """1..10000, default 10; larger values are served as 10000 (OGC: no error)."""
    if raw is None:
        return DEFAULT_LIMIT
    value = _integer("limit", raw)
    if value < 1:
        raise InvalidParameter("limit", "must be at least 1", raw)
    return min(value, MAX_LIMIT)


def parse_offset(raw: str | None) -> int:
    """0..10,000,000 (deeper paging is a crawl: filter instead)."""
    if raw is None:
        return 0
    value = _integer("offset", raw)
    if not 0 <= value <= MAX_OFFSET:
        raise InvalidParameter("offset", f"must be between 0 and {MAX_OFFSET}", raw)
    return value


def _integer(name: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise InvalidParameter(name, "must be an integer", raw) from None


def parse_bbox(raw: str) -> BBox:
    """minLon,minLat,maxLon,maxLat (or 6 numbers with heights); minLon > maxLon crosses 180."""
    parts = raw.split(",")
    if len(parts) not in (4, 6):
        raise InvalidParameter(
            "bbox", "expected 4 numbers (minLon,minLat,maxLon,maxLat) or 6 (with heights)", raw
        )
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InvalidParameter("bbox", "every value must be a number", raw) from None
    if not all(math.isfinite(v) for v in values):
        raise InvalidParameter("bbox", "every value must be a finite number", raw)
    if len(values) == 6:
        minx, miny, minz, maxx, maxy, maxz = values
        if minz > maxz:
            raise InvalidParameter("bbox", "the lower height is above the upper one", raw)
    else:
        minx, miny, maxx, maxy = values
    if not all(-180 <= x <= 180 for x in (minx, maxx)):
        raise InvalidParameter("bbox", "longitudes must be within -180..180", raw)
    if not all(-90 <= y <= 90 for y in (miny, maxy)):
        raise InvalidParameter("bbox", "latitudes must be within -90..90", raw)
    if miny > maxy:
        raise InvalidParameter("bbox", "the southern edge is north of the northern edge", raw)
    return BBox(minx, miny, maxx, maxy)


def parse_crs(name: str, raw: str | None) -> None:
    """Only WGS84 longitude/latitude (CRS84) is offered."""
    if raw is not None and raw.strip() not in CRS84_ALIASES:
        raise InvalidParameter(name, f"only {CRS84} is supported", raw)


def parse_sortby(collection: Collection, raw: str | None) -> list[tuple[Prop, bool]]:
    """`+name,-month` (no sign: ascending); only queryable properties."""
    if raw is None:
        return [
            (collection.by_name[n.lstrip("-")], n.startswith("-")) for n in collection.default_sort
        ]
    out = []
    for term in raw.split(","):
        term = term.strip()
        descending = term.startswith("-")
        name = term.lstrip("+-").strip()
        prop = collection.queryables.get(name)
        if prop is None:
            raise InvalidParameter(
                "sortby",
                f"cannot sort by '{name}'; sortable: {', '.join(collection.queryables)}",
                raw,
            )
        out.append((prop, descending))
    return out


def parse_properties(collection: Collection, raw: str | None) -> list[Prop] | None:
    """A comma-separated subset of the properties (empty: none)."""
    if raw is None:
        return None
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if n not in collection.by_name]
    if unknown:
        raise InvalidParameter(
            "properties",
            f"unknown properties {unknown}; known: {', '.join(collection.by_name)}",
            raw,
        )
    return [collection.by_name[n] for n in dict.fromkeys(names)]


def typed_value(prop: Prop, raw: str, name: str) -> Any:
    """A query string value converted to the property's type (400 when it does not fit)."""
    try:
        if prop.type == "integer":
            return int(raw)
        if prop.type == "number":
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError
            return value
        if prop.type == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError
            return raw.lower() == "true"
        if prop.type == "date":
            return date.fromisoformat(raw)
    except ValueError:
        raise InvalidParameter(name, f"must be a {prop.type}", raw) from None
    if prop.enum and raw not in prop.enum:
        raise InvalidParameter(name, f"must be one of {', '.join(prop.enum)}", raw)
    return raw


def parse_equals(collection: Collection, params: QueryParams) -> list[tuple[Prop, Any]]:
    """`?kind=land`: equality filters on queryable properties."""
    return [
        (prop, typed_value(prop, params[name], name))
        for name, prop in collection.queryables.items()
        if name in params
    ]


def parse_simplify(collection: Collection, params: QueryParams) -> float | None:
    """Tolerance in degrees from `simplify`, or from `zoom` (half a pixel at that zoom)."""
    if not collection.simplifiable:
        return None
    raw, zoom = params.get("simplify"), params.get("zoom")
    if raw is not None:
        try:
            value = float(raw)
        except ValueError:
            raise InvalidParameter("simplify", "must be a number of degrees", raw) from None
        if not 0 < value <= 1:
            raise InvalidParameter("simplify", "must be greater than 0 and at most 1", raw)
        return value
    if zoom is not None:
        level = _integer("zoom", zoom)
        if not 0 <= level <= 22:
            raise InvalidParameter("zoom", "must be between 0 and 22", zoom)
        return 360.0 / (256 * 2**level) / 2
    return None


def parse_format(raw: str | None, accept: str) -> OutputFormat:
    """`f=json|geojson|csv` wins; else `Accept: text/csv` gives CSV; GeoJSON otherwise."""
    if raw is not None:
        if raw in ("json", "geojson"):
            return OutputFormat.geojson
        if raw == "csv":
            return OutputFormat.csv
        raise InvalidParameter("f", "must be json, geojson or csv", raw)
    if "text/csv" in accept and "json" not in accept:
        return OutputFormat.csv
    return OutputFormat.geojson

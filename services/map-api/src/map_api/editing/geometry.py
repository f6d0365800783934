"""GeoJSON geometries sent by editors, checked before anything reaches the database.

Checked here (pure Python, every problem named by its path, e.g. `body.geometry.coordinates.3.0`):
the structure (an object with a GeoJSON `type` and `coordinates` nested as that type requires),
the type (routes: LineString or MultiLineString; crossing points: Point), emptiness, positions of
two or three finite numbers (an altitude is dropped), longitude -180..180 and latitude -90..90,
the number of positions (`MAP_MAX_VERTICES`), and the CRS a GeoJSON 2008 `crs` member names.
PostGIS then reports what it finds invalid (`ST_IsValidReason`; see the repository).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from imap_kit.errors import FieldError, InvalidInput

from map_api.db import SRID

GEOJSON_TYPES = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
    "GeometryCollection": -1,
}  # type -> nesting depth of its positions (0: the coordinates are one position)
CRS84 = re.compile(
    r"^(?:urn:ogc:def:crs:OGC:(?:1\.3)?:CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84"
    r"|(?:OGC:)?CRS84)$",
    re.IGNORECASE,
)
EPSG = re.compile(
    r"^(?:EPSG:|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\.opengis\.net/def/crs/EPSG/0/)"
    r"([0-9]{1,6})$",
    re.IGNORECASE,
)
MAX_REPORTED = 10  # coordinate problems listed in one answer


@dataclass(frozen=True)
class CheckedGeometry:
    """A geometry that passed the structural checks, ready for PostGIS."""

    geojson: str  # the geometry without any `crs` member, as JSON text
    srid: int  # the CRS its positions are in (4326, or converted to it by PostGIS)
    vertices: int


def invalid(errors: list[FieldError]) -> InvalidInput:
    """One 422 naming every field error."""
    return InvalidInput("; ".join(f"{e.field}: {e.reason}" for e in errors), errors=errors)


def crs_srid(crs: Any, field: str) -> int:
    """The EPSG code a GeoJSON 2008 `crs` member names (CRS84 is 4326), or a 422 naming `field`.

    Positions are read as x, y (longitude, latitude) whatever the CRS, as GeoJSON orders them.
    """
    name = None
    if isinstance(crs, dict) and crs.get("type") == "name":
        props = crs.get("properties")
        name = props.get("name") if isinstance(props, dict) else None
    if not isinstance(name, str):
        raise invalid([FieldError(field=field, reason=_CRS_SHAPE)])
    if CRS84.match(name.strip()):
        return SRID
    code = EPSG.match(name.strip())
    if code is None:
        reason = "unknown CRS name; send WGS84 (CRS84 or EPSG:4326) or an EPSG code"
        raise invalid([FieldError(field=field, reason=reason, value=name[:200])])
    return int(code.group(1))


_CRS_SHAPE = (
    'a crs member must be {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}'
)


def _position(value: Any, path: str, wgs84: bool, errors: list[FieldError]) -> None:
    if not isinstance(value, list) or not 2 <= len(value) <= 3:
        errors.append(FieldError(field=path, reason="a position is an array of 2 or 3 numbers"))
        return
    bad = [
        FieldError(field=f"{path}.{i}", reason="not a finite number")
        for i, number in enumerate(value)
        if isinstance(number, bool)
        or not isinstance(number, (int, float))
        or not math.isfinite(number)
    ]
    errors += bad
    if bad or not wgs84:
        return
    lon, lat = value[0], value[1]
    if not -180 <= lon <= 180:
        errors.append(
            FieldError(field=f"{path}.0", reason="longitude outside -180..180", value=lon)
        )
    if not -90 <= lat <= 90:
        errors.append(FieldError(field=f"{path}.1", reason="latitude outside -90..90", value=lat))


def _walk(
    value: Any, depth: int, path: str, wgs84: bool, errors: list[FieldError], count: list[int]
) -> None:
    """Check nested arrays down to positions, counting positions in `count[0]`."""
    if depth == 0:
        count[0] += 1
        _position(value, path, wgs84, errors)
        return
    if not isinstance(value, list):
        errors.append(FieldError(field=path, reason="expected an array"))
        return
    if depth == 1 and len(value) == 1:
        errors.append(FieldError(field=path, reason="a line needs two or more positions"))
    if not value:
        errors.append(FieldError(field=path, reason="empty geometry (no positions)"))
    for i, child in enumerate(value):
        if len(errors) >= MAX_REPORTED:
            return
        _walk(child, depth - 1, f"{path}.{i}", wgs84, errors, count)


def check_geometry(
    geometry: Any,
    *,
    allowed: tuple[str, ...],
    noun: str,
    max_vertices: int,
    crs: Any = None,
    field: str = "body.geometry",
) -> CheckedGeometry:
    """The geometry ready for PostGIS, or a 422 naming each problem."""

    def fail(reason: str, at: str = field, value: Any = None) -> InvalidInput:
        return invalid([FieldError(field=at, reason=reason, value=value)])

    if not isinstance(geometry, dict):
        raise fail("malformed GeoJSON: a geometry is an object with type and coordinates")
    kind = geometry.get("type")
    if not isinstance(kind, str) or kind not in GEOJSON_TYPES:
        raise fail("malformed GeoJSON: not a GeoJSON geometry type", f"{field}.type", kind)
    if kind not in allowed:
        wanted = " or ".join(allowed)
        raise fail(f"wrong geometry type {kind}: a {noun} takes {wanted}", f"{field}.type", kind)
    srid = _srid(geometry.get("crs"), crs, field)
    if "coordinates" not in geometry:
        raise fail("malformed GeoJSON: coordinates missing", f"{field}.coordinates")
    coordinates = geometry["coordinates"]
    if coordinates == []:
        raise fail("empty geometry (no positions)", f"{field}.coordinates")
    errors: list[FieldError] = []
    count = [0]
    _walk(coordinates, GEOJSON_TYPES[kind], f"{field}.coordinates", srid == SRID, errors, count)
    if errors:
        raise invalid(errors[:MAX_REPORTED])
    if count[0] > max_vertices:
        reason = f"too many vertices: {count[0]} (at most {max_vertices}, MAP_MAX_VERTICES)"
        raise fail(reason, f"{field}.coordinates", count[0])
    plain = {"type": kind, "coordinates": coordinates}
    return CheckedGeometry(json.dumps(plain), srid, count[0])


def _srid(inner: Any, outer: Any, field: str) -> int:
    """The CRS of the positions: the geometry's own `crs` member, else the Feature's, else 4326."""
    srid = crs_srid(outer, "body.crs") if outer is not None else SRID
    if inner is not None:
        own = crs_srid(inner, f"{field}.crs")
        if outer is not None and own != srid:
            raise invalid([FieldError(field=f"{field}.crs", reason="differs from body.crs")])
        srid = own
    return srid

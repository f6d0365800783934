"""Geo helpers: validated `bbox` query parameters and antimeridian-aware bounding boxes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any, NamedTuple

from fastapi import Depends, Query

from imap_kit.errors import FieldError, InvalidInput


class BBox(NamedTuple):
    """A WGS84 box; `minx > maxx` means it crosses the antimeridian (RFC 7946 section 5.2)."""

    minx: float
    miny: float
    maxx: float
    maxy: float

    @property
    def crosses_antimeridian(self) -> bool:
        return self.minx > self.maxx

    def parts(self) -> list[BBox]:
        """One box, or two when it crosses the antimeridian."""
        if not self.crosses_antimeridian:
            return [self]
        return [
            BBox(self.minx, self.miny, 180.0, self.maxy),
            BBox(-180.0, self.miny, self.maxx, self.maxy),
        ]


def parse_bbox(raw: str, field: str = "query.bbox") -> BBox:
    """Parse `minx,miny,maxx,maxy` in lon/lat degrees, or raise InvalidInput naming the field."""

    def fail(reason: str) -> InvalidInput:
        return InvalidInput(
            f"bbox: {reason}", errors=[FieldError(field=field, reason=reason, value=raw)]
        )

    parts = raw.split(",")
    if len(parts) != 4:
        raise fail("expected four comma-separated numbers: minLon,minLat,maxLon,maxLat")
    try:
        minx, miny, maxx, maxy = (float(p) for p in parts)
    except ValueError:
        raise fail("every bbox value must be a number") from None
    if not all(-180 <= x <= 180 for x in (minx, maxx)):
        raise fail("longitudes must be within -180..180")
    if not all(-90 <= y <= 90 for y in (miny, maxy)):
        raise fail("latitudes must be within -90..90")
    if miny > maxy:
        raise fail("minLat must not be greater than maxLat")
    return BBox(minx, miny, maxx, maxy)


def _bbox_query(
    bbox: Annotated[
        str | None,
        Query(
            description=(
                "minLon,minLat,maxLon,maxLat in WGS84 degrees; minLon > maxLon selects a box "
                "crossing the antimeridian."
            ),
            examples=["19,40,60,56"],
        ),
    ] = None,
) -> BBox | None:
    return parse_bbox(bbox) if bbox is not None else None


BBoxDep = Annotated[BBox | None, Depends(_bbox_query)]


def _walk(coords: Any) -> Iterable[Sequence[float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield coords
        return
    for child in coords:
        yield from _walk(child)


def geojson_bbox(coordinates: Any) -> list[float]:
    """RFC 7946 bbox of GeoJSON coordinates; west > east when the shape spans the antimeridian.

    A shape split at +-180 (like Russia) gets the tighter of its plain and its shifted (0..360) box.
    """
    points = list(_walk(coordinates))
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    west, east = min(xs), max(xs)
    shifted = [x + 360 if x < 0 else x for x in xs]
    if max(shifted) - min(shifted) < east - west:
        west, east = min(shifted), max(shifted) - 360
    return [round(west, 6), round(min(ys), 6), round(east, 6), round(max(ys), 6)]

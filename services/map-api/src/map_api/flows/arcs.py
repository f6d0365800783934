"""Where flows are drawn: the capitals of the Prague Process states (Natural Earth coordinates in
`seed_data/pp_countries.csv`), their Russian names, and the curved arc between two capitals:
a quadratic Bezier curve bent to the left of the direction of travel (so the arcs A->B and
B->A do not overlap), 33 vertices, as WKB (computed once per pair)."""

from __future__ import annotations

import csv
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "seed_data"
BEND = 0.2  # the control point's distance from the chord, as a share of the chord's length
SEGMENTS = 32


@dataclass(frozen=True)
class Place:
    """A state's capital: its position and the state's Russian name."""

    iso3: str
    lon: float
    lat: float
    name_ru: str | None


@cache
def places() -> dict[str, Place]:
    """Capitals by ISO3 (the 51 Prague Process states)."""
    with open(DATA / "country_names_ru.csv", encoding="utf-8") as fh:
        names = {r["iso3"]: r["name_ru"] for r in csv.DictReader(fh)}
    with open(DATA / "pp_countries.csv", encoding="utf-8") as fh:
        return {
            r["iso3"]: Place(
                r["iso3"], float(r["capital_lon"]), float(r["capital_lat"]), names.get(r["iso3"])
            )
            for r in csv.DictReader(fh)
            if r["capital_lat"] and r["capital_lon"]
        }


def control_point(a: Place, b: Place) -> tuple[float, float]:
    """The Bezier control point of the arc from `a` to `b` (degrees)."""
    dx, dy = b.lon - a.lon, b.lat - a.lat
    mid_x, mid_y = (a.lon + b.lon) / 2, (a.lat + b.lat) / 2
    return round(mid_x - BEND * dy, 5), round(mid_y + BEND * dx, 5)


@cache
def extent() -> tuple[float, float, float, float]:
    """West, south, east, north that every possible arc lies in (a Bezier curve stays inside
    the triangle of its end and control points)."""
    everywhere = list(places().values())
    xs = [p.lon for p in everywhere]
    ys = [p.lat for p in everywhere]
    for a in everywhere:
        for b in everywhere:
            if a is not b:
                x, y = control_point(a, b)
                xs.append(x)
                ys.append(y)
    return (round(min(xs), 4), round(min(ys), 4), round(max(xs), 4), round(max(ys), 4))


@cache
def arc_points(origin: str, destination: str) -> tuple[tuple[float, float], ...]:
    """The arc's 33 vertices (lon, lat) from `origin`'s capital to `destination`'s."""
    a, b = places()[origin], places()[destination]
    cx, cy = control_point(a, b)
    points = []
    for step in range(SEGMENTS + 1):
        t = step / SEGMENTS
        u = 1 - t
        points.append(
            (
                round(u * u * a.lon + 2 * u * t * cx + t * t * b.lon, 5),
                round(u * u * a.lat + 2 * u * t * cy + t * t * b.lat, 5),
            )
        )
    return tuple(points)


@cache
def arc_wkb(origin: str, destination: str) -> bytes:
    """The arc as a WKB LineString (lon/lat)."""
    points = arc_points(origin, destination)
    flat = [value for point in points for value in point]
    return struct.pack(f"<BII{len(flat)}d", 1, 2, len(points), *flat)


@cache
def arc_bbox(origin: str, destination: str) -> tuple[float, float, float, float]:
    """West, south, east, north of the arc."""
    points = arc_points(origin, destination)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def meets(row: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    """Whether a flows row's arc may cross `box` (west, south, east, north)."""
    west, south, east, north = arc_bbox(row["origin"], row["destination"])
    return west <= box[2] and east >= box[0] and south <= box[3] and north >= box[1]

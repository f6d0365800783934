"""Translate a CQL2 AST (pygeofilter) into a SQLAlchemy condition over a collection's queryables.

Only whitelisted properties become columns; every literal becomes a bound parameter; operand
types are checked here (a text compared with a number is a 400, not a database error). Spatial
operators map to PostGIS (`S_INTERSECTS` -> `ST_Intersects`, ...); a BBOX literal crossing the
antimeridian (west > east) becomes two boxes. Temporal operators follow CQL2's interval algebra,
an instant being an interval of length zero; open interval ends are infinite.

A text literal compared with a date or timestamp property is read as a date or timestamp when it is
ISO 8601 (`month >= '2020-01-01'`): CQL2 asks for `DATE('2020-01-01')`, but GDAL's OGC API -
Features driver (ogrinfo, QGIS through GDAL) sends `month >= '2020-01-01T'`, and its filter should
run on the server rather than fail. Any other text compared with a date is still a 400.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pygeofilter import ast, values
from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Float,
    and_,
    cast,
    false,
    func,
    literal,
    not_,
    or_,
    true,
)

from map_api.db import SRID
from map_api.features.cql import FilterError
from map_api.features.registry import Collection, Prop

GEOMETRY = "geometry"
MAX_VERTICES = 10_000
MAX_DEPTH = 100
EARLIEST = datetime(1, 1, 1, tzinfo=UTC)  # open interval ends
LATEST = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Operand:
    """An SQL expression with its CQL2 type; `value` holds a literal's Python value."""

    sql: Any
    type: str  # string number boolean date timestamp geometry interval
    literal: bool = False
    value: Any = None
    bounds: tuple[Any, Any] | None = None  # (start, end) for intervals


def to_sql(node: Any, collection: Collection) -> ColumnElement[bool]:
    """The SQL condition for a CQL2 AST, or FilterError naming what is wrong."""
    try:
        result = _Translator(collection).walk(node, 0)
    except RecursionError:
        raise FilterError("the filter is nested too deeply") from None
    if result.type != "boolean":
        raise FilterError("the filter must be a condition (true or false), not a value")
    return result.sql  # type: ignore[no-any-return]


def _bool(sql: Any) -> Operand:
    return Operand(sql, "boolean")


TYPE_OF = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}
COMPARE = {
    ast.Equal: lambda a, b: a == b,
    ast.NotEqual: lambda a, b: a != b,
    ast.LessThan: lambda a, b: a < b,
    ast.LessEqual: lambda a, b: a <= b,
    ast.GreaterThan: lambda a, b: a > b,
    ast.GreaterEqual: lambda a, b: a >= b,
}
SPATIAL = {
    ast.GeometryIntersects: func.ST_Intersects,
    ast.GeometryDisjoint: func.ST_Disjoint,
    ast.GeometryContains: func.ST_Contains,
    ast.GeometryWithin: func.ST_Within,
    ast.GeometryTouches: func.ST_Touches,
    ast.GeometryCrosses: func.ST_Crosses,
    ast.GeometryOverlaps: func.ST_Overlaps,
    ast.GeometryEquals: func.ST_Equals,
}


class _Translator:
    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    def walk(self, node: Any, depth: int) -> Operand:
        if depth > MAX_DEPTH:
            raise FilterError("the filter is nested too deeply")
        d = depth + 1
        if isinstance(node, ast.And | ast.Or):
            lhs, rhs = self.condition(node.lhs, d), self.condition(node.rhs, d)
            return _bool(and_(lhs, rhs) if isinstance(node, ast.And) else or_(lhs, rhs))
        if isinstance(node, ast.Not):
            return _bool(not_(self.condition(node.sub_node, d)))
        if isinstance(node, ast.Include):
            return _bool(false() if node.not_ else true())
        if isinstance(node, ast.Comparison):
            return self.comparison(node, d)
        if isinstance(node, ast.Between):
            return self.between(node, d)
        if isinstance(node, ast.Like):
            return self.like(node, d)
        if isinstance(node, ast.In):
            return self.in_(node, d)
        if isinstance(node, ast.IsNull):
            operand = self.walk(node.lhs, d)
            test = operand.sql.is_not(None) if node.not_ else operand.sql.is_(None)
            return _bool(test)
        if isinstance(node, ast.SpatialComparisonPredicate):
            return self.spatial(node, d)
        if isinstance(node, ast.BBox):
            box = values.Envelope(node.minx, node.maxx, node.miny, node.maxy)
            return self.spatial(ast.GeometryIntersects(node.lhs, box), d)
        if isinstance(node, ast.TemporalPredicate):
            return self.temporal(node, d)
        if isinstance(node, ast.Arithmetic):
            return self.arithmetic(node, d)
        if isinstance(node, ast.Function):
            return self.function(node, d)
        if isinstance(node, ast.Attribute):
            return self.attribute(node.name)
        if isinstance(node, ast.Predicate):
            raise FilterError(f"operator {type(node).__name__} is not supported")
        return self.literal(node)

    def condition(self, node: Any, depth: int) -> Any:
        operand = self.walk(node, depth)
        if operand.type != "boolean":
            raise FilterError("AND, OR and NOT combine conditions, not values")
        return operand.sql

    def attribute(self, name: str) -> Operand:
        if name == GEOMETRY and self.collection.geometry is not None:
            return Operand(self.collection.geometry, "geometry")
        prop: Prop | None = self.collection.queryables.get(name)
        if prop is None:
            known = ", ".join([*self.collection.queryables, GEOMETRY])
            raise FilterError(f"unknown property '{name}'; queryables: {known}")
        kind = "date" if prop.type == "date" else TYPE_OF[prop.type]
        return Operand(prop.column, kind)

    def literal(self, value: Any) -> Operand:
        if isinstance(value, bool):
            return Operand(literal(value), "boolean", True, value)
        if isinstance(value, int | float):
            if not math.isfinite(value):
                raise FilterError("numbers must be finite")
            return Operand(literal(value), "number", True, value)
        if isinstance(value, str):
            return Operand(literal(value), "string", True, value)
        if isinstance(value, datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=UTC)
            return Operand(literal(aware, DateTime(timezone=True)), "timestamp", True, aware)
        if isinstance(value, date):
            return Operand(literal(value, Date), "date", True, value)
        if isinstance(value, values.Interval):
            return self.interval(value)
        if isinstance(value, values.Geometry | values.Envelope):
            return Operand(geometry_literal(value), "geometry", True, value)
        raise FilterError(f"unsupported value {value!r}")

    def interval(self, value: values.Interval) -> Operand:
        ends = [self.literal(v) if v is not None else None for v in (value.start, value.end)]
        for end in ends:
            if end is not None and end.type not in ("date", "timestamp"):
                raise FilterError("interval ends are dates, timestamps or '..'")
        start = ends[0].sql if ends[0] else literal(EARLIEST, DateTime(timezone=True))
        stop = ends[1].sql if ends[1] else literal(LATEST, DateTime(timezone=True))
        return Operand(None, "interval", True, value, (start, stop))

    def temporal_text(self, operand: Operand, other: Operand) -> Operand:
        """`operand` as a date or timestamp literal when it is ISO 8601 text compared with a
        date or timestamp (GDAL writes `'2020-01-01T'` for a date); otherwise unchanged."""
        if not (
            operand.literal and operand.type == "string" and other.type in ("date", "timestamp")
        ):
            return operand
        text = str(operand.value).strip().removesuffix("T")
        try:
            parsed: date = (
                date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
            )
        except ValueError:
            return operand
        return self.literal(parsed)

    def comparison(self, node: ast.Comparison, depth: int) -> Operand:
        lhs, rhs = self.walk(node.lhs, depth), self.walk(node.rhs, depth)
        lhs, rhs = self.temporal_text(lhs, rhs), self.temporal_text(rhs, lhs)
        _check_comparable(lhs, rhs)
        return _bool(COMPARE[type(node)](lhs.sql, rhs.sql))

    def between(self, node: ast.Between, depth: int) -> Operand:
        value, low, high = (self.walk(n, depth) for n in (node.lhs, node.low, node.high))
        low, high = self.temporal_text(low, value), self.temporal_text(high, value)
        for bound in (low, high):
            _check_comparable(value, bound)
        if value.type not in ("number", "date", "timestamp"):
            raise FilterError("BETWEEN compares numbers or dates")
        test = value.sql.between(low.sql, high.sql)
        return _bool(not_(test) if node.not_ else test)

    def like(self, node: ast.Like, depth: int) -> Operand:
        value = self.walk(node.lhs, depth)
        pattern = (
            self.walk(node.pattern, depth)
            if isinstance(node.pattern, ast.Node)
            else self.literal(node.pattern)
        )
        if value.type != "string" or pattern.type != "string":
            raise FilterError("LIKE compares text with a text pattern")
        test = value.sql.ilike(pattern.sql) if node.nocase else value.sql.like(pattern.sql)
        return _bool(not_(test) if node.not_ else test)

    def in_(self, node: ast.In, depth: int) -> Operand:
        value = self.walk(node.lhs, depth)
        options = [self.temporal_text(self.walk(n, depth), value) for n in node.sub_nodes]
        for option in options:
            _check_comparable(value, option)
        test = value.sql.in_([o.sql for o in options])
        return _bool(not_(test) if node.not_ else test)

    def spatial(self, node: ast.SpatialComparisonPredicate, depth: int) -> Operand:
        lhs, rhs = self.walk(node.lhs, depth), self.walk(node.rhs, depth)
        if lhs.type != "geometry" or rhs.type != "geometry":
            raise FilterError("spatial operators compare geometries")
        return _bool(SPATIAL[type(node)](lhs.sql, rhs.sql))

    def temporal(self, node: ast.TemporalPredicate, depth: int) -> Operand:
        a, b = (self._time(n, depth) for n in (node.lhs, node.rhs))
        return _bool(allen(type(node), a, b))

    def _time(self, node: Any, depth: int) -> tuple[Any, Any]:
        operand = self.walk(node, depth)
        if operand.type == "interval":
            assert operand.bounds is not None
            return operand.bounds
        if operand.type not in ("date", "timestamp"):
            raise FilterError("temporal operators compare dates, timestamps and intervals")
        sql = cast(operand.sql, DateTime(timezone=True))
        return sql, sql

    def arithmetic(self, node: ast.Arithmetic, depth: int) -> Operand:
        lhs, rhs = self.walk(node.lhs, depth), self.walk(node.rhs, depth)
        if lhs.type != "number" or rhs.type != "number":
            raise FilterError("arithmetic needs numbers")
        if isinstance(node, ast.Add):
            return Operand(lhs.sql + rhs.sql, "number")
        if isinstance(node, ast.Sub):
            return Operand(lhs.sql - rhs.sql, "number")
        if isinstance(node, ast.Mul):
            return Operand(lhs.sql * rhs.sql, "number")
        if rhs.literal and rhs.value == 0:
            raise FilterError("division by zero")
        return Operand(cast(lhs.sql, Float) / func.nullif(rhs.sql, 0), "number")

    def function(self, node: ast.Function, depth: int) -> Operand:
        name = node.name.lower()
        if name == "bbox" and len(node.arguments) in (4, 6):
            numbers = [self.walk(n, depth) for n in node.arguments]
            if not all(n.literal and n.type == "number" for n in numbers):
                raise FilterError("BBOX takes 4 or 6 numbers")
            v = [n.value for n in numbers]
            west, south, east, north = (v[0], v[1], v[3], v[4]) if len(v) == 6 else v
            return self.literal(values.Envelope(west, east, south, north))
        if name in ("lower", "casei") and len(node.arguments) == 1:
            arg = self.walk(node.arguments[0], depth)
            if arg.type != "string":
                raise FilterError("CASEI takes a text")
            return Operand(func.lower(arg.sql), "string", arg.literal, arg.value)
        raise FilterError(f"unknown function {node.name}")


def _check_comparable(a: Operand, b: Operand) -> None:
    temporal = {"date", "timestamp"}
    if a.type == b.type or {a.type, b.type} <= temporal:
        if a.type in ("geometry", "interval"):
            raise FilterError(f"{a.type}s are compared with spatial or temporal operators")
        return
    raise FilterError(f"cannot compare a {a.type} with a {b.type}")


def allen(op: type, a: tuple[Any, Any], b: tuple[Any, Any]) -> Any:
    """CQL2 temporal relation `op` between intervals a=(start, end) and b=(start, end)."""
    (a0, a1), (b0, b1) = a, b
    relations: dict[type, Any] = {
        ast.TimeBefore: lambda: a1 < b0,
        ast.TimeAfter: lambda: a0 > b1,
        ast.TimeMeets: lambda: a1 == b0,
        ast.TimeMetBy: lambda: a0 == b1,
        ast.TimeOverlaps: lambda: and_(a0 < b0, a1 > b0, a1 < b1),
        ast.TimeOverlappedBy: lambda: and_(a0 > b0, a0 < b1, a1 > b1),
        ast.TimeBegins: lambda: and_(a0 == b0, a1 < b1),
        ast.TimeBegunBy: lambda: and_(a0 == b0, a1 > b1),
        ast.TimeDuring: lambda: and_(a0 > b0, a1 < b1),
        ast.TimeContains: lambda: and_(a0 < b0, a1 > b1),
        ast.TimeEnds: lambda: and_(a0 > b0, a1 == b1),
        ast.TimeEndedBy: lambda: and_(a0 < b0, a1 == b1),
        ast.TimeEquals: lambda: and_(a0 == b0, a1 == b1),
        ast.TimeDisjoint: lambda: or_(a1 < b0, a0 > b1),
    }
    relation = relations.get(op)
    if relation is None:
        raise FilterError(f"temporal operator {op.__name__} is not supported")
    return relation()


def _ring_ok(ring: Any) -> bool:
    return len(ring) >= 4 and tuple(ring[0]) == tuple(ring[-1])


def _check_geometry(geo: dict[str, Any]) -> int:
    """Vertex count of a GeoJSON-like geometry, or FilterError when it cannot be built."""
    kind: Any = geo.get("type")
    coords: Any = geo.get("coordinates")
    if kind == "GeometryCollection":
        return sum(_check_geometry(g) for g in geo.get("geometries", ()))
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
             "Polygon": 2, "MultiPolygon": 3}.get(str(kind))  # fmt: skip
    if depth is None:
        raise FilterError(f"unsupported geometry type {kind}")
    points = _points(coords, depth)
    for x, y in points:
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            raise FilterError("geometry coordinates must be longitude/latitude (CRS84)")
    if kind in ("LineString", "MultiLineString"):
        lines = [coords] if kind == "LineString" else coords
        if any(len(line) < 2 for line in lines):
            raise FilterError("a line needs at least two points")
    if kind in ("Polygon", "MultiPolygon"):
        polygons = [coords] if kind == "Polygon" else coords
        if not all(polygon and all(_ring_ok(r) for r in polygon) for polygon in polygons):
            raise FilterError("polygon rings need 4 or more points and must be closed")
    return len(points)


def _points(coords: Any, depth: int) -> list[tuple[float, float]]:
    try:
        if depth == 0:
            x, y = float(coords[0]), float(coords[1])
            if not (math.isfinite(x) and math.isfinite(y)):
                raise ValueError
            return [(x, y)]
        return [p for child in coords for p in _points(child, depth - 1)]
    except (TypeError, ValueError, IndexError):
        raise FilterError("malformed geometry coordinates") from None


def _envelope(west: float, south: float, east: float, north: float) -> Any:
    return func.ST_MakeEnvelope(west, south, east, north, SRID)


def geometry_literal(value: values.Geometry | values.Envelope) -> Any:
    """A PostGIS geometry (SRID 4326) for a CQL2 geometry or BBOX literal."""
    if isinstance(value, values.Envelope):
        west, east, south, north = value.x1, value.x2, value.y1, value.y2
        numbers = (west, east, south, north)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in numbers):
            raise FilterError("BBOX takes numbers")
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise FilterError("BBOX is west, south, east, north in degrees, south <= north")
        if west > east:  # crosses the antimeridian
            return func.ST_Union(
                _envelope(west, south, 180, north), _envelope(-180, south, east, north)
            )
        return _envelope(west, south, east, north)
    geo = json.loads(json.dumps(value.geometry))  # tuples to lists
    if _check_geometry(geo) > MAX_VERTICES:
        raise FilterError(f"geometries may have at most {MAX_VERTICES} vertices")
    made = func.ST_SetSRID(func.ST_GeomFromGeoJSON(json.dumps(geo)), SRID)
    return func.ST_MakeValid(made)

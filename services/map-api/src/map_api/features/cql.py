"""Parse CQL2 filters (text and JSON) into pygeofilter's AST.

CQL2 JSON goes through pygeofilter's own parser after two fixes to the input: a `bbox` literal
is read in CQL2's order (west, south, east, north) and `t_intersects` becomes `not t_disjoint`
(pygeofilter maps it to `t_overlaps`). CQL2 text goes through pygeofilter's transformer with a
grammar updated for CQL2 1.0 (`cql2.lark`: function-form temporal operators, dates and open ends
in INTERVAL). Any syntax error becomes `FilterError`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pygeofilter.parsers
from lark import Lark, Token, v_args
from lark.exceptions import LarkError
from pygeofilter import ast, values
from pygeofilter.cql2 import TEMPORAL_PREDICATES_MAP
from pygeofilter.parsers.cql2_json import parse as parse_json_ast
from pygeofilter.parsers.cql2_text.parser import CQLTransformer

MAX_FILTER_LENGTH = 20_000


class FilterError(ValueError):
    """The filter cannot be parsed or evaluated; the message says why."""


def _temporal(op: str, lhs: Any, rhs: Any) -> ast.Node:
    name = op.lower()
    if name == "t_intersects":
        return ast.Not(ast.TimeDisjoint(lhs, rhs))
    cls = TEMPORAL_PREDICATES_MAP.get(name)
    if name == "t_disjoint":
        cls = ast.TimeDisjoint
    if cls is None:
        raise FilterError(f"unknown temporal operator {op}")
    return cls(lhs, rhs)


def _instant(raw: str) -> date | datetime:
    if "T" in raw.upper():
        return datetime.fromisoformat(raw.replace("z", "Z"))
    return date.fromisoformat(raw)


@v_args(meta=False, inline=True)
class Transformer(CQLTransformer):  # type: ignore[misc]
    """pygeofilter's CQL transformer plus the CQL2 1.0 forms of `cql2.lark`."""

    def DATE(self, token: Token) -> Token:
        return token

    def binary_temporal_predicate(self, lhs: Any, op: Token, rhs: Any) -> ast.Node:
        return _temporal(str(op), lhs, rhs)

    def temporal_function(self, op: Token, lhs: Any, rhs: Any) -> ast.Node:
        return _temporal(str(op), lhs, rhs)

    def binary_spatial_predicate(self, op: Token, lhs: Any, rhs: Any) -> ast.Node:
        return super().binary_spatial_predicate(str(op).lower(), lhs, rhs)

    def timestamp_literal(self, raw: str) -> datetime:
        value = _instant(raw)
        if not isinstance(value, datetime):
            raise FilterError(f"TIMESTAMP('{raw}') needs a date and a time")
        return value

    def date_literal(self, raw: str) -> date:
        return date.fromisoformat(raw)

    def interval_literal(self, start: str, end: str) -> values.Interval:
        return values.Interval(
            None if start == ".." else _instant(start), None if end == ".." else _instant(end)
        )

    def SINGLE_QUOTED(self, token: Token) -> str:
        return str(token)[1:-1].replace("''", "'")


PARSER = Lark.open(
    "cql2.lark",
    rel_to=__file__,
    parser="lalr",
    maybe_placeholders=False,
    transformer=Transformer(),
    import_paths=[Path(pygeofilter.parsers.__file__).parent],
)


def parse_text(text: str) -> ast.Node:
    """CQL2 text to AST."""
    _check_length(text)
    try:
        return PARSER.parse(text)  # type: ignore[no-any-return]
    except LarkError as exc:
        cause = exc.__context__ if isinstance(exc.__context__, FilterError) else exc
        raise FilterError(_first_line(cause)) from None
    except (ValueError, TypeError) as exc:
        raise FilterError(str(exc)) from None


def _fix_json(node: Any) -> Any:
    if isinstance(node, list):
        return [_fix_json(n) for n in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"bbox"}:
        box = node["bbox"]
        if not isinstance(box, list) or len(box) not in (4, 6):
            raise FilterError("a bbox literal has 4 or 6 numbers")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in box):
            raise FilterError("a bbox literal has numbers only")
        west, south, east, north = (box[0], box[1], box[3], box[4]) if len(box) == 6 else box
        return values.Envelope(west, east, south, north)
    if node.get("op") in ("t_intersects", "t_disjoint"):
        args = node.get("args")
        if not isinstance(args, list) or len(args) != 2:
            raise FilterError(f"{node['op']} takes two arguments")
        lhs, rhs = (parse_json_ast(_fix_json(a)) for a in args)
        disjoint = ast.TimeDisjoint(lhs, rhs)
        return ast.Not(disjoint) if node["op"] == "t_intersects" else disjoint
    if "type" in node and "coordinates" in node:
        return node  # a GeoJSON geometry: left as it is
    return {key: _fix_json(value) for key, value in node.items()}


def parse_json(text: str) -> ast.Node:
    """CQL2 JSON to AST."""
    _check_length(text)
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise FilterError(f"not valid JSON: {exc}") from None
    try:
        return parse_json_ast(_fix_json(document))  # type: ignore[no-any-return]
    except FilterError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise FilterError(f"not a CQL2 JSON expression: {exc}") from None
    except Exception as exc:  # pygeofilter raises bare Exception for some inputs
        raise FilterError(f"not a CQL2 JSON expression: {exc}") from None


def _check_length(text: str) -> None:
    if len(text) > MAX_FILTER_LENGTH:
        raise FilterError(f"longer than {MAX_FILTER_LENGTH} characters")


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] or type(exc).__name__

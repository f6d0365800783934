"""Parsing of the OGC parameters and of CQL2 (no database)."""

from datetime import UTC, datetime

import pytest
from map_api.features import cql
from map_api.features.exceptions import InvalidParameter
from map_api.features.params import parse_bbox, parse_limit
from map_api.features.temporal import parse_datetime
from pygeofilter import ast


def test_datetime_forms() -> None:
    instant = parse_datetime("2020-03-15T10:00:00+02:00")
    assert instant.lo == instant.hi == datetime(2020, 3, 15, 8, tzinfo=UTC)
    assert instant.hi_inclusive
    month = parse_datetime("2020-12")
    assert month.lo == datetime(2020, 12, 1, tzinfo=UTC)
    assert month.hi == datetime(2021, 1, 1, tzinfo=UTC) and not month.hi_inclusive
    open_start = parse_datetime("../2020")
    assert open_start.lo is None and open_start.hi == datetime(2021, 1, 1, tzinfo=UTC)
    open_end = parse_datetime("2020-01-01T00:00:00Z/")
    assert open_end.hi is None
    with pytest.raises(InvalidParameter):
        parse_datetime("2020-03-15T10:00:00")  # RFC 3339 needs an offset


def test_bbox_and_limit() -> None:
    assert parse_bbox("170,60,-170,70").crosses_antimeridian
    assert parse_bbox("1,2,0,3,4,10") == (1, 2, 3, 4)
    assert parse_limit("20000") == 10_000 and parse_limit(None) == 10
    with pytest.raises(InvalidParameter):
        parse_limit("0")


def test_cql2_text_forms_of_cql2_1_0() -> None:
    node = cql.parse_text("T_INTERSECTS(month, INTERVAL('2020-01-01', '..'))")
    assert isinstance(node, ast.Not) and isinstance(node.sub_node, ast.TimeDisjoint)
    assert cql.parse_text("t_after(month, date('2020-01-01'))") == cql.parse_text(
        "month T_AFTER DATE('2020-01-01')"
    )
    assert cql.parse_text("name = 'O''Brien'").rhs == "O'Brien"
    with pytest.raises(cql.FilterError):
        cql.parse_text("kind = ")


def test_cql2_json_bbox_is_west_south_east_north() -> None:
    node = cql.parse_json(
        '{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [10, 40, 20, 50]}]}'
    )
    box = node.rhs
    assert (box.x1, box.x2, box.y1, box.y2) == (10, 20, 40, 50)

"""The `datetime` parameter: RFC 3339 instants and intervals with open ends, and the SQL that
selects features whose time extent intersects them.

Accepted: `2020-03-15T10:00:00Z` (instant), `2020-03-15` (that whole day, UTC), and as a
convenience `2020-03` (the month) and `2020` (the year); intervals `start/end` with `..` or an
empty string for an open end. Date-only ends cover their whole day, month or year. Feature time
extents are dates; a monthly statistic covers its whole month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from map_api.features.exceptions import InvalidParameter
from map_api.features.registry import Temporal

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
OPEN = ("", "..")


@dataclass(frozen=True)
class TimeRange:
    """An interval in UTC; `None` ends are open; `hi` is inclusive for instants and date-times."""

    lo: datetime | None
    hi: datetime | None
    hi_inclusive: bool


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def _at(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=UTC)


def _parse_one(raw: str) -> tuple[datetime, datetime, bool]:
    """(start, end, end_inclusive) of one instant or calendar period."""
    if DATE_TIME.match(raw):
        try:
            t = datetime.fromisoformat(raw.replace("z", "Z")).astimezone(UTC)
        except ValueError:
            raise InvalidParameter("datetime", f"'{raw}' is not a valid date-time", raw) from None
        return t, t, True
    m = PARTIAL.match(raw)
    if not m:
        raise InvalidParameter(
            "datetime",
            "expected an RFC 3339 date-time (2020-03-15T10:00:00Z), a date (2020-03-15), "
            "a month (2020-03), a year (2020), or an interval start/end with '..' for open ends",
            raw,
        )
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        start = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidParameter("datetime", f"'{raw}' is not a valid date", raw) from None
    unit = "day" if day else "month" if month else "year"
    return _at(start), _at(_next(start, unit)), False


def parse_datetime(raw: str) -> TimeRange:
    """Parse the `datetime` parameter or raise InvalidParameter (400)."""
    raw = raw.strip()
    if "/" not in raw:
        start, stop, inclusive = _parse_one(raw)
        return TimeRange(start, stop, inclusive)
    parts = raw.split("/")
    if len(parts) != 2:
        raise InvalidParameter("datetime", "an interval has exactly one '/'", raw)
    start_raw, end_raw = (p.strip() for p in parts)
    if start_raw in OPEN and end_raw in OPEN and not (start_raw == end_raw == ".."):
        raise InvalidParameter("datetime", "an interval needs at least one end", raw)
    lo: datetime | None = None if start_raw in OPEN else _parse_one(start_raw)[0]
    hi: datetime | None = None
    inclusive = False
    if end_raw not in OPEN:
        _, hi, inclusive = _parse_one(end_raw)
    if lo is not None and hi is not None and (lo > hi or (lo == hi and not inclusive)):
        raise InvalidParameter("datetime", "the interval ends before it starts", raw)
    return TimeRange(lo, hi, inclusive)


def _first_of_month(d: date) -> date:
    return d.replace(day=1)


def condition(temporal: Temporal, when: TimeRange) -> ColumnElement[bool] | None:
    """Rows whose [start, end) dates intersect `when` (None: no restriction)."""
    conds: list[Any] = []
    if when.lo is not None:
        lo_day = when.lo.date()  # end > lo  <=>  end > lo's UTC date (ends are midnights)
        if temporal.monthly:
            conds.append(temporal.start >= _first_of_month(lo_day))
        elif temporal.end is not None:
            conds.append(or_(temporal.end.is_(None), temporal.end > lo_day))
        else:
            conds.append(temporal.start >= lo_day)
    if when.hi is not None:
        hi_day = when.hi.date()
        strict = not when.hi_inclusive and when.hi.timetz().replace(tzinfo=None) == time()
        conds.append(temporal.start < hi_day if strict else temporal.start <= hi_day)
    return and_(*conds) if conds else None

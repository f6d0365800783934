"""Periods and the filters on them: a year (`2023`), a quarter (`2023-Q1`) or a month (`2023-03`).

Frequencies: `A` annual, `Q` quarterly, `M` monthly. `period_from` and `period_to` compare periods
of one frequency and imply it when `frequency` is not given (`period_from=2023-01` lists monthly
values from January 2023); the year filters (`year`, `year_from`, `year_to`) apply to the year of
any period. "Most recent" orders periods by the month they end in and, when a year, its fourth
quarter and its December end together, prefers the annual value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from imap_kit.errors import FieldError, InvalidInput
from pydantic import AfterValidator, Field
from sqlalchemy import ColumnElement, Integer, case, cast, func

from profiles_api.imports.common import check_period

PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$"


class Frequency(StrEnum):
    """How often a series is published."""

    A = "A"
    Q = "Q"
    M = "M"


def frequency_of(period: str) -> Frequency:
    """The frequency of a well-formed period."""
    if len(period) == 4:
        return Frequency.A
    return Frequency.Q if period[5] == "Q" else Frequency.M


def _valid_period(period: str) -> str:
    if reason := check_period(period):
        raise ValueError(reason)
    return period


Period = Annotated[
    str,
    AfterValidator(_valid_period),
    Field(
        description="A year (`2023`), quarter (`2023-Q1`) or month (`2023-03`) in 1900-2100.",
        examples=["2023"],
    ),
]


@dataclass
class PeriodFilter:
    """Which periods to keep: year range, frequency and a period range of one frequency."""

    year_from: int | None = None
    year_to: int | None = None
    frequency: Frequency | None = None
    period_from: str | None = None
    period_to: str | None = None

    def check(self, prefix: str = "query") -> None:
        """422 naming the parameter when the ranges are inverted or mix frequencies."""
        errors: list[FieldError] = []
        if self.year_from is not None and self.year_to is not None:
            if self.year_from > self.year_to:
                reason = f"year_from ({self.year_from}) is after year_to ({self.year_to})"
                errors.append(FieldError(field=f"{prefix}.year_from", reason=reason))
        ends = (("period_from", self.period_from), ("period_to", self.period_to))
        for name, period in ((n, p) for n, p in ends if p is not None):
            if problem := check_period(period):
                errors.append(FieldError(field=f"{prefix}.{name}", reason=problem, value=period))
                continue
            found = frequency_of(period)
            if self.frequency is None:
                self.frequency = found
            elif found is not self.frequency:
                reason = f"{period} is not of frequency {self.frequency.value}"
                errors.append(FieldError(field=f"{prefix}.{name}", reason=reason, value=period))
        if self.period_from and self.period_to and not errors:
            if self.period_from > self.period_to:
                reason = f"period_from ({self.period_from}) is after period_to ({self.period_to})"
                errors.append(FieldError(field=f"{prefix}.period_from", reason=reason))
        if errors:
            raise InvalidInput("; ".join(f"{e.field}: {e.reason}" for e in errors), errors=errors)

    def conditions(self, year: Any, period: Any) -> list[ColumnElement[bool]]:
        """SQL conditions on a table's `year` and `period` columns."""
        out: list[ColumnElement[bool]] = []
        if self.year_from is not None:
            out.append(year >= self.year_from)
        if self.year_to is not None:
            out.append(year <= self.year_to)
        if self.frequency is not None:
            out.append(frequency_condition(period, self.frequency))
        # Within one frequency the text order of periods is their time order.
        if self.period_from is not None:
            out.append(period >= self.period_from)
        if self.period_to is not None:
            out.append(period <= self.period_to)
        return out


def frequency_condition(period: Any, frequency: Frequency) -> ColumnElement[bool]:
    """SQL: the period is of this frequency."""
    if frequency is Frequency.A:
        return func.length(period) == 4
    quarter = func.substr(period, 6, 1) == "Q"
    return quarter if frequency is Frequency.Q else (func.length(period) == 7) & ~quarter


def end_month(period: Any) -> ColumnElement[int]:
    """SQL: the month (1-12) a period ends in."""
    return case(
        (func.length(period) == 4, 12),
        (func.substr(period, 6, 1) == "Q", cast(func.substr(period, 7, 1), Integer) * 3),
        else_=cast(func.substr(period, 6, 2), Integer),
    )


def recency(year: Any, period: Any) -> list[Any]:
    """ORDER BY terms putting the most recent period first (annual before its Q4 and December)."""
    return [year.desc(), end_month(period).desc(), func.length(period).asc()]

"""Indicator and observation queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ARRAY, Integer, Select, func, literal, select, true
from sqlalchemy.dialects.postgresql import aggregate_order_by, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from profiles_api.countries.models import Country
from profiles_api.indicators.models import Indicator, Observation


@dataclass
class ObservationFilter:
    """Which observations of one indicator to return."""

    indicator_code: str
    countries: list[str]
    year_from: int | None
    year_to: int | None
    groups: list[str] = field(default_factory=list)


SORTS = {
    "country": Observation.country_iso3,
    "year": Observation.year,
    "value": Observation.value,
}


def _order(sort: str) -> list[Any]:
    """`year`, `-value`...: the named key first, then country and year as tie-breakers."""
    column = SORTS[sort.lstrip("-")]
    first = column.desc() if sort.startswith("-") else column.asc()
    return [first, Observation.country_iso3, Observation.year, Observation.source_dataset]


class IndicatorRepository:
    """Reads the catalogue and observations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _with_coverage(self) -> Select:
        cov = (
            select(
                Observation.indicator_code,
                func.min(Observation.year).label("first_year"),
                func.max(Observation.year).label("last_year"),
                func.count().label("observation_count"),
            )
            .group_by(Observation.indicator_code)
            .subquery()
        )
        return select(
            Indicator,
            cov.c.first_year,
            cov.c.last_year,
            func.coalesce(cov.c.observation_count, 0).label("observation_count"),
        ).outerjoin(cov, cov.c.indicator_code == Indicator.code)

    async def get(self, code: str) -> tuple | None:
        row = (
            await self.session.execute(self._with_coverage().where(Indicator.code == code))
        ).first()
        return tuple(row) if row else None

    async def exists(self, code: str) -> bool:
        return await self.session.get(Indicator, code) is not None

    async def find(self, *, topic: str | None, limit: int, offset: int) -> tuple[list[tuple], int]:
        query = self._with_coverage()
        count = select(func.count()).select_from(Indicator)
        if topic:
            query = query.where(Indicator.topic == topic)
            count = count.where(Indicator.topic == topic)
        rows = await self.session.execute(
            query.order_by(Indicator.code).limit(limit).offset(offset)
        )
        return [tuple(r) for r in rows], (await self.session.scalar(count)) or 0

    def _filtered(self, flt: ObservationFilter) -> Select[Observation, str]:
        query = (
            select(Observation, Indicator.unit)
            .join(Indicator, Indicator.code == Observation.indicator_code)
            .where(Observation.indicator_code == flt.indicator_code)
        )
        if flt.countries:
            query = query.where(Observation.country_iso3.in_(flt.countries))
        if flt.groups:
            members = select(Country.iso3).where(Country.pp_group.in_(flt.groups))
            query = query.where(Observation.country_iso3.in_(members))
        if flt.year_from is not None:
            query = query.where(Observation.year >= flt.year_from)
        if flt.year_to is not None:
            query = query.where(Observation.year <= flt.year_to)
        return query

    async def latest(
        self, flt: ObservationFilter, *, limit: int, offset: int
    ) -> tuple[list[tuple[Observation, str]], int]:
        """Each country's most recent value (within the filter), by country."""
        newest = (
            self._filtered(flt)
            .order_by(Observation.country_iso3, Observation.year.desc())
            .ext(distinct_on(Observation.country_iso3))
            .subquery()
        )
        obs = aliased(Observation, newest)
        query = select(obs, newest.c.unit).order_by(obs.country_iso3)
        total = await self.session.scalar(select(func.count()).select_from(newest))
        rows = await self.session.execute(query.limit(limit).offset(offset))
        return [(o, unit) for o, unit in rows], total or 0

    async def observations(
        self, flt: ObservationFilter, *, sort: str, limit: int, offset: int
    ) -> tuple[list[tuple[Observation, str]], int]:
        query = self._filtered(flt)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(*_order(sort))
        rows = await self.session.execute(ordered.limit(limit).offset(offset))
        return [(obs, unit) for obs, unit in rows], total or 0


@dataclass
class GapFilter:
    """Which country × indicator cells to check, over which years."""

    year_from: int
    year_to: int
    countries: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


async def data_gaps(
    session: AsyncSession, flt: GapFilter, *, only_gaps: bool, limit: int, offset: int
) -> tuple[list[Any], int]:
    """For each country and indicator: the years in the range without any value."""
    years = select(func.generate_series(flt.year_from, flt.year_to).label("year")).subquery()
    cells = (
        select(Country.iso3, Indicator.code, years.c.year)
        .select_from(Country)
        .join(Indicator, true())
        .join(years, true())
    )
    if flt.countries:
        cells = cells.where(Country.iso3.in_(flt.countries))
    if flt.groups:
        cells = cells.where(Country.pp_group.in_(flt.groups))
    if flt.indicators:
        cells = cells.where(Indicator.code.in_(flt.indicators))
    grid = cells.subquery()
    present = (
        select(Observation.id)
        .where(
            Observation.country_iso3 == grid.c.iso3,
            Observation.indicator_code == grid.c.code,
            Observation.year == grid.c.year,
        )
        .exists()
    )
    missing = func.array_agg(aggregate_order_by(grid.c.year, grid.c.year)).filter(~present)
    query = (
        select(
            grid.c.iso3.label("country_iso3"),
            grid.c.code.label("indicator_code"),
            func.count().filter(present).label("available"),
            func.coalesce(missing, literal([], ARRAY(Integer))).label("missing_years"),
        )
        .group_by(grid.c.iso3, grid.c.code)
        .order_by(grid.c.iso3, grid.c.code)
    )
    if only_gaps:
        query = query.having(func.count().filter(~present) > 0)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(query.limit(limit).offset(offset))
    return list(rows), total or 0

"""Indicator and observation queries (the default view is `sources.chosen`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    and_,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.flows.models import BilateralObservation
from profiles_api.indicators.models import Dataset, Indicator, Observation
from profiles_api.indicators.periods import PeriodFilter, recency
from profiles_api.indicators.sources import SourceChoice, chosen, ranking

CELL = [Observation.indicator_code, Observation.country_iso3, Observation.period]
Row = tuple[Observation, str, int]  # the observation, its indicator's unit and scale


@dataclass
class ObservationFilter:
    """Which observations of one indicator to return, and from which sources."""

    indicator_code: str
    countries: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    periods: PeriodFilter = field(default_factory=PeriodFilter)
    sources: SourceChoice = field(default_factory=SourceChoice)


SORTS = {
    "country": Observation.country_iso3,
    "year": Observation.year,
    "value": Observation.value,
}


def _order(sort: str) -> list[Any]:
    """`year`, `-value`...: the named key first, then country, year, period and source rank."""
    column = SORTS[sort.lstrip("-")]
    first = column.desc() if sort.startswith("-") else column.asc()
    return [first, Observation.country_iso3, Observation.year, Observation.period, *ranking()]


def _conditions(flt: ObservationFilter) -> list[ColumnElement[bool]]:
    out = [Observation.indicator_code == flt.indicator_code]
    if flt.countries:
        out.append(Observation.country_iso3.in_(flt.countries))
    if flt.groups:
        members = select(Country.iso3).where(Country.pp_group.in_(flt.groups))
        out.append(Observation.country_iso3.in_(members))
    return out + flt.periods.conditions(Observation.year, Observation.period)


def selected(flt: ObservationFilter) -> list[ColumnElement[bool]]:
    """SQL conditions selecting the filter's observations in its source view."""
    return chosen(Observation, CELL, _conditions(flt), flt.sources)


def _rows() -> Select:
    return (
        select(Observation, Indicator.unit, Indicator.scale)
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .join(Dataset, Dataset.code == Observation.source_dataset)
    )


class IndicatorRepository:
    """Reads and writes the catalogue."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _with_coverage(self) -> Select:
        values = union_all(
            select(Observation.indicator_code, Observation.year),
            select(BilateralObservation.indicator_code, BilateralObservation.year),
        ).subquery()
        cov = (
            select(
                values.c.indicator_code,
                func.min(values.c.year).label("first_year"),
                func.max(values.c.year).label("last_year"),
                func.count().label("observation_count"),
            )
            .group_by(values.c.indicator_code)
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

    async def entry(self, code: str, *, for_update: bool = False) -> Indicator | None:
        """The catalogue entry alone (locked for an update when asked)."""
        return await self.session.get(Indicator, code, with_for_update=for_update)

    async def exists(self, code: str) -> bool:
        return await self.session.get(Indicator, code) is not None

    async def find(
        self, *, topic: str | None, kind: str | None, limit: int, offset: int
    ) -> tuple[list[tuple], int]:
        query = self._with_coverage()
        count = select(func.count()).select_from(Indicator)
        for column, value in ((Indicator.topic, topic), (Indicator.kind, kind)):
            if value:
                query = query.where(column == value)
                count = count.where(column == value)
        rows = await self.session.execute(
            query.order_by(Indicator.code).limit(limit).offset(offset)
        )
        return [tuple(r) for r in rows], (await self.session.scalar(count)) or 0

    async def value_counts(self, code: str) -> tuple[int, int]:
        """How many (country observations, bilateral observations) the indicator has."""
        counts = []
        for model in (Observation, BilateralObservation):
            query = select(func.count()).where(model.indicator_code == code)
            counts.append((await self.session.scalar(query)) or 0)
        return counts[0], counts[1]

    async def has_negative(self, code: str) -> bool:
        """True when any value of the indicator is below 0."""
        for model in (Observation, BilateralObservation):
            query = select(model.id).where(model.indicator_code == code, model.value < 0).limit(1)
            if await self.session.scalar(query) is not None:
                return True
        return False

    async def remove(self, indicator: Indicator) -> None:
        await self.session.delete(indicator)
        await self.session.flush()


class ObservationRepository:
    """Reads observations in the default, one-source or all-sources view."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _count(self, conditions: list[ColumnElement[bool]]) -> int:
        query = select(func.count()).select_from(Observation).where(*conditions)
        return (await self.session.scalar(query)) or 0

    async def observations(
        self, flt: ObservationFilter, *, sort: str, limit: int, offset: int
    ) -> tuple[list[Row], int]:
        conditions = selected(flt)
        query = _rows().where(*conditions).order_by(*_order(sort)).limit(limit).offset(offset)
        rows = await self.session.execute(query)
        return [(o, unit, scale) for o, unit, scale in rows], await self._count(conditions)

    async def latest(
        self, flt: ObservationFilter, *, limit: int, offset: int
    ) -> tuple[list[Row], int]:
        """Each country's most recent period (within the filter), by country."""
        conditions = selected(flt)
        newest = (
            select(Observation.country_iso3, Observation.period)
            .where(*conditions)
            .order_by(Observation.country_iso3, *recency(Observation.year, Observation.period))
            .ext(distinct_on(Observation.country_iso3))
            .subquery()
        )
        query = (
            _rows()
            .join(
                newest,
                and_(
                    newest.c.country_iso3 == Observation.country_iso3,
                    newest.c.period == Observation.period,
                ),
            )
            .where(*conditions)
        )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(Observation.country_iso3, *ranking())
        rows = await self.session.execute(ordered.limit(limit).offset(offset))
        return [(o, unit, scale) for o, unit, scale in rows], total or 0

    async def get(self, observation_id: int, *, for_update: bool = False) -> Observation | None:
        return await self.session.get(Observation, observation_id, with_for_update=for_update)

    async def read(self, observation_id: int) -> Row | None:
        row = (await self.session.execute(_rows().where(Observation.id == observation_id))).first()
        return (row[0], row[1], row[2]) if row else None

    async def table_countries(
        self, countries: list[str], groups: list[str], *, limit: int, offset: int
    ) -> tuple[list[Country], int]:
        """The table's rows: register states within the filter, by English name."""
        query = select(Country)
        if countries:
            query = query.where(Country.iso3.in_(countries))
        if groups:
            query = query.where(Country.pp_group.in_(groups))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        page = query.order_by(Country.name_en, Country.iso3).limit(limit).offset(offset)
        return list(await self.session.scalars(page)), total or 0

    async def annual(self, flt: ObservationFilter) -> list[Observation]:
        """The values of the filter's view (the table's cells: annual ones)."""
        rows = await self.session.scalars(
            select(Observation).where(*selected(flt)).order_by(Observation.year)
        )
        return list(rows)

    async def year_span(self, flt: ObservationFilter) -> tuple[int | None, int | None]:
        """First and last year with a value in the filter's view."""
        row = (
            await self.session.execute(
                select(func.min(Observation.year), func.max(Observation.year)).where(*selected(flt))
            )
        ).one()
        return row[0], row[1]


@dataclass
class GapFilter:
    """Which country × indicator cells to check, over which years, in which source."""

    year_from: int
    year_to: int
    countries: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    source: str | None = None


async def data_gaps(
    session: AsyncSession, flt: GapFilter, *, only_gaps: bool, limit: int, offset: int
) -> tuple[list[Any], int]:
    """For each country and country indicator: the years in the range without any value."""
    years = select(func.generate_series(flt.year_from, flt.year_to).label("year")).subquery()
    cells = (
        select(Country.iso3, Indicator.code, years.c.year)
        .select_from(Country)
        .join(Indicator, true())
        .join(years, true())
        .where(Indicator.kind == "country")
    )
    if flt.countries:
        cells = cells.where(Country.iso3.in_(flt.countries))
    if flt.groups:
        cells = cells.where(Country.pp_group.in_(flt.groups))
    if flt.indicators:
        cells = cells.where(Indicator.code.in_(flt.indicators))
    grid = cells.subquery()
    found = [
        Observation.country_iso3 == grid.c.iso3,
        Observation.indicator_code == grid.c.code,
        Observation.year == grid.c.year,
    ]
    if flt.source:
        found.append(Observation.source_dataset == flt.source)
    present = select(Observation.id).where(*found).exists()
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

"""Bilateral flow queries, in the same source-wins view as country values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from profiles_api.countries.models import Country
from profiles_api.flows.models import BilateralObservation as Flow
from profiles_api.indicators.models import Dataset, Indicator
from profiles_api.indicators.periods import PeriodFilter, recency
from profiles_api.indicators.sources import SourceChoice, chosen, ranking

CELL = [Flow.indicator_code, Flow.origin_iso3, Flow.destination_iso3, Flow.period]
Origin = aliased(Country, name="origin")
Destination = aliased(Country, name="destination")


@dataclass
class FlowFilter:
    """Which flows of one bilateral indicator to return, and from which sources."""

    indicator_code: str
    origins: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    corridors: list[tuple[str, str]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    origin_groups: list[str] = field(default_factory=list)
    destination_groups: list[str] = field(default_factory=list)
    periods: PeriodFilter = field(default_factory=PeriodFilter)
    sources: SourceChoice = field(default_factory=SourceChoice)

    def codes(self) -> list[str]:
        """Every ISO3 code the filter names."""
        return [*self.origins, *self.destinations, *self.countries] + [
            c for pair in self.corridors for c in pair
        ]


SORTS = {
    "value": Flow.value,
    "year": Flow.year,
    "origin": Flow.origin_iso3,
    "destination": Flow.destination_iso3,
}


def _members(groups: list[str]) -> Select:
    return select(Country.iso3).where(Country.pp_group.in_(groups))


def _conditions(flt: FlowFilter) -> list[ColumnElement[bool]]:
    out = [Flow.indicator_code == flt.indicator_code]
    if flt.origins:
        out.append(Flow.origin_iso3.in_(flt.origins))
    if flt.destinations:
        out.append(Flow.destination_iso3.in_(flt.destinations))
    if flt.countries:
        out.append(
            or_(Flow.origin_iso3.in_(flt.countries), Flow.destination_iso3.in_(flt.countries))
        )
    if flt.corridors:
        out.append(tuple_(Flow.origin_iso3, Flow.destination_iso3).in_(flt.corridors))
    if flt.groups:
        members = _members(flt.groups)
        out.append(or_(Flow.origin_iso3.in_(members), Flow.destination_iso3.in_(members)))
    if flt.origin_groups:
        out.append(Flow.origin_iso3.in_(_members(flt.origin_groups)))
    if flt.destination_groups:
        out.append(Flow.destination_iso3.in_(_members(flt.destination_groups)))
    return out + flt.periods.conditions(Flow.year, Flow.period)


def _rows() -> Select:
    return (
        select(Flow, Indicator.unit, Indicator.scale, Origin, Destination)
        .join(Indicator, Indicator.code == Flow.indicator_code)
        .join(Dataset, Dataset.code == Flow.source_dataset)
        .join(Origin, Origin.iso3 == Flow.origin_iso3)
        .join(Destination, Destination.iso3 == Flow.destination_iso3)
    )


Row = tuple[Flow, str, int, Country, Country]


class FlowRepository:
    """Reads and locks bilateral observations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(
        self, flt: FlowFilter, *, sort: str, limit: int, offset: int
    ) -> tuple[list[Row], int]:
        conditions = chosen(Flow, CELL, _conditions(flt), flt.sources)
        column = SORTS[sort.lstrip("-")]
        first = column.desc() if sort.startswith("-") else column.asc()
        order = [first, Flow.origin_iso3, Flow.destination_iso3, Flow.year, Flow.period]
        query = _rows().where(*conditions).order_by(*order, *ranking())
        rows = await self.session.execute(query.limit(limit).offset(offset))
        total = await self.session.scalar(select(func.count()).select_from(Flow).where(*conditions))
        return [tuple(r) for r in rows], total or 0  # type: ignore[misc]

    async def read(self, flow_id: int) -> Row | None:
        row = (await self.session.execute(_rows().where(Flow.id == flow_id))).first()
        return tuple(row) if row else None  # type: ignore[return-value]

    async def get(self, flow_id: int, *, for_update: bool = False) -> Flow | None:
        return await self.session.get(Flow, flow_id, with_for_update=for_update)

    async def key_holder(self, values: dict[str, Any]) -> int | None:
        """The id of the flow with this key (indicator, pair, period, dataset), if any."""
        keys = ("indicator_code", "origin_iso3", "destination_iso3", "period", "source_dataset")
        query = select(Flow.id).where(*(getattr(Flow, k) == values[k] for k in keys))
        return await self.session.scalar(query)

    async def latest_period(
        self, conditions: list[ColumnElement[bool]], sources: SourceChoice
    ) -> str | None:
        """The most recent period with a value among `conditions`."""
        query = (
            select(Flow.period)
            .where(*chosen(Flow, CELL, conditions, sources))
            .order_by(*recency(Flow.year, Flow.period))
            .limit(1)
        )
        return await self.session.scalar(query)

    async def partners(
        self,
        conditions: list[ColumnElement[bool]],
        sources: SourceChoice,
        *,
        limit: int,
        offset: int,
    ) -> tuple[list[Row], int]:
        """Flows meeting `conditions` in the source view, largest first."""
        where = chosen(Flow, CELL, conditions, sources)
        order = [Flow.value.desc(), Flow.origin_iso3, Flow.destination_iso3]
        rows = await self.session.execute(
            _rows().where(*where).order_by(*order).limit(limit).offset(offset)
        )
        total = await self.session.scalar(select(func.count()).select_from(Flow).where(*where))
        return [tuple(r) for r in rows], total or 0  # type: ignore[misc]

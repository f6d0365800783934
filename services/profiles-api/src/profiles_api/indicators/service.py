"""Indicator reads: the catalogue, observations in the source-wins view, the table, data gaps."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.editing import invalid
from profiles_api.indicators import repository
from profiles_api.indicators.exceptions import (
    IndicatorNotFound,
    InvalidYearRange,
    ObservationNotFound,
)
from profiles_api.indicators.models import Dataset, Indicator, Observation
from profiles_api.indicators.observation_schemas import ObservationRead, TableRow
from profiles_api.indicators.periods import Frequency
from profiles_api.indicators.repository import (
    GapFilter,
    IndicatorRepository,
    ObservationFilter,
    ObservationRepository,
)
from profiles_api.indicators.schemas import DataGapRead, IndicatorRead
from profiles_api.indicators.sources import SourceChoice


def _indicator(row: tuple) -> IndicatorRead:
    indicator, first_year, last_year, count = row
    return IndicatorRead.model_validate(
        {
            **{
                c: getattr(indicator, c)
                for c in IndicatorRead.model_fields
                if hasattr(indicator, c)
            },
            "version": indicator.row_version,
            "first_year": first_year,
            "last_year": last_year,
            "observation_count": count,
        }
    )


OBSERVATION_COLUMNS = [
    c for c in ObservationRead.model_fields if c not in ("unit", "scale", "version")
]


def to_read(observation: Observation, unit: str, scale: int) -> ObservationRead:
    """An observation with its indicator's unit and scale."""
    return ObservationRead.model_validate(
        {
            **{c: getattr(observation, c) for c in OBSERVATION_COLUMNS},
            "unit": unit,
            "scale": scale,
            "version": observation.row_version,
        }
    )


async def list_indicators(
    session: AsyncSession, *, topic: str | None, kind: str | None, limit: int, offset: int
) -> tuple[list[IndicatorRead], int]:
    """The catalogue, with each indicator's year coverage."""
    rows, total = await IndicatorRepository(session).find(
        topic=topic, kind=kind, limit=limit, offset=offset
    )
    return [_indicator(r) for r in rows], total


async def get_indicator(session: AsyncSession, code: str) -> IndicatorRead:
    """One indicator, or IndicatorNotFound."""
    row = await IndicatorRepository(session).get(code)
    if row is None:
        raise IndicatorNotFound(code)
    return _indicator(row)


async def indicator_of_kind(
    session: AsyncSession, code: str, kind: str, *, field: str = "path.code"
) -> Indicator:
    """The catalogue entry; 404 when unknown, 422 naming `field` when of the other kind."""
    indicator = await IndicatorRepository(session).entry(code)
    if indicator is None:
        raise IndicatorNotFound(code)
    if indicator.kind != kind:
        where = "/v1/flows" if indicator.kind == "bilateral" else "/v1/indicators/{code}/..."
        reason = f"{code} is a {indicator.kind} indicator, not a {kind} one: read it at {where}"
        raise invalid((field, reason, code))
    return indicator


async def check_source(session: AsyncSession, choice: SourceChoice) -> None:
    """422 naming `query.source` when it is not a known dataset."""
    if choice.source is not None and await session.get(Dataset, choice.source) is None:
        raise invalid(("query.source", "unknown dataset: see /v1/datasets", choice.source))


async def _checked(session: AsyncSession, flt: ObservationFilter) -> ObservationRepository:
    await indicator_of_kind(session, flt.indicator_code, "country")
    flt.periods.check()
    await check_source(session, flt.sources)
    flt.countries = [c.upper() for c in flt.countries]
    return ObservationRepository(session)


async def list_observations(
    session: AsyncSession, flt: ObservationFilter, *, sort: str, limit: int, offset: int
) -> tuple[list[ObservationRead], int]:
    """Observations of one indicator, filtered by countries, groups, years and periods."""
    repo = await _checked(session, flt)
    rows, total = await repo.observations(flt, sort=sort, limit=limit, offset=offset)
    return [to_read(*r) for r in rows], total


async def latest_observations(
    session: AsyncSession, flt: ObservationFilter, *, limit: int, offset: int
) -> tuple[list[ObservationRead], int]:
    """Each country's most recent value of one indicator."""
    repo = await _checked(session, flt)
    rows, total = await repo.latest(flt, limit=limit, offset=offset)
    return [to_read(*r) for r in rows], total


async def get_observation(session: AsyncSession, observation_id: int) -> ObservationRead:
    """One observation, or ObservationNotFound."""
    row = await ObservationRepository(session).read(observation_id)
    if row is None:
        raise ObservationNotFound(observation_id)
    return to_read(*row)


async def table(
    session: AsyncSession, flt: ObservationFilter, *, limit: int, offset: int
) -> tuple[list[TableRow], int, list[int]]:
    """Country × year: one row per register state in the filter, a value per year (annual)."""
    flt.periods.frequency = Frequency.A
    repo = await _checked(session, flt)
    indicator = await IndicatorRepository(session).entry(flt.indicator_code)
    assert indicator is not None  # checked above
    countries, total = await repo.table_countries(
        flt.countries, flt.groups, limit=limit, offset=offset
    )
    first, last = flt.periods.year_from, flt.periods.year_to
    if first is None or last is None:
        low, high = await repo.year_span(flt)
        first = first if first is not None else (low if low is not None else last)
        last = last if last is not None else (high if high is not None else first)
    years = list(range(first, last + 1)) if first is not None and last is not None else []
    cells: dict[str, list[Observation]] = {c.iso3: [] for c in countries}
    if years and countries:
        periods = replace(flt.periods, year_from=first, year_to=last)
        page = replace(flt, countries=list(cells), groups=[], periods=periods)
        for obs in await repo.annual(page):
            cells[obs.country_iso3].append(obs)
    rows = [_table_row(c, indicator, years, cells[c.iso3]) for c in countries]
    return rows, total, years


def _table_row(
    country: Country, indicator: Indicator, years: list[int], values: list[Observation]
) -> TableRow:
    by_year = {str(y): None for y in years} | {str(o.year): o.value for o in values}
    return TableRow(
        country_iso3=country.iso3,
        name_en=country.name_en,
        name_ru=country.name_ru,
        indicator_code=indicator.code,
        unit=indicator.unit,
        scale=indicator.scale,
        values=by_year,
        flags={str(o.year): o.flags for o in values if o.flags},
        sources=sorted({o.source_dataset for o in values}),
    )


async def data_gaps(
    session: AsyncSession, flt: GapFilter, *, only_gaps: bool, limit: int, offset: int
) -> tuple[list[DataGapRead], int]:
    """The data-gap matrix: missing years per country and indicator."""
    if flt.year_from > flt.year_to:
        raise InvalidYearRange(f"year_from ({flt.year_from}) is after year_to ({flt.year_to}).")
    if flt.year_to - flt.year_from > 200:
        raise InvalidYearRange("A data-gap range spans at most 200 years.")
    await check_source(session, SourceChoice(source=flt.source))
    flt.countries = [c.upper() for c in flt.countries]
    rows, total = await repository.data_gaps(
        session, flt, only_gaps=only_gaps, limit=limit, offset=offset
    )
    return [DataGapRead.model_validate(r) for r in rows], total

"""Indicator rules."""

from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.indicators import repository
from profiles_api.indicators.exceptions import IndicatorNotFound, InvalidYearRange
from profiles_api.indicators.models import Observation
from profiles_api.indicators.repository import GapFilter, IndicatorRepository, ObservationFilter
from profiles_api.indicators.schemas import DataGapRead, IndicatorRead, ObservationRead


def _indicator(row: tuple) -> IndicatorRead:
    indicator, first_year, last_year, count = row
    return IndicatorRead.model_validate(
        {
            **{
                c: getattr(indicator, c)
                for c in IndicatorRead.model_fields
                if hasattr(indicator, c)
            },
            "first_year": first_year,
            "last_year": last_year,
            "observation_count": count,
        }
    )


async def list_indicators(
    session: AsyncSession, *, topic: str | None, limit: int, offset: int
) -> tuple[list[IndicatorRead], int]:
    """The catalogue, with each indicator's year coverage."""
    rows, total = await IndicatorRepository(session).find(topic=topic, limit=limit, offset=offset)
    return [_indicator(r) for r in rows], total


async def get_indicator(session: AsyncSession, code: str) -> IndicatorRead:
    """One indicator, or IndicatorNotFound."""
    row = await IndicatorRepository(session).get(code)
    if row is None:
        raise IndicatorNotFound(code)
    return _indicator(row)


async def _checked(session: AsyncSession, flt: ObservationFilter) -> IndicatorRepository:
    repo = IndicatorRepository(session)
    if not await repo.exists(flt.indicator_code):
        raise IndicatorNotFound(flt.indicator_code)
    if flt.year_from is not None and flt.year_to is not None and flt.year_from > flt.year_to:
        raise InvalidYearRange(f"year_from ({flt.year_from}) is after year_to ({flt.year_to}).")
    flt.countries = [c.upper() for c in flt.countries]
    return repo


async def list_observations(
    session: AsyncSession, flt: ObservationFilter, *, sort: str, limit: int, offset: int
) -> tuple[list[ObservationRead], int]:
    """Observations of one indicator, filtered by countries, groups and a year range."""
    repo = await _checked(session, flt)
    rows, total = await repo.observations(flt, sort=sort, limit=limit, offset=offset)
    return _reads(rows), total


async def latest_observations(
    session: AsyncSession, flt: ObservationFilter, *, limit: int, offset: int
) -> tuple[list[ObservationRead], int]:
    """Each country's most recent value of one indicator."""
    repo = await _checked(session, flt)
    rows, total = await repo.latest(flt, limit=limit, offset=offset)
    return _reads(rows), total


def _reads(rows: list[tuple[Observation, str]]) -> list[ObservationRead]:
    return [
        ObservationRead(
            indicator_code=o.indicator_code,
            country_iso3=o.country_iso3,
            year=o.year,
            value=o.value,
            unit=unit,
            source=o.source_dataset,
        )
        for o, unit in rows
    ]


async def data_gaps(
    session: AsyncSession, flt: GapFilter, *, only_gaps: bool, limit: int, offset: int
) -> tuple[list[DataGapRead], int]:
    """The data-gap matrix: missing years per country and indicator."""
    if flt.year_from > flt.year_to:
        raise InvalidYearRange(f"year_from ({flt.year_from}) is after year_to ({flt.year_to}).")
    if flt.year_to - flt.year_from > 200:
        raise InvalidYearRange("A data-gap range spans at most 200 years.")
    flt.countries = [c.upper() for c in flt.countries]
    rows, total = await repository.data_gaps(
        session, flt, only_gaps=only_gaps, limit=limit, offset=offset
    )
    return [DataGapRead.model_validate(r) for r in rows], total

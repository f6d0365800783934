"""Indicator rules."""

from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.indicators.exceptions import IndicatorNotFound, InvalidYearRange
from profiles_api.indicators.repository import IndicatorRepository, ObservationFilter
from profiles_api.indicators.schemas import IndicatorRead, ObservationRead


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


async def list_observations(
    session: AsyncSession,
    code: str,
    *,
    countries: list[str],
    year_from: int | None,
    year_to: int | None,
    limit: int,
    offset: int,
) -> tuple[list[ObservationRead], int]:
    """Observations of one indicator, filtered by countries and a year range."""
    repo = IndicatorRepository(session)
    if not await repo.exists(code):
        raise IndicatorNotFound(code)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidYearRange(f"year_from ({year_from}) is after year_to ({year_to}).")
    flt = ObservationFilter(code, [c.upper() for c in countries], year_from, year_to)
    rows, total = await repo.observations(flt, limit=limit, offset=offset)
    items = [
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
    return items, total

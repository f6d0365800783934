"""Skill-shortage reads: by country (with the areas covering it), area, year, ISCO and NACE."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.classifications.models import IscoGroup, NaceActivity
from profiles_api.editing import raise_collected
from profiles_api.indicators import service as indicator_service
from profiles_api.indicators.exceptions import InvalidYearRange
from profiles_api.indicators.sources import SourceChoice
from profiles_api.indicators.validation import Error
from profiles_api.shortages import areas
from profiles_api.shortages.exceptions import ShortageNotFound
from profiles_api.shortages.repository import Row, ShortageFilter, ShortageRepository
from profiles_api.shortages.schemas import ShortageRead

COLUMNS = [c for c in ShortageRead.model_fields if c not in ("isco_title", "nace_title", "version")]


def to_read(row: Row) -> ShortageRead:
    """A record with its ISCO-08 and NACE titles."""
    shortage, isco_title, nace_title = row
    return ShortageRead.model_validate(
        {c: getattr(shortage, c) for c in COLUMNS}
        | {"isco_title": isco_title, "nace_title": nace_title, "version": shortage.row_version}
    )


async def _check_filter(
    session: AsyncSession, repo: ShortageRepository, flt: ShortageFilter
) -> None:
    if flt.year_from is not None and flt.year_to is not None and flt.year_from > flt.year_to:
        raise InvalidYearRange(f"year_from ({flt.year_from}) is after year_to ({flt.year_to}).")
    errors: list[Error] = []
    for name, model, codes, label in (
        ("occupation", IscoGroup, flt.occupations, "ISCO-08"),
        ("sector", NaceActivity, flt.sectors, "NACE Rev. 2"),
    ):
        for code in await repo.missing(model, codes):
            errors.append((f"query.{name}", f"unknown {label} code", code))
    raise_collected(errors)
    await indicator_service.check_source(session, SourceChoice(source=flt.source))


async def list_shortages(
    session: AsyncSession, flt: ShortageFilter, *, include_areas: bool, limit: int, offset: int
) -> tuple[list[ShortageRead], int]:
    """Records within the filters; a country's list includes the areas covering it."""
    repo = ShortageRepository(session)
    flt.countries = [c.upper() for c in flt.countries]
    flt.areas = [a.upper() for a in flt.areas]
    await _check_filter(session, repo, flt)
    if flt.countries and include_areas:
        flt.areas_covering = await areas.covering(session, flt.countries)
    rows, total = await repo.find(flt, limit=limit, offset=offset)
    return [to_read(r) for r in rows], total


async def get_shortage(session: AsyncSession, shortage_id: int) -> ShortageRead:
    """One record, or ShortageNotFound."""
    row = await ShortageRepository(session).read(shortage_id)
    if row is None:
        raise ShortageNotFound(shortage_id)
    return to_read(row)

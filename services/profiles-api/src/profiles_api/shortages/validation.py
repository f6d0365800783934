"""The one validation path of skill-shortage records: the editors' API and the seed both use it.

A record names a register country (`area` is then its ISO3) or a known area; an ISCO-08 group
and/or a NACE Rev. 2 item that the reference tables hold; and a described source dataset. Every
problem is reported as a 422 naming its field (`body.isco_code`, or the file line for the seed).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.classifications.models import IscoGroup, NaceActivity
from profiles_api.countries.models import Country
from profiles_api.editing import raise_collected
from profiles_api.indicators.models import Dataset
from profiles_api.indicators.validation import Error
from profiles_api.shortages.areas import AREAS
from profiles_api.shortages.schemas import ShortageWrite

ISO3 = re.compile(r"^[A-Za-z]{3}$")
CONTENT = (
    "year",
    "direction",
    "severity",
    "isco_code",
    "nace_code",
    "occupation_as_reported",
    "note",
    "source_dataset",
    "source_url",
)


def _place(data: ShortageWrite, prefix: str, errors: list[Error]) -> tuple[str | None, str]:
    """(country_iso3, area) of the record."""
    country, area = data.country_iso3, data.area
    if country is None and area is not None and ISO3.fullmatch(area):
        country, area = area.upper(), None  # an ISO3 code given as the area is that country
    if country is not None:
        if area is not None and area.upper() != country:
            reason = "a country record's area is its ISO3 code: leave area out"
            errors.append((f"{prefix}.area", reason, area))
        return country, country
    if area is None:
        errors.append((f"{prefix}.country_iso3", "give a country, or an area", None))
        return None, ""
    if area not in AREAS:
        reason = f"unknown area: one of {', '.join(AREAS)}, or give country_iso3"
        errors.append((f"{prefix}.area", reason, area))
    return None, area


async def check_shortage(
    session: AsyncSession, data: ShortageWrite, *, prefix: str = "body"
) -> dict[str, Any]:
    """The record's columns, or a 422 naming every bad field."""
    errors: list[Error] = []
    country, area = _place(data, prefix, errors)
    if country is not None and await session.get(Country, country) is None:
        reason = "not a state of the Prague Process register"
        errors.append((f"{prefix}.country_iso3", reason, country))
    if data.isco_code is None and data.nace_code is None:
        reason = "give an ISCO-08 occupation, a NACE sector, or both"
        errors.append((f"{prefix}.isco_code", reason, None))
    if data.isco_code is not None and await session.get(IscoGroup, data.isco_code) is None:
        errors.append((f"{prefix}.isco_code", "unknown ISCO-08 code", data.isco_code))
    if data.nace_code is not None and await session.get(NaceActivity, data.nace_code) is None:
        errors.append((f"{prefix}.nace_code", "unknown NACE Rev. 2 code", data.nace_code))
    if (
        await session.scalar(select(Dataset.code).where(Dataset.code == data.source_dataset))
        is None
    ):
        reason = "unknown dataset: describe it first (/v1/datasets)"
        errors.append((f"{prefix}.source_dataset", reason, data.source_dataset))
    raise_collected(errors)
    return {name: getattr(data, name) for name in CONTENT} | {
        "country_iso3": country,
        "area": area,
    }

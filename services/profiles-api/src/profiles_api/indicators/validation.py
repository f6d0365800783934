"""Checks a value written through the editors' API must pass (the importers' checks, per field).

Countries must be in the register, the source dataset must be described (/v1/datasets), and stocks
and counts (`non_negative` indicators) cannot be below 0. Periods, flags and the number itself are
checked by the request schemas.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.indicators.models import Dataset, Indicator

Error = tuple[str, str, Any]


async def value_errors(
    session: AsyncSession,
    indicator: Indicator,
    *,
    countries: dict[str, str],
    dataset: str,
    value: float,
    prefix: str = "body",
) -> list[Error]:
    """Every problem of one value, as (field, reason, value); `countries` maps field -> ISO3."""
    errors: list[Error] = []
    known = set(
        await session.scalars(select(Country.iso3).where(Country.iso3.in_(countries.values())))
    )
    for name, iso3 in countries.items():
        if iso3 not in known:
            errors.append((f"{prefix}.{name}", "not a state of the Prague Process register", iso3))
    if await session.get(Dataset, dataset) is None:
        errors.append(
            (
                f"{prefix}.source_dataset",
                "unknown dataset: describe it first (/v1/datasets)",
                dataset,
            )
        )
    if indicator.non_negative and value < 0:
        reason = f"negative value: {indicator.code} ({indicator.unit}) cannot be below 0"
        errors.append((f"{prefix}.value", reason, value))
    return errors

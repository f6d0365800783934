"""Load the shipped real data (country register, indicator catalogue, WDI observations).

Idempotent: re-running changes nothing. See `seed_data/SOURCES.md` for sources and licences.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from imap_kit.seeding import upsert
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.indicators.models import Indicator, Observation

DATA = Path(__file__).parent / "seed_data"


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def country_rows() -> Iterator[dict[str, object]]:
    """Rows of the country register, with the Russian names merged in."""
    names_ru = {r["iso3"]: r["name_ru"] for r in _csv("country_names_ru.csv")}
    for r in _csv("pp_countries.csv"):
        yield {
            "iso3": r["iso3"],
            "iso2": r["iso2"],
            "iso_numeric": r["iso_numeric"] or None,
            "wb_code": r["wb_code"],
            "eurostat_geo": r["eurostat_geo"],
            "name_en": r["name"],
            "name_ru": names_ru[r["iso3"]],
            "official_name_en": r["official_name"] or None,
            "pp_group": r["pp_group"],
            "pp_status": r["pp_status"],
            "eu_member": r["eu_member"] == "1",
            "schengen_member": r["schengen_full_member_2025"] == "1",
            "capital": r["capital"] or None,
        }


def indicator_rows() -> list[dict[str, object]]:
    """The indicator catalogue."""
    return json.loads((DATA / "indicators.json").read_text(encoding="utf-8"))


def observation_rows() -> Iterator[dict[str, object]]:
    """Yearly WDI values from the tidy extract."""
    for r in _csv("indicators_pp_tidy_2000_2024.csv"):
        yield {
            "indicator_code": r["indicator_code"],
            "country_iso3": r["iso3"],
            "year": int(r["year"]),
            "value": float(r["value"]),
            "source_dataset": r["source"],
        }


async def seed(session: AsyncSession) -> dict[str, int]:
    """Upsert everything; returns how many rows were inserted or updated per table."""
    register = await upsert(
        session,
        Country.__table__,  # type: ignore[arg-type]
        country_rows(),
        keys=["iso3"],
        update=False,  # editors correct the register through the API; a re-seed keeps that
    )
    out = {"country_inserted": register.inserted}
    for name, table, rows, keys in (
        ("indicator", Indicator.__table__, indicator_rows(), ["code"]),
        (
            "observation",
            Observation.__table__,
            observation_rows(),
            ["indicator_code", "country_iso3", "year", "source_dataset"],
        ),
    ):
        counts = await upsert(session, table, rows, keys=keys)  # type: ignore[arg-type]
        out[f"{name}_inserted"] = counts.inserted
        out[f"{name}_updated"] = counts.updated
    return out

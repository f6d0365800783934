"""The importers: one per publisher layout, each a pure parser run by the same import service.

To add a layout: write `parse(content, register, options) -> Parsed` in its own module and list it
here; the admin API route (`POST /v1/imports/<slug>`), the CLI sub-command and the batch records
come with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from profiles_api.imports import (
    databank,
    ddf,
    knomad_matrix,
    sdmx_csv,
    tidy_csv,
    wb_api_csv,
    wb_metadata,
)
from profiles_api.imports.common import Parsed, Register

Parser = Callable[[bytes, Register, Mapping[str, str]], Parsed]


@dataclass(frozen=True)
class Option:
    """A form field (API) / `--name` flag (CLI) an importer takes."""

    name: str
    description: str
    pattern: str
    example: str


@dataclass(frozen=True)
class Importer:
    """A publisher layout: its name (kept in batches), URL slug, description and parser."""

    name: str
    slug: str
    title: str
    description: str
    parse: Parser
    options: tuple[Option, ...] = ()


CODE = r"^[A-Za-z0-9._]{1,40}$"
DATASET = r"^[a-z0-9_.-]{1,60}$"
COLUMN = r"^[A-Za-z0-9_ .-]{1,60}$"
CODE_MAP = r"^[^,=]{1,60}=[A-Za-z0-9._]{1,40}(,[^,=]{1,60}=[A-Za-z0-9._]{1,40})*$"
TIDY_OPTIONS = (
    Option(
        "indicator", "Indicator code of every value (no indicator column).", CODE, "SM.POP.NETM"
    ),
    Option(
        "dataset",
        "Source dataset of every value (no source column).",
        DATASET,
        "wdi_via_iom_gdidata",
    ),
    Option("value", "Name of the value column when it is not `value`.", COLUMN, "persons"),
    Option(
        "values",
        "Several value columns, each with its indicator: COLUMN=CODE,...",
        CODE_MAP,
        "total=UNDESA.IMS.TOTL,male=UNDESA.IMS.MA,female=UNDESA.IMS.FE",
    ),
    Option(
        "dimension", "Column whose values name the indicator (see indicator_map).", COLUMN, "group"
    ),
    Option(
        "indicator_map",
        "VALUE=CODE,...: indicator of each dimension value, or a new code for an indicator_code.",
        CODE_MAP,
        "refugee=UNHCR.REF,asylum=UNHCR.ASY",
    ),
    Option(
        "period",
        "Period of every value (no period column): YYYY, YYYY-MM or YYYY-Qn.",
        r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$",
        "2017",
    ),
    Option("sum_over", "Sum the lines that differ only in this column (e.g. sex).", COLUMN, "sex"),
    Option(
        "ignore",
        "Extra columns to ignore, comma-separated.",
        r"^[A-Za-z0-9_ .-]{1,60}(,[A-Za-z0-9_ .-]{1,60})*$",
        "gdidata_var",
    ),
)

IMPORTERS: dict[str, Importer] = {
    i.name: i
    for i in (
        Importer(
            name="wb_api_csv",
            slug="wb-api-csv",
            title="World Bank API/bulk-download CSV (`API_<code>_DS2_en_csv_v2_*.csv`)",
            description=(
                "One indicator per file, one line per economy and one column per year, after four "
                "preamble lines. Aggregates (WLD, EUU, ECA...) and economies outside the register "
                "are skipped and counted. The indicator must be in the catalogue; values are "
                "stored with the source dataset `wdi_<Last Updated Date>`."
            ),
            parse=lambda content, register, _options: wb_api_csv.parse(content, register),
        ),
        Importer(
            name="tidy_csv",
            slug="tidy-csv",
            title="Tidy long-format CSV (one value per line)",
            description=tidy_csv.DESCRIPTION,
            parse=tidy_csv.parse,
            options=TIDY_OPTIONS,
        ),
        Importer(
            name="ddf_datapoints",
            slug="ddf-datapoints",
            title="DDF datapoints CSV (`ddf--datapoints--<concept>--by--economy--year.csv`)",
            description=ddf.DESCRIPTION,
            parse=ddf.parse,
            options=(
                Option("dataset", "Source dataset of every value.", DATASET, ddf.DEFAULT_DATASET),
                Option("indicator", "Indicator code (one concept only).", CODE, "SM.POP.TOTL"),
            ),
        ),
        Importer(
            name="wb_metadata_csv",
            slug="wb-metadata-csv",
            title="World Bank metadata CSV (`Metadata_Indicator_*.csv`, `Metadata_Country_*.csv`)",
            description=wb_metadata.DESCRIPTION,
            parse=wb_metadata.parse,
        ),
        Importer(
            name="wb_databank_csv",
            slug="wb-databank-csv",
            title="World Bank DataBank CSV export (`<id>_Data.csv` from `Data_Extract_From_*.zip`)",
            description=(
                "Series and economies (`Country Code`) or corridors (`Sending Countries Code`, "
                "`Receiving Countries Code`) down, periods across (`2015 [YR2015]`, "
                "`2011Q1 [YR2011Q1]`, `2019M03 [YR2019M03]`), `..` = no value, and the footer "
                "`Data from database: ...` / `Last Updated: MM/DD/YYYY` that names the source "
                "dataset and vintage (`wdi_<date>`, `wb_rpw_corridors_<date>`, "
                "`wb_<name>_<date>`). "
                "The series code is the indicator code; sending country = origin, receiving "
                "country = destination. Economies outside the register are skipped and counted."
            ),
            parse=lambda content, register, _options: databank.parse(content, register),
        ),
        Importer(
            name="knomad_matrix_csv",
            slug="knomad-matrix-csv",
            title="World Bank/KNOMAD bilateral matrix CSV (remittances, migrant stocks)",
            description=(
                "Title line (measure and year), corner cell `receiving (across) / sending (down)` "
                "or `destination (across) / origin (down)`, World Bank country names across and "
                "down, notes at the end. Remittances (US$ millions) go to `KNOMAD.REM.BILAT` from "
                "sending (origin) to receiving (destination) country; migrant stocks (persons) to "
                "`KNOMAD.MIG.BILAT` from origin to destination. Zero cells are no estimate and are "
                "not stored. Names of countries outside the register are skipped; a name that "
                "matches no country is an error (all are listed)."
            ),
            parse=knomad_matrix.parse,
            options=(
                Option(
                    "indicator",
                    "Indicator code instead of the title's.",
                    r"^[A-Za-z0-9._]{1,40}$",
                    "KNOMAD.MIG.BILAT",
                ),
                Option("year", "Year instead of the title's.", r"^\d{4}$", "2017"),
                Option(
                    "dataset",
                    "Source dataset code instead of the title's.",
                    r"^[a-z0-9_.-]{1,60}$",
                    "knomad_migration_2017",
                ),
            ),
        ),
        Importer(
            name="eurostat_sdmx_csv",
            slug="eurostat-sdmx-csv",
            title="Eurostat SDMX-CSV (1.0 labels export or 2.0 with label columns)",
            description=(
                "One observation per line. The dataflow (MIGR_ASYAPPCTZA, MIGR_ASYTPSM, "
                "MIGR_EIPRE, MIGR_EIRFS, TPS00170, MIGR_RESFIRST) and its dimension values "
                "choose the indicator; rows no rule maps, aggregates (EU27_2020...) and "
                "citizenships outside the register are skipped and counted. Eurostat flags "
                "become ours (e, p, b, u, c; d and r as notes); `:` is no value. Dataset "
                "`estat_<flow>[_<LAST UPDATE>]`."
            ),
            parse=sdmx_csv.parse,
            options=(
                Option(
                    "vintage",
                    "Last-update date when the file has none (SDMX-CSV 2.0).",
                    r"^\d{4}-\d{2}-\d{2}$",
                    "2025-03-03",
                ),
            ),
        ),
    )
}

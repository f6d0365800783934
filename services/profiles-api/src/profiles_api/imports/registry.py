"""The importers: one per publisher layout, each a pure parser run by the same import service.

To add a layout: write `parse(content, register, options) -> Parsed` in its own module and list it
here; the admin API route (`POST /v1/imports/<slug>`), the CLI sub-command and the batch records
come with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from profiles_api.imports import wb_api_csv
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
    )
}

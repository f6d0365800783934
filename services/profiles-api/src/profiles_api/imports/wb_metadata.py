"""Parser of the World Bank's metadata files shipped beside each API/bulk CSV download.

Two layouts, told apart by their header (UTF-8 with BOM, every cell quoted, often a trailing
comma, CRLF or LF line ends):

- `Metadata_Indicator_<code>.csv`: `"INDICATOR_CODE","INDICATOR_NAME","SOURCE_NOTE",
  "SOURCE_ORGANIZATION"`, one line per indicator. SOURCE_NOTE becomes the catalogue's
  `definition_en`, SOURCE_ORGANIZATION its `source_organization` (an empty cell leaves the field
  as it is). The indicator must already be in the catalogue: its name, Russian name, unit and
  topic are ours, so an unknown code is an error rather than a new entry.
- `Metadata_Country_<...>.csv`: `"Country Code","Region","IncomeGroup","SpecialNotes",
  "TableName"`, one line per economy. Region and IncomeGroup become the register's `wb_region`
  and `wb_income_group` (an empty cell: not classified). Aggregates (lines without a region, and
  WLD, EUU...) and states outside the register are skipped and counted; an unknown code is an
  error.

These are not observations: the parser returns `Update`s, which the import service applies after
the common checks, all or nothing, counting them as updated or unchanged in the batch.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from profiles_api.imports.codes import UNKNOWN_REASON, Kind, classify
from profiles_api.imports.common import LayoutError, Parsed, Register, Update, decode

INDICATOR_HEADER = ["INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE", "SOURCE_ORGANIZATION"]
COUNTRY_HEADER = ["Country Code", "Region", "IncomeGroup"]
FIELDS = {"wb_region": "Region", "wb_income_group": "IncomeGroup"}  # columns 2 and 3
LIMITS = {"wb_region": 60, "wb_income_group": 40}
DESCRIPTION = (
    "World Bank metadata files from an API/bulk CSV download. `Metadata_Indicator_<code>.csv` "
    "(INDICATOR_CODE, INDICATOR_NAME, SOURCE_NOTE, SOURCE_ORGANIZATION) updates the catalogue's "
    "definition (SOURCE_NOTE) and source organisation of indicators already in the catalogue; an "
    "unknown code is an error. `Metadata_Country_*.csv` (Country Code, Region, IncomeGroup, ...) "
    "sets the register's World Bank region and income group; aggregates and states outside the "
    "register are skipped and counted. Counted in the batch as updated or unchanged entries."
)


Rows = list[tuple[int, dict[str, str]]]


def _indicators(rows: Rows, parsed: Parsed) -> None:
    seen: dict[str, int] = {}
    for line, row in rows:
        code = row["INDICATOR_CODE"].strip()
        where = f"line {line}, column 1"
        if not code:
            parsed.problems.add(where, "no indicator code")
            continue
        if code in seen:
            parsed.problems.add(where, f"duplicate line for {code} (first at line {seen[code]})")
            continue
        seen[code] = line
        values: dict[str, str | None] = {
            field: text
            for field, column in (
                ("definition_en", "SOURCE_NOTE"),
                ("source_organization", "SOURCE_ORGANIZATION"),
            )
            if (text := row[column].strip())
        }
        if values:
            parsed.updates.append(Update(where, "indicator", code, values))
        else:
            parsed.rows_skipped += 1


def _country(row: dict[str, str], line: int, register: Register, parsed: Parsed) -> str | None:
    """ISO3 of a country line; None when it is skipped or wrong (noted)."""
    raw = row["Country Code"].strip()
    kind, iso3 = classify(register, raw)
    if kind is Kind.UNKNOWN and row["Region"].strip():  # no region: a World Bank aggregate
        parsed.problems.add(f"line {line}, column 1", UNKNOWN_REASON, raw)
        return None
    if iso3 is None:
        parsed.rows_skipped += 1
    return iso3


def _countries(rows: Rows, register: Register, parsed: Parsed) -> None:
    seen: dict[str, int] = {}
    for line, row in rows:
        iso3 = _country(row, line, register, parsed)
        if iso3 is None:
            continue
        if iso3 in seen:
            parsed.problems.add(
                f"line {line}, column 1", f"duplicate line for {iso3} (first at line {seen[iso3]})"
            )
            continue
        seen[iso3] = line
        values: dict[str, str | None] = {}
        for column, (field, name) in enumerate(FIELDS.items(), start=2):
            text = row[name].strip()
            if len(text) > LIMITS[field]:
                parsed.problems.add(
                    f"line {line}, column {column}", f"longer than {LIMITS[field]} characters", text
                )
            values[field] = text or None
        parsed.updates.append(Update(f"line {line}, column 1", "country", iso3, values))


def _rows(reader: Iterator[list[str]], header: list[str], parsed: Parsed) -> Rows:
    """The data lines as {header name: cell}, lines of the wrong width noted as problems."""
    rows: Rows = []
    for record in reader:
        if not record:
            continue
        line = reader.line_num  # type: ignore[attr-defined]
        parsed.rows_read += 1
        if len(record) != len(header):  # the trailing comma included on both
            parsed.problems.add(
                f"line {line}",
                f"{len(record)} cells where the header has {len(header)} "
                "(truncated or broken line)",
            )
            continue
        rows.append((line, dict(zip(header, record, strict=True))))
    return rows


def parse(content: bytes, register: Register, options: Mapping[str, str]) -> Parsed:
    """Parse a whole metadata file; LayoutError when it is neither layout."""
    text = decode(content)
    parsed = Parsed()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        if header[: len(INDICATOR_HEADER)] == INDICATOR_HEADER:
            _indicators(_rows(reader, header, parsed), parsed)
        elif header[: len(COUNTRY_HEADER)] == COUNTRY_HEADER:
            _countries(_rows(reader, header, parsed), register, parsed)
        else:
            raise LayoutError(
                "line 1",
                "not a World Bank metadata file: the header must start with "
                + ",".join(INDICATOR_HEADER)
                + " (Metadata_Indicator_*.csv) or "
                + ",".join(COUNTRY_HEADER)
                + " (Metadata_Country_*.csv)",
                ",".join(header[:4]),
            )
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if not parsed.rows_read:
        raise LayoutError("line 2", "no data lines after the header (truncated?)")
    if not text.endswith("\n"):
        parsed.problems.add(f"line {reader.line_num}", "the last line is cut off (truncated file)")
    return parsed

"""Parser of the World Bank DataBank CSV export (databank.worldbank.org, "Download options: CSV").

The layout, as DataBank writes it (`<id>_Data.csv` in `Data_Extract_From_<database>.zip`):

- a header naming the dimensions, then one column per period. Two shapes are read:
  a country database such as World Development Indicators
  (`Country Name,Country Code,Series Name,Series Code,2015 [YR2015],...`) and a bilateral one such
  as Remittance Prices Worldwide (Corridors) (`Sending Countries Name,Sending Countries Code,Series
  Name,Series Code,Receiving Countries  Name,Receiving Countries  Code,2011Q1 [YR2011Q1],...`;
  DataBank writes two spaces in "Receiving Countries  Name": any run of spaces is accepted, and the
  dimension columns may come in any order);
- period columns are years `2015 [YR2015]`, quarters `2011Q1 [YR2011Q1]` (stored `2011-Q1`) or
  months `2019M03 [YR2019M03]` (stored `2019-03`);
- one line per series and economy (or corridor); `..` or an empty cell means "no value";
- blank lines, then the footer `Data from database: <name>` and `Last Updated: MM/DD/YYYY` (US
  order, as DataBank writes it), which give the source dataset and its vintage. A file without
  the footer is taken as truncated.

The series code is the indicator code (`ATCR.CORR`, `SP.POP.TOTL`): the import service rejects
codes that are not in the catalogue. Lines of economies outside the register (aggregates such as
WLD, other countries) are skipped and counted; a corridor is kept only when both ends are in the
register. For corridors the sending country is the origin and the receiving country the
destination (remittances flow from the migrant's host country to the home country).

World Development Indicators exports go to the same dataset as the API CSV (`wdi_<date>`), so the
two downloads of one release give the same rows; Remittance Prices Worldwide (Corridors) to
`wb_rpw_corridors_<date>`; any other database to `wb_<name>_<date>`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from profiles_api.imports.common import (
    YEARS,
    DatasetInfo,
    LayoutError,
    Parsed,
    Problems,
    Register,
    Value,
    decode,
    number,
)
from profiles_api.imports.wb_api_csv import wdi_dataset

# Dimension columns by header (spaces collapsed): what each code column holds.
CODE_COLUMNS = {
    "Country Code": "country",
    "Sending Countries Code": "origin",
    "Receiving Countries Code": "destination",
    "Series Code": "series",
}
NAME_COLUMNS = {"Country Name", "Sending Countries Name", "Receiving Countries Name", "Series Name"}
PERIOD_COLUMN = re.compile(
    r"^(\d{4})(?:Q([1-4])|M(0[1-9]|1[0-2]))? \[YR(\d{4}(?:Q[1-4]|M\d\d)?)\]$"
)
ECONOMY = re.compile(r"^[A-Z0-9]{3}$")
MISSING = {"", ".."}
FOOTER_DATABASE = "Data from database:"
FOOTER_UPDATED = "Last Updated:"
RPW = "Remittance Prices Worldwide (Corridors)"
WDI = "World Development Indicators"


@dataclass
class Layout:
    """What the header says: 0-based columns of the codes, (1-based column, period) of periods."""

    codes: dict[str, int] = field(default_factory=dict)  # country|origin|destination|series -> col
    periods: list[tuple[int, str]] = field(default_factory=list)
    width: int = 0

    @property
    def bilateral(self) -> bool:
        return "origin" in self.codes


@dataclass
class Footer:
    """The footer lines: database name and Last Updated date, with the line each was read on."""

    database: str | None = None
    updated: date | None = None
    line: int = 0
    bad_date: bool = False


def dataset_of(database: str, vintage: date) -> DatasetInfo:
    """The source dataset of a DataBank database and Last Updated date."""
    if database == WDI:
        return wdi_dataset(vintage)
    if database == RPW:
        return DatasetInfo(
            code=f"wb_rpw_corridors_{vintage.isoformat()}",
            title=f"{RPW}, World Bank DataBank (last updated {vintage.isoformat()})",
            publisher="World Bank",
            licence="CC BY 4.0",
            source_url="https://databank.worldbank.org/source/remittance-prices-worldwide-(corridors)",
            vintage=vintage,
            priority=60,
        )
    slug = re.sub(r"[^a-z0-9]+", "_", database.lower()).strip("_")[:45] or "databank"
    return DatasetInfo(
        code=f"wb_{slug}_{vintage.isoformat()}",
        title=f"{database}, World Bank DataBank (last updated {vintage.isoformat()})",
        publisher="World Bank",
        licence="CC BY 4.0",
        source_url="https://databank.worldbank.org",
        vintage=vintage,
        priority=50,
    )


def _period(cell: str) -> str | None:
    """`2011Q1 [YR2011Q1]` -> `2011-Q1`, `2019M03 [YR2019M03]` -> `2019-03`, `2015 [YR2015]`."""
    match = PERIOD_COLUMN.match(cell)
    if not match or match.group(4) != cell.split(" ", 1)[0]:
        return None
    year, quarter, month = match.group(1), match.group(2), match.group(3)
    if quarter:
        return f"{year}-Q{quarter}"
    return f"{year}-{month}" if month else year


def _layout(header: list[str] | None, problems: Problems) -> Layout:
    """Read the header line; LayoutError when it is not a DataBank export with periods across."""
    if not header:
        raise LayoutError("line 1", "the file is empty")
    cells = [" ".join(c.split()) for c in header]
    if cells[-1] == "" and len(cells) > 1:
        cells = cells[:-1]  # a trailing comma
    layout = Layout(width=len(cells))
    for column, cell in enumerate(cells, start=1):
        where = f"line 1, column {column}"
        if cell in CODE_COLUMNS:
            layout.codes[CODE_COLUMNS[cell]] = column - 1
        elif cell in NAME_COLUMNS:
            continue
        elif (period := _period(cell)) is not None:
            year = int(period[:4])
            if not YEARS[0] <= year <= YEARS[1]:
                problems.add(where, f"year {year} is outside {YEARS[0]}-{YEARS[1]}", cell)
            elif any(p == period for _, p in layout.periods):
                problems.add(where, f"period {period} appears twice in the header", cell)
            else:
                layout.periods.append((column, period))
        elif column == 1:
            raise LayoutError(
                where,
                "not the World Bank DataBank layout: the header must name Country Code (or "
                "Sending and Receiving Countries Code), Series Code and periods like "
                "2015 [YR2015]",
                cell,
            )
        else:
            raise LayoutError(
                where, "not a DataBank column: expected a period like 2015 [YR2015]", cell
            )
    keys = set(layout.codes)
    if keys not in ({"country", "series"}, {"origin", "destination", "series"}):
        raise LayoutError(
            "line 1",
            "not the World Bank DataBank layout: the header must name Series Code and either "
            "Country Code or both Sending and Receiving Countries Code",
            ",".join(cells[:6]),
        )
    if not layout.periods and not problems.count:
        raise LayoutError("line 1", "the header has no period columns such as 2015 [YR2015]")
    return layout


def _footer(record: list[str], line: int, footer: Footer, problems: Problems) -> bool:
    """Read a footer line into `footer`; False when the line is not one."""
    first = record[0].strip()
    if first.startswith(FOOTER_DATABASE):
        footer.database = first.removeprefix(FOOTER_DATABASE).strip()
        footer.line = line
        return True
    if first.startswith(FOOTER_UPDATED):
        raw = first.removeprefix(FOOTER_UPDATED).strip()
        footer.line = line
        try:
            footer.updated = datetime.strptime(raw, "%m/%d/%Y").date()
        except ValueError:
            footer.bad_date = True
            problems.add(f"line {line}, column 1", "Last Updated is not a MM/DD/YYYY date", raw)
        return True
    return False


def _economies(
    record: list[str], line: int, layout: Layout, register: Register, parsed: Parsed
) -> dict[str, str] | None:
    """ISO3 of each end (country, or origin and destination) of one line; None to skip it."""
    out: dict[str, str] = {}
    skip = False
    for role in ("country", "origin", "destination"):
        if role not in layout.codes:
            continue
        column = layout.codes[role]
        code = record[column].strip()
        if not ECONOMY.match(code):
            parsed.problems.add(
                f"line {line}, column {column + 1}", "not a 3-character World Bank code", code
            )
            return None
        iso3 = register.code(code)
        if iso3 is None:
            skip = True
        out[role] = iso3 or ""
    if skip:
        parsed.rows_skipped += 1
        return None
    return out


def _line(
    record: list[str],
    line: int,
    layout: Layout,
    register: Register,
    parsed: Parsed,
    seen: dict[tuple[str, ...], int],
) -> None:
    """The values of one data line, or the problems found in it."""
    series_column = layout.codes["series"]
    series = record[series_column].strip()
    if not series:
        parsed.problems.add(f"line {line}, column {series_column + 1}", "no series code")
        return
    ends = _economies(record, line, layout, register, parsed)
    if ends is None:
        return
    key = (series, *ends.values())
    if key in seen:
        first = min(layout.codes[r] for r in ends) + 1
        parsed.problems.add(
            f"line {line}, column {first}",
            f"duplicate line for {series} {'->'.join(ends.values())} (first at line {seen[key]})",
            series,
        )
        return
    seen[key] = line
    series_where = f"line {line}, column {series_column + 1}"  # unknown series are named there
    for column, period in layout.periods:
        raw = record[column - 1].strip()
        if raw in MISSING:
            continue
        where = f"line {line}, column {column}"
        value = number(raw)
        if value is None:
            parsed.problems.add(where, f"not a number ({series}, {period})", raw)
            continue
        parsed.values.append(
            Value(where, series, period, value, indicator_where=series_where, **ends)
        )


def _series(parsed: Parsed, first: dict[str, str]) -> None:
    """Name the indicator of the batch when the whole file is one series."""
    codes = {v.indicator_code for v in parsed.values}
    if len(codes) == 1:
        parsed.indicator_code = codes.pop()
        parsed.indicator_where = first.get(parsed.indicator_code, "")


def parse(content: bytes, register: Register) -> Parsed:
    """Parse a whole DataBank export; LayoutError when it is not one, else every problem listed."""
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = Parsed()
    footer = Footer()
    seen: dict[tuple[str, ...], int] = {}
    first_use: dict[str, str] = {}
    try:
        layout = _layout(next(reader, None), parsed.problems)
        for record in reader:
            line = reader.line_num
            if not any(c.strip() for c in record):
                continue
            if _footer(record, line, footer, parsed.problems):
                continue
            if footer.line:
                parsed.problems.add(f"line {line}", "a data line after the DataBank footer")
                continue
            parsed.rows_read += 1
            if len(record) < layout.width or any(c.strip() for c in record[layout.width :]):
                parsed.problems.add(
                    f"line {line}",
                    f"{len(record)} cells where the header has {layout.width} "
                    "(truncated or broken line)",
                )
                continue
            series = record[layout.codes["series"]].strip()
            first_use.setdefault(series, f"line {line}, column {layout.codes['series'] + 1}")
            _line(record, line, layout, register, parsed, seen)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if not parsed.rows_read and not parsed.problems.count:
        raise LayoutError("line 2", "no data lines after the header (truncated?)")
    if footer.database and footer.updated:
        parsed.dataset = dataset_of(footer.database, footer.updated)
    elif not footer.bad_date:
        parsed.problems.add(
            f"line {reader.line_num}",
            "the DataBank footer (Data from database: ..., Last Updated: MM/DD/YYYY) is missing: "
            "truncated file?",
        )
    _series(parsed, first_use)
    return parsed

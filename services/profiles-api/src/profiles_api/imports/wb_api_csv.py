"""Parser of the World Bank API / bulk-download CSV layout (`API_<code>_DS2_en_csv_v2_*.csv`).

The layout, as the Bank ships it: an optional UTF-8 BOM; four preamble lines
(`"Data Source","World Development Indicators",`, blank, `"Last Updated Date","2025-04-15",`,
blank); the header `"Country Name","Country Code","Indicator Name","Indicator Code","1960",...,`
with a trailing comma; then one line per economy, an empty cell meaning "no value".

Pure functions, no database: `parse` returns every value of the register's states and every problem
found, by line and column, so the importer can reject the whole file at once.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

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

HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
FIRST_YEAR_COLUMN = len(HEADER) + 1  # 1-based column of the first year
ECONOMY = re.compile(r"^[A-Z0-9]{3}$")


def wdi_dataset(vintage: date) -> DatasetInfo:
    """The WDI release of a given Last Updated Date."""
    return DatasetInfo(
        code=f"wdi_{vintage.isoformat()}",
        title=f"World Development Indicators (last updated {vintage.isoformat()})",
        publisher="World Bank",
        licence="CC BY 4.0",
        source_url="https://datacatalog.worldbank.org/search/dataset/0037712",
        vintage=vintage,
        priority=60,
    )


def _preamble(records: list[list[str]]) -> date:
    """Check the four preamble lines; return the Last Updated Date (the vintage)."""
    first = records[0] if records else []
    if not first or first[0] != "Data Source":
        raise LayoutError(
            "line 1",
            'not the World Bank API CSV layout: expected "Data Source","World Development '
            'Indicators" on line 1',
            first[0] if first else None,
        )
    updated = records[2] if len(records) > 2 else []
    if not updated or updated[0] != "Last Updated Date" or len(updated) < 2:
        raise LayoutError("line 3", 'expected "Last Updated Date","YYYY-MM-DD" on line 3')
    try:
        return date.fromisoformat(updated[1])
    except ValueError:
        raise LayoutError(
            "line 3, column 2", "the Last Updated Date is not a YYYY-MM-DD date", updated[1]
        ) from None


def _years(header: list[str] | None, problems: Problems) -> list[tuple[int, int]]:
    """Check the header line; return (1-based column, year) of every year column."""
    if header is None:
        raise LayoutError("line 5", "the file ends before the header line (truncated?)")
    if header[: len(HEADER)] != HEADER:
        raise LayoutError(
            "line 5",
            "not the World Bank API CSV layout: the header must start with " + ",".join(HEADER),
            ",".join(header[: len(HEADER)]),
        )
    cells = header[len(HEADER) :]
    if cells and cells[-1] == "":
        cells = cells[:-1]  # the Bank's trailing comma
    years: list[tuple[int, int]] = []
    for column, cell in enumerate(cells, start=FIRST_YEAR_COLUMN):
        where = f"line 5, column {column}"
        if not re.fullmatch(r"\d{4}", cell):
            raise LayoutError(where, "a year column header must be a 4-digit year", cell)
        year = int(cell)
        if not YEARS[0] <= year <= YEARS[1]:
            problems.add(where, f"year {year} is outside {YEARS[0]}-{YEARS[1]}", cell)
        elif any(y == year for _, y in years):
            problems.add(where, f"year {year} appears twice in the header", cell)
        else:
            years.append((column, year))
    if not cells:
        raise LayoutError("line 5", "the header has no year columns")
    return years


def _economy(
    record: list[str], line: int, parsed: Parsed, seen: dict[str, int], indicator_line: list[int]
) -> str | None:
    """Check one economy line's code columns (indicator, economy, duplicates); its WB code."""
    problems = parsed.problems
    code, indicator = record[1].strip(), record[3].strip()
    if parsed.indicator_code is None:
        parsed.indicator_code = indicator
        indicator_line.append(line)
    elif indicator != parsed.indicator_code:
        problems.add(
            f"line {line}, column 4",
            f"a second indicator in one file (line {indicator_line[0]} has "
            f"{parsed.indicator_code})",
            indicator,
        )
    if not ECONOMY.match(code):
        problems.add(f"line {line}, column 2", "not a 3-character World Bank economy code", code)
        return None
    if code in seen:
        problems.add(
            f"line {line}, column 2",
            f"duplicate line for {code} (first at line {seen[code]})",
            code,
        )
        return None
    seen[code] = line
    return code


def _values(
    record: list[str], line: int, iso3: str, code: str, years: list[tuple[int, int]], parsed: Parsed
) -> None:
    """The numbers of one line; cells that are not finite numbers become errors."""
    for column, year in years:
        raw = record[column - 1].strip()
        if raw == "":
            continue
        where = f"line {line}, column {column}"
        value = number(raw)
        if value is None:
            parsed.problems.add(where, f"not a number (year {year})", raw)
            continue
        parsed.values.append(Value(where, code, str(year), value, country=iso3))


def parse(content: bytes, register: Register) -> Parsed:
    """Parse a whole file; LayoutError when it is not this layout, else every problem listed.

    Lines of aggregates (WLD, EUU...) and economies outside the register are skipped and counted.
    """
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = Parsed()
    indicator_line: list[int] = []
    try:
        parsed.dataset = wdi_dataset(_preamble([next(reader, []) for _ in range(4)]))
        header = next(reader, None)
        years = _years(header, parsed.problems)
        width = len(header or [])
        seen: dict[str, int] = {}
        for record in reader:
            line = reader.line_num
            if not record:
                continue
            parsed.rows_read += 1
            if len(record) != width:
                parsed.problems.add(
                    f"line {line}",
                    f"{len(record)} cells where the header has {width} (truncated or broken line)",
                )
                continue
            code = _economy(record, line, parsed, seen, indicator_line)
            iso3 = register.code(code) if code else None
            if code is not None and iso3 is None:
                parsed.rows_skipped += 1
                continue
            _values(record, line, iso3 or "", parsed.indicator_code or "", years, parsed)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if parsed.indicator_code is None and not parsed.problems.count:
        raise LayoutError("line 6", "no data lines after the header (truncated?)")
    if indicator_line:
        parsed.indicator_where = f"line {indicator_line[0]}, column 4"
    if not text.endswith("\n"):
        parsed.problems.add(f"line {reader.line_num}", "the last line is cut off (truncated file)")
    return parsed

"""Parser of the World Bank API / bulk-download CSV layout (`API_<code>_DS2_en_csv_v2_*.csv`).

The layout, as the Bank ships it: an optional UTF-8 BOM; four preamble lines
(`"Data Source","World Development Indicators",`, blank, `"Last Updated Date","2025-04-15",`,
blank); the header `"Country Name","Country Code","Indicator Name","Indicator Code","1960",...,`
with a trailing comma; then one line per economy, an empty cell meaning "no value".

Pure functions, no database: `parse` returns every economy line with its numbers and every problem
found, by line and column, so the importer can reject the whole file at once.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date

from imap_kit.errors import FieldError

HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
FIRST_YEAR_COLUMN = len(HEADER) + 1  # 1-based column of the first year
YEARS = (1900, 2100)
MAX_LISTED = 50  # errors kept in a rejection (all are counted)
NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
ECONOMY = re.compile(r"^[A-Z0-9]{3}$")


class LayoutError(Exception):
    """The file is not in this layout at all (wrong format, encoding, truncated before data)."""

    def __init__(self, where: str, reason: str, value: str | None = None) -> None:
        super().__init__(f"{where}: {reason}")
        self.error = FieldError(field=where, reason=reason, value=value)


@dataclass
class Problems:
    """Errors found in one file: the first `MAX_LISTED` kept, all counted."""

    listed: list[FieldError] = field(default_factory=list)
    count: int = 0

    def add(self, where: str, reason: str, value: str | None = None) -> None:
        """Note one error."""
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(FieldError(field=where, reason=reason, value=value))


@dataclass
class EconomyLine:
    """One economy's line: its World Bank code and its (column, year, value) cells."""

    line: int
    wb_code: str
    name: str
    values: list[tuple[int, int, float]]


@dataclass
class ParsedFile:
    """A parsed API CSV file: its indicator, vintage, economy lines and the problems found."""

    indicator_code: str | None = None
    indicator_line: int = 0
    last_updated: str | None = None
    rows_read: int = 0
    lines: list[EconomyLine] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def decode(content: bytes) -> str:
    """The file as text: UTF-8 (BOM dropped), else a LayoutError naming the first bad byte."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        bad = content[exc.start]
        raise LayoutError(
            f"line {line}", f"the file is not UTF-8 (byte 0x{bad:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff")


def _preamble(records: list[list[str]]) -> str:
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
        return date.fromisoformat(updated[1]).isoformat()
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


def _values(
    record: list[str], line: int, years: list[tuple[int, int]], problems: Problems
) -> list[tuple[int, int, float]]:
    """The numbers of one line; cells that are not finite numbers become errors."""
    out: list[tuple[int, int, float]] = []
    for column, year in years:
        raw = record[column - 1].strip()
        if raw == "":
            continue
        value = float(raw) if NUMBER.match(raw) else math.nan
        if not math.isfinite(value):
            problems.add(f"line {line}, column {column}", f"not a number (year {year})", raw)
            continue
        out.append((column, year, value))
    return out


def _economy(
    record: list[str], line: int, parsed: ParsedFile, seen: dict[str, int]
) -> EconomyLine | None:
    """Check one economy line's code columns (indicator, country, duplicates)."""
    problems = parsed.problems
    name, code, _, indicator = (c.strip() for c in record[: len(HEADER)])
    if parsed.indicator_code is None:
        parsed.indicator_code, parsed.indicator_line = indicator, line
    elif indicator != parsed.indicator_code:
        problems.add(
            f"line {line}, column 4",
            f"a second indicator in one file (line {parsed.indicator_line} has "
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
    return EconomyLine(line, code, name, [])


def parse(content: bytes) -> ParsedFile:
    """Parse a whole file; LayoutError when it is not this layout, else every problem listed."""
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = ParsedFile()
    try:
        parsed.last_updated = _preamble([next(reader, []) for _ in range(4)])
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
            economy = _economy(record, line, parsed, seen)
            values = _values(record, line, years, parsed.problems)
            if economy is not None:
                economy.values = values
                parsed.lines.append(economy)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if parsed.indicator_code is None and not parsed.problems.count:
        raise LayoutError("line 6", "no data lines after the header (truncated?)")
    if not text.endswith("\n"):
        parsed.problems.add(f"line {reader.line_num}", "the last line is cut off (truncated file)")
    return parsed

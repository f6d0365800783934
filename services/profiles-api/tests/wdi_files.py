"""Bad World Bank API CSV files for tests, each made by editing the real shipped fixture text."""

from __future__ import annotations

import csv
import io

from profiles_api.seed import DATA

UNEMPLOYMENT = "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_pp_subset.csv"
POPULATION = "API_SP.POP.TOTL_DS2_en_csv_v2_pp_subset.csv"
FIRST_YEAR = 1960  # column 5 of the real header


def real_bytes(name: str = UNEMPLOYMENT) -> bytes:
    """The shipped file, byte for byte (BOM included)."""
    return (DATA / name).read_bytes()


def real_lines(name: str = UNEMPLOYMENT) -> list[str]:
    """The shipped file's lines (BOM dropped, line breaks kept)."""
    return real_bytes(name).decode("utf-8-sig").splitlines(keepends=True)


def line_of(lines: list[str], wb_code: str) -> int:
    """1-based line number of an economy's line."""
    return next(i for i, line in enumerate(lines, 1) if f'","{wb_code}","' in line)


def column_of(year: int) -> int:
    """1-based column of a year in the real header."""
    return 5 + year - FIRST_YEAR


def _write(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="").writerow(cells)
    return out.getvalue() + ",\n"  # the Bank's trailing comma


def with_cell(wb_code: str, year: int, text: str) -> tuple[bytes, int, int]:
    """Real file with one cell replaced; returns (bytes, line, column)."""
    lines = real_lines()
    line = line_of(lines, wb_code)
    cells = next(csv.reader([lines[line - 1]]))[:-1]
    cells[column_of(year) - 1] = text
    lines[line - 1] = _write(cells)
    return "".join(lines).encode(), line, column_of(year)


def with_header_year(old: int, new: int) -> bytes:
    """Real file whose header names a year column differently (e.g. 1960 -> 1850)."""
    lines = real_lines()
    lines[4] = lines[4].replace(f'"{old}"', f'"{new}"', 1)
    return "".join(lines).encode()


def with_duplicate(wb_code: str) -> tuple[bytes, int, int]:
    """Real file with an economy's line repeated at the end; returns (bytes, first, repeat)."""
    lines = real_lines()
    first = line_of(lines, wb_code)
    lines.append(lines[first - 1])
    return "".join(lines).encode(), first, len(lines)


def with_indicator(code: str) -> bytes:
    """Real file relabelled to another indicator code."""
    return "".join(real_lines()).replace("SL.UEM.TOTL.ZS", code).encode()


def truncated() -> bytes:
    """Real file cut in the middle of a data line (as an interrupted download)."""
    data = real_bytes()
    return data[: len(data) // 2]


def latin1() -> bytes:
    """Real file with Turkiye spelled Türkiye, saved as latin-1 instead of UTF-8."""
    return "".join(real_lines()).replace('"Turkiye"', '"Türkiye"').encode("latin-1")

"""Reading an initiatives file (CSV in UTF-8, or the first sheet of an XLSX workbook) into rows of
text cells keyed by column name, and turning a row into an editors' API body."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from toolbox_api.imports.columns import (
    BY_NAME,
    COLUMNS,
    COUNTRY_COLUMNS,
    ORGANISATION_COLUMNS,
    SOURCES,
)

MAX_ROWS = 5000


class FileError(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""

    def __init__(self, where: str, reason: str, value: str | None = None) -> None:
        super().__init__(f"{where}: {reason}")
        self.where, self.reason, self.value = where, reason, value


@dataclass
class Row:
    """One data row: its number in the file (the header is row 1) and its non-empty cells."""

    number: int
    cells: dict[str, str]


@dataclass
class Mapped:
    """A row as an API body, and where each list entry came from (for error messages)."""

    body: dict[str, Any]
    origin: dict[str, list[str]] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FileError("file", f"not UTF-8 text (byte {err.start})") from None
    if "\x00" in text:
        raise FileError("file", "contains NUL characters; not a CSV file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as err:
        raise FileError("file", f"not a readable CSV file ({err})") from None


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # any failure to open an untrusted file is the file's fault
        raise FileError("file", f"not a readable XLSX workbook ({type(err).__name__})") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception as err:
        raise FileError("file", f"not a readable XLSX workbook ({type(err).__name__})") from None
    finally:
        book.close()


def read_rows(filename: str, content: bytes) -> list[Row]:
    """The data rows of a CSV or XLSX file, checked for a known, complete header."""
    is_xlsx = content[:2] == b"PK" or filename.lower().endswith(".xlsx")
    table = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise FileError("file", "empty: expected a header row and data rows")
    header = table[0]
    while header and not header[-1]:
        header = header[:-1]
    names = [h.strip().lower() for h in header]
    for i, name in enumerate(names, start=1):
        if name not in BY_NAME:
            raise FileError(f"row 1, column {i}", "unknown column (see the template)", name)
        if names.index(name) != i - 1:
            raise FileError(f"row 1, column {i}", "column named twice", name)
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    if missing:
        raise FileError("row 1", f"missing required column(s): {', '.join(missing)}")
    if not set(COUNTRY_COLUMNS) & set(names):
        raise FileError("row 1", "needs partner_countries or implementer_countries")
    if len(table) - 1 > MAX_ROWS:
        raise FileError("file", f"more than {MAX_ROWS} rows; split the file")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(values):
            continue
        cells = {n: v for n, v in zip(names, values, strict=False) if v}
        extra = [v for v in values[len(names) :] if v]
        if extra:
            raise FileError(f"row {number}", "more cells than header columns", extra[0][:80])
        rows.append(Row(number, cells))
    if not rows:
        raise FileError("file", "no data rows")
    return rows


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def to_body(row: Row) -> Mapped:
    """The editors' API body of a row, with each list entry's column noted."""
    cells = row.cells
    body: dict[str, Any] = {
        name: cells[name]
        for name in (
            "slug", "title_en", "title_ru", "summary_en", "summary_ru", "description_en",
            "description_ru", "kind", "start_year", "end_year", "implementation_status",
            "outcomes_en", "outcomes_ru", "owner_country", "access",
        )
        if name in cells
    }  # fmt: skip
    origin: dict[str, list[str]] = {"countries": [], "organisations": [], "sources": []}
    body["countries"] = []
    for column, role in COUNTRY_COLUMNS.items():
        for code in _split(cells.get(column, "")):
            body["countries"].append({"iso3": code, "role": role})
            origin["countries"].append(column)
    body["organisations"] = []
    for column, role in ORGANISATION_COLUMNS.items():
        for name in _split(cells.get(column, "")):
            body["organisations"].append({"name": name, "role": role})
            origin["organisations"].append(column)
    body["themes"] = _split(cells.get("themes", ""))
    body["sources"] = []
    for n in range(1, SOURCES + 1):
        title, url = cells.get(f"source_{n}_title"), cells.get(f"source_{n}_url")
        if title or url:
            body["sources"].append({"title": title or "", "url": url or ""})
            origin["sources"].append(f"source_{n}")
    if "budget_amount" in cells or "budget_currency" in cells:
        body["budget"] = {
            "amount": cells.get("budget_amount", "").replace(" ", "").replace(",", ""),
            "currency": cells.get("budget_currency", ""),
        }
    body["corridors"] = []
    for pair in _split(cells.get("corridors", "")):
        origin_iso3, _, destination = pair.partition(">")
        body["corridors"].append({"from": origin_iso3.strip(), "to": destination.strip()})
    body["routes"] = _split(cells.get("routes", ""))
    return Mapped(body, origin)


def column_of(mapped: Mapped, loc: list[str]) -> str:
    """The file column a body field path (`countries.2.iso3`) came from."""
    if not loc:
        return "row"
    head = loc[0]
    index = int(loc[1]) if len(loc) > 1 and loc[1].isdigit() else None
    if head in ("countries", "organisations") and index is not None:
        return mapped.origin[head][index] if index < len(mapped.origin[head]) else head
    if head == "sources" and index is not None:
        base = (
            mapped.origin["sources"][index] if index < len(mapped.origin["sources"]) else "source_1"
        )
        return f"{base}_{loc[2]}" if len(loc) > 2 else f"{base}_url"
    if head == "sources":
        return "source_1_url"
    if head == "countries":
        return "partner_countries"
    if head == "budget":
        return f"budget_{loc[1]}" if len(loc) > 1 else "budget_amount"
    return head

"""Every list as JSON, CSV or XLSX: chosen by `format=` or the `Accept` header.

CSV and XLSX carry the same columns as the JSON items (lists joined with `;`), so units and
provenance travel with the numbers; paging travels in `Link` and `X-Total-Count` headers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from openpyxl import Workbook
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from imap_kit.pagination import Page

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Format(StrEnum):
    """Representation of a list."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


MEDIA = {Format.csv: CSV, Format.xlsx: XLSX}


def _format(
    request: Request,
    format: Annotated[
        Format | None,
        Query(description="json (default), csv or xlsx; overrides the Accept header."),
    ] = None,
) -> Format:
    if format is not None:
        return format
    accept = request.headers.get("accept", "")
    for fmt, media in MEDIA.items():
        if media in accept:
            return fmt
    return Format.json


FormatDep = Annotated[Format, Depends(_format)]

# OpenAPI: a list's 200 answer may also be CSV or XLSX.
TABULAR: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            CSV: {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    return value


def rows_of(items: Sequence[BaseModel]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a list of models (their JSON field values, flattened)."""
    if not items:
        return [], []
    dumped = [item.model_dump(mode="json") for item in items]
    header = list(dumped[0])
    return header, [[_cell(d.get(h)) for h in header] for d in dumped]


def _csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()  # BOM: spreadsheet programs then read UTF-8


def _xlsx_bytes(header: list[str], rows: list[list[Any]], sheet: str) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _link_header(page: Page[Any]) -> str:
    links = [(page.links.next, "next"), (page.links.prev, "prev"), (page.links.first, "first")]
    return ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url)


async def respond(page: Page[Any], fmt: Format, *, name: str) -> Page[Any] | Response:
    """The page itself for JSON; otherwise a CSV or XLSX file of its items."""
    if fmt is Format.json:
        return page
    header, rows = rows_of(page.items)
    if fmt is Format.csv:
        body = _csv_bytes(header, rows)
    else:
        body = await run_in_threadpool(_xlsx_bytes, header, rows, name)
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{fmt.value}"',
        "X-Total-Count": str(page.total),
    }
    if link := _link_header(page):
        headers["Link"] = link
    return Response(body, media_type=MEDIA[fmt], headers=headers)

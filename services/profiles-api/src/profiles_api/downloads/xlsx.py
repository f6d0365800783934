"""A country's assembled profile as an XLSX workbook of its data (openpyxl).

Sheets: Profile (country, edition, endorsement), Indicators (latest values; `topic` is the
template part or section), Series (every
point, long form), Partners, Shortages, Sources (datasets, then sources cited by sections).
Values are numeric cells, periods text, vintages dates; headers are the field names of the JSON
profile so a script can use either. Output is deterministic for the same profile: the workbook's
dates and the zip entries' timestamps come from the data, not the clock.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from profiles_api.downloads.i18n import endorsement_label, t
from profiles_api.downloads.pdf import creation_date
from profiles_api.profile.schemas import AssembledProfile

BOLD = Font(bold=True)
INDICATORS = (
    "topic code name_en name_ru unit scale latest_period latest_value flags source_dataset"
).split()
SERIES = "code name_en unit scale period value".split()
PARTNERS = (
    "indicator_code indicator_name_en direction partner_iso3 partner_name_en partner_name_ru "
    "period value unit scale source_dataset"
).split()
SHORTAGES = (
    "area year direction severity isco_code isco_title nace_code nace_title "
    "occupation_as_reported source_url source_dataset"
).split()
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for column, name in zip(sheet.iter_cols(min_row=1, max_row=1), header, strict=True):
        width = max([len(name), *(len(str(c.value or "")) for c in sheet[column[0].column_letter])])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)


def _utc(moment: datetime) -> datetime:
    """A naive UTC datetime (what spreadsheet cells hold)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _profile_rows(profile: AssembledProfile) -> list[tuple[str, Any]]:
    country = profile.country
    published = _utc(profile.published_at) if profile.published_at else None
    rows: list[tuple[str, Any]] = [
        ("iso3", country.iso3),
        ("name_en", country.name_en),
        ("name_ru", country.name_ru),
        ("pp_group", country.pp_group),
        ("capital", country.capital),
        ("title", t("title", "en")),
        ("edition", profile.edition),
        ("published_at (UTC)", published),
        ("endorsement", profile.endorsement),
        ("endorsement_label", endorsement_label(profile.endorsement, "en")),
        ("endorsement_note", profile.endorsement_note),
        ("data_revision", profile.data_revision),
    ]
    if profile.edition is None:
        rows.append(("note", t("no_edition_note", "en")))
    return rows


def render_xlsx(profile: AssembledProfile) -> bytes:
    """The profile's data as XLSX bytes (deterministic for the same input)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(book, "Profile", ("field", "value"), _profile_rows(profile))
    indicators = [i for part in profile.parts for i in part.indicators]
    _sheet(
        book, "Indicators", INDICATORS, ([getattr(i, c) for c in INDICATORS] for i in indicators)
    )
    _sheet(
        book,
        "Series",
        SERIES,
        (
            (i.code, i.name_en, i.unit, i.scale, p.period, p.value)
            for i in indicators
            for p in i.trend
        ),
    )
    _sheet(
        book,
        "Partners",
        PARTNERS,
        ([getattr(f, c) for c in PARTNERS] for f in profile.top_partners),
    )
    _sheet(
        book,
        "Shortages",
        SHORTAGES,
        ([getattr(x, c) for c in SHORTAGES] for x in profile.shortages),
    )
    cited = [
        ("section", section.part, source.title, None, None, None, source.url)
        for part in profile.parts
        for section in part.sections
        for source in section.sources
    ]
    _sheet(
        book,
        "Sources",
        ("kind", "code", "title", "publisher", "licence", "vintage", "url"),
        [
            *(
                ("dataset", d.code, d.title, d.publisher, d.licence, d.vintage, d.source_url)
                for d in profile.sources
            ),
            *cited,
        ],
    )
    stamp = creation_date(profile)
    book.properties.creator = "i-Map profiles-api"
    book.properties.title = f"{profile.country.name_en} — {t('title', 'en')}"
    book.properties.created = _utc(stamp)
    buffer = io.BytesIO()
    book.save(buffer)
    return _normalised(buffer.getvalue(), stamp)


def _normalised(data: bytes, stamp: datetime) -> bytes:
    """The same workbook with fixed zip timestamps and modification date (stable bytes)."""
    stamp = stamp.astimezone(UTC)
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + iso + b"</dcterms:modified>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()

"""The profile renderers on assembled profiles built in memory (Georgia's real series).

PDFs are read back with pypdf: their text (country, endorsement state, sections, numbers in the
language's format), their links, and their page content streams (one polyline per chart with one
segment per step of the series).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import openpyxl
import pytest
from profiles_api.downloads import xlsx
from profiles_api.downloads.i18n import compact, number, unit_label
from profiles_api.downloads.markdown import parse
from profiles_api.downloads.pdf import render_pdf
from pypdf import PdfReader

_spec = spec_from_file_location("profile_fixture", Path(__file__).parents[1] / "profile_fixture.py")
assert _spec and _spec.loader
fixture = module_from_spec(_spec)
_spec.loader.exec_module(fixture)
georgia, text_of, polylines = fixture.georgia, fixture.text_of, fixture.polylines


def uris(data: bytes) -> set[str]:
    """The external links of every page."""
    reader = PdfReader(io.BytesIO(data))
    out = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                out.add(str(action["/URI"]))
    return out


@pytest.fixture(scope="module")
def english() -> bytes:
    return render_pdf(georgia(), "en")


@pytest.fixture(scope="module")
def russian() -> bytes:
    return render_pdf(georgia(), "ru")


def test_english_pdf_has_cover_sections_and_sources(english: bytes) -> None:
    reader = PdfReader(io.BytesIO(english))
    cover = reader.pages[0].extract_text()
    assert "Georgia" in cover and "Extended Migration Profile" in cover
    assert "Demonstration — not an endorsed profile" in cover
    assert "Edition 1 · published 20 November 2026" in cover
    text = text_of(english)
    assert "has turned from strongly negative" in text  # section A's Markdown body
    assert "B3 Labour market" in text and "Youth unemployment stays high" in text
    assert "Nursing professionals" in text and "Russia" in text
    assert "World Development Indicators (last updated 2025-04-15)" in text
    assert "<b>HTML stays text</b>" in text  # raw HTML is shown, never interpreted
    # Every page says which edition and endorsement state it belongs to.
    for page in reader.pages:
        assert "Demonstration — not an endorsed profile" in page.extract_text()
    assert reader.metadata is not None and reader.metadata.title.startswith("Georgia")


def test_russian_pdf_is_in_russian_with_russian_numbers(russian: bytes) -> None:
    text = text_of(russian)
    assert "Грузия" in text and "Расширенный миграционный профиль" in text
    assert "Демонстрационная версия — профиль не одобрен" in text
    assert "Рынок труда" in text and "Основные показатели" in text
    assert "Население Грузии сокращается" in text
    # Population 2023: 3,715,483 (WDI) written the Russian way.
    assert "3 715 483" in text and "3,715,483" not in text
    assert "Источники" in text and "Стр. 2 из" in text


def test_english_numbers_use_commas(english: bytes) -> None:
    assert "3,715,483" in text_of(english)


def test_one_chart_per_key_series_with_every_point(english: bytes) -> None:
    profile = georgia()
    series = [i for part in profile.parts for i in part.indicators if len(i.trend) >= 2]
    assert len(series) == 10
    text = text_of(english)
    drawn = polylines(english)
    for indicator in series:
        assert text.count(indicator.name_en) >= 2  # in the table and as the chart's title
    # One polyline per chart, with one segment between each pair of neighbouring points.
    expected = Counter(len(i.trend) - 1 for i in series)
    for segments, count in expected.items():
        assert drawn[segments] >= count, (segments, drawn)


def test_links_are_clickable(english: bytes) -> None:
    assert {
        "https://data.worldbank.org/country/georgia",
        "https://datacatalog.worldbank.org/search/dataset/0037712",
    } <= uris(english)


def test_same_profile_same_bytes_and_revision_changes_them(english: bytes) -> None:
    assert render_pdf(georgia(), "en") == english
    changed = georgia().model_copy(update={"data_revision": 43})
    assert render_pdf(changed, "en") != english


def test_before_a_first_edition_the_pdf_says_so_and_still_has_data() -> None:
    data = render_pdf(georgia(edition=None), "en")
    cover = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "No published edition yet" in cover
    assert "Demonstration" not in cover
    text = text_of(data)
    assert "has turned from strongly negative" not in text
    assert "Population, total" in text and "3,715,483" in text


def test_an_endorsed_edition_is_shown_as_endorsed() -> None:
    data = render_pdf(georgia(endorsement="endorsed"), "ru")
    assert "Окончательный и одобренный" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_number_formats() -> None:
    assert number(2961500, "en") == "2,961,500"
    assert number(2961500, "ru") == "2\u00a0961\u00a0500"
    assert number(11.537, "en") == "11.5" and number(11.537, "ru") == "11,5"
    assert number(-135046, "en") == "−135,046"
    assert number(1.2345, "en") == "1.23"
    assert compact(3_700_000, "en", 100_000) == "3.7 million"
    assert compact(-50_000, "ru", 50_000) == "−50 тыс."
    assert compact(22.5, "en", 2.5) == "22.5"
    assert unit_label("persons", 6, "ru") == "млн человек"
    assert unit_label("% of GDP", 0, "en") == "% of GDP"


def test_markdown_keeps_html_as_text_and_drops_script_links() -> None:
    blocks = parse("Hi <script>x()</script> [bad](javascript:alert(1)) [ok](https://a.org)")
    runs = blocks[0].runs
    assert "<script>x()</script>" in blocks[0].text
    assert [r.link for r in runs if r.link] == ["https://a.org"]
    items = parse("1. one\n2. two\n\n- a\n  - b")
    assert [(b.kind, b.marker, b.level) for b in items] == [
        ("item", "1.", 1),
        ("item", "2.", 1),
        ("item", "•", 1),
        ("item", "•", 2),
    ]


def test_xlsx_has_numeric_cells_equal_to_the_profile() -> None:
    profile = georgia()
    data = xlsx.render_xlsx(profile)
    assert data == xlsx.render_xlsx(profile)  # deterministic bytes
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Profile",
        "Indicators",
        "Series",
        "Partners",
        "Shortages",
        "Sources",
    ]
    fields = {row[0]: row[1] for row in book["Profile"].iter_rows(min_row=2, values_only=True)}
    assert fields["name_ru"] == "Грузия" and fields["edition"] == 1
    assert fields["endorsement"] == "demonstration"
    rows = list(book["Indicators"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    latest = {r[header.index("code")]: r[header.index("latest_value")] for r in body}
    assert latest["SP.POP.TOTL"] == 3715483 and isinstance(latest["SP.POP.TOTL"], int | float)
    expected = {i.code: i.latest_value for p in profile.parts for i in p.indicators}
    assert latest == pytest.approx(expected, rel=1e-14)
    series = list(book["Series"].iter_rows(min_row=2, values_only=True))
    assert len(series) == sum(len(i.trend) for p in profile.parts for i in p.indicators)
    assert all(isinstance(r[5], int | float) for r in series)
    partners = list(book["Partners"].iter_rows(min_row=2, values_only=True))
    assert partners[0][3] == "RUS" and partners[0][7] == 139333
    sources = [r[1] for r in book["Sources"].iter_rows(min_row=2, values_only=True)]
    assert "wdi_2025-04-15" in sources and "A" in sources


def test_chart_paths_are_vector_not_images(english: bytes) -> None:
    assert not re.search(rb"/Subtype\s*/Image", english)

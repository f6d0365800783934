"""Profile documents without a database: edition diffs, Markdown checks, areas, the seed file."""

import csv
import re

import pytest
from profiles_api.countries.models import Country
from profiles_api.documents import diffing, seeding
from profiles_api.documents.schemas import DocumentWrite, SectionContent
from profiles_api.seed import DATA
from profiles_api.template import BY_CODE
from pydantic import ValidationError


def sec(part: str, body: str, title: str = "T") -> dict[str, object]:
    return {
        "part": part,
        "title_en": title,
        "title_ru": title,
        "body_en": body,
        "body_ru": body,
        "sources": [],
    }


def test_sections_are_compared_in_template_order_with_unified_diffs() -> None:
    old = [sec("C4", "one\ntwo"), sec("A", "same"), sec("B1", "gone")]
    new = [sec("A", "same"), sec("C4", "one\nthree"), sec("B3", "new")]
    changes = diffing.compare_sections(old, new, old_label="edition-1", new_label="edition-2")
    assert [(c.part, c.change) for c in changes] == [
        ("B1", "removed"),
        ("B3", "added"),
        ("C4", "changed"),
    ]
    c4 = changes[2]
    assert c4.fields == ["body_en", "body_ru"]
    assert c4.diff_en.splitlines()[:2] == ["--- edition-1/C4", "+++ edition-2/C4"]
    assert "-two" in c4.diff_en and "+three" in c4.diff_en and " one" in c4.diff_en
    removed = changes[0].diff_en.splitlines()[3:]
    assert removed == ["-# T", "-", "-gone"]


def test_a_title_or_source_change_counts_and_identical_sections_do_not() -> None:
    old = [sec("A", "x", title="Old")]
    assert diffing.compare_sections(old, old, old_label="a", new_label="b") == []
    [change] = diffing.compare_sections(
        old, [sec("A", "x", title="New")], old_label="a", new_label="b"
    )
    assert change.fields == ["title_en", "title_ru"] and "+# New" in change.diff_en
    fields = diffing.compare_fields({"endorsement": "not_endorsed"}, {"endorsement": "endorsed"})
    assert [(f.field, f.before, f.after) for f in fields] == [
        ("endorsement", "not_endorsed", "endorsed")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        "< SCRIPT src=x>",
        "<iframe src='https://example.org'>",
        '<a href="javascript:alert(1)">x</a>',
        "[x]( javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        "<style>body{}</style>",
        "[x]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
)
def test_active_content_is_refused(body: str) -> None:
    with pytest.raises(ValidationError, match="active content"):
        SectionContent(body_en=body, body_ru="ok")


@pytest.mark.parametrize(
    "body",
    [
        "Plain **Markdown** with a [link](https://example.org) and `code`.",
        "x<sup>2</sup>, a < b > c, source data: WDI",
        "An e-mail: mailto@example.org; the word javascript alone; onerror as a word",
    ],
)
def test_ordinary_markdown_is_kept_as_written(body: str) -> None:
    assert SectionContent(body_en=body, body_ru=body).body_en == body


def country(iso3: str, iso2: str, *, eu: bool = False, schengen: bool = False) -> Country:
    return Country(iso3=iso3, iso2=iso2, eurostat_geo=iso2, eu_member=eu, schengen_member=schengen)


def test_the_seed_file_holds_bilingual_cited_demonstration_texts() -> None:
    documents = seeding.load()
    assert [d["iso3"] for d in documents][:1] == ["GEO"]
    for spec in documents:
        assert spec["endorsement"] == "demonstration"
        assert (
            "i-Map team" in spec["endorsement_note"]
            and "not an official" in spec["endorsement_note"]
        )
        for body, _comment in seeding.editions(spec):
            assert isinstance(body, DocumentWrite)
            for section in body.sections:
                assert section.part in BY_CODE and section.sources, (spec["iso3"], section.part)
                assert all(str(s.url).startswith(("http://", "https://")) for s in section.sources)
                # the Russian text is Russian, the English one is not
                assert re.search("[а-яА-Я]", section.body_ru) and not re.search(
                    "[а-яА-Я]", section.body_en
                )
    georgia = seeding.editions(documents[0])
    assert [[s.part for s in body.sections] for body, _ in georgia] == [
        ["A", "B1", "B2", "B3", "C1", "C3", "C4"],
        ["A", "B1", "B2", "B3", "C1", "C3", "C4", "F"],
    ]


def test_numbers_in_the_georgian_text_come_from_the_shipped_files() -> None:
    """Spot checks against the tidy WDI file shipped in seed_data (not typed from memory)."""
    with open(DATA / "indicators_pp_tidy_2000_2024.csv", encoding="utf-8", newline="") as fh:
        values = {
            (r["iso3"], int(r["year"]), r["indicator_code"]): float(r["value"])
            for r in csv.DictReader(fh)
        }
    body = seeding.load()[0]["editions"][0]["sections"]
    text = {s["part"]: s["body_en"] for s in body}
    checks = [
        ("B1", ("GEO", 2000, "SP.POP.TOTL"), "{:,.0f}"),
        ("B1", ("GEO", 2023, "SP.POP.TOTL"), "{:,.0f}"),
        ("A", ("GEO", 2000, "SM.POP.NETM"), "−{:,.0f}"),
        ("A", ("GEO", 2022, "SM.POP.NETM"), "+{:,.0f}"),
        ("C1", ("GEO", 2024, "SM.POP.TOTL"), "{:,.0f}"),
        ("B3", ("GEO", 2024, "SL.UEM.TOTL.ZS"), "{:.1f}%"),
        ("B3", ("GEO", 2009, "SL.UEM.TOTL.ZS"), "{:.1f}%"),
        ("B2", ("GEO", 2023, "NY.GDP.PCAP.CD"), "{:,.0f}"),
        ("C4", ("GEO", 2021, "BX.TRF.PWKR.DT.GD.ZS"), "{:.1f}%"),
    ]
    for part, key, fmt in checks:
        expected = fmt.format(abs(values[key]))
        assert expected in text[part], (part, key, expected)

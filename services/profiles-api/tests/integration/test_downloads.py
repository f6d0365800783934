"""Profile downloads over HTTP: PDF in English and Russian with charts, XLSX, caching and ETags.

Editions are written and published through the documents API as an editor would; numbers are
the seeded real series, compared with what the JSON profile answers.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer
from profiles_api.countries.models import Country
from profiles_api.documents.models import ProfileDocument
from profiles_api.downloads.i18n import number
from profiles_api.indicators.models import Observation
from pypdf import PdfReader
from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

_spec = spec_from_file_location("profile_fixture", Path(__file__).parents[1] / "profile_fixture.py")
assert _spec and _spec.loader
fixture = module_from_spec(_spec)
_spec.loader.exec_module(fixture)
text_of, polylines = fixture.text_of, fixture.polylines

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECTIONS = [
    {
        "part": "A",
        "title_en": "Recent migration patterns",
        "title_ru": "Последние тенденции миграции",
        "body_en": "Test edition text about **net migration** with [a source](https://example.org/a).",
        "body_ru": "Тестовый текст о **чистой миграции**.",
        "sources": [{"title": "Test source", "url": "https://example.org/a"}],
    },
    {
        "part": "B3",
        "title_en": "Labour market",
        "title_ru": "Рынок труда",
        "body_en": "- Unemployment is the test's topic\n- Second point",
        "body_ru": "- Безработица — тема теста\n- Второй пункт",
        "sources": [],
    },
]


async def publish(
    client: AsyncClient, issuer: TestIssuer, iso3: str, **fields: Any
) -> dict[str, Any]:
    """Write the country's working copy (as an editor) and publish it; returns the edition."""
    editor = issuer.headers("editor")
    doc = f"/v1/countries/{iso3}/profile-document"
    current = await client.get(doc, headers=editor)
    headers = dict(editor)
    if current.status_code == 200:
        headers["If-Match"] = current.headers["etag"]
    body = {"sections": SECTIONS, "endorsement": "demonstration"} | fields
    put = await client.put(doc, json=body, headers=headers)
    assert put.status_code in (200, 201), put.text
    done = await client.post(
        f"{doc}/transitions",
        json={"action": "publish"},
        headers=editor | {"If-Match": put.headers["etag"]},
    )
    assert done.status_code == 200, done.text
    return dict(done.json()["edition"])


async def undocumented(db_session: AsyncSession) -> tuple[str, str]:
    """A country with population data and no profile document: (ISO3, English name)."""
    row = (
        await db_session.execute(
            select(Country.iso3, Country.name_en)
            .where(
                ~exists().where(ProfileDocument.country_iso3 == Country.iso3),
                exists().where(
                    Observation.country_iso3 == Country.iso3,
                    Observation.indicator_code == "SP.POP.TOTL",
                ),
            )
            .order_by(Country.iso3)
            .limit(1)
        )
    ).one()
    return row.iso3, row.name_en


def assert_pdf(res: Response, filename: str) -> bytes:
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == PDF
    assert res.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert res.headers["cache-control"] == "public, max-age=0, must-revalidate"
    assert res.content.startswith(b"%PDF-")
    return res.content


async def test_georgia_as_pdf_in_english_and_russian_with_charts(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    edition = await publish(
        client, issuer, "GEO", endorsement_note="Test edition, not an official profile."
    )
    n = edition["edition"]
    english = assert_pdf(
        await client.get("/v1/countries/geo/profile.pdf"), f"i-map-profile-GEO-en-ed{n}.pdf"
    )
    text = text_of(english)
    assert "Georgia" in text and "Extended Migration Profile" in text
    assert "Demonstration — not an endorsed profile" in text
    assert "Test edition, not an official profile." in text
    assert "Test edition text about net migration" in text
    assert "Unemployment is the test's topic" in text
    profile = (await client.get("/v1/countries/GEO/profile")).json()
    assert profile["edition"] == n
    indicators = [i for p in profile["parts"] for i in p["indicators"]]
    for indicator in indicators:  # every key indicator's latest value, as the API gives it
        assert number(indicator["latest_value"], "en") in text, indicator["code"]
    charted = [i for i in indicators if len(i["trend"]) >= 2]
    assert len(charted) >= 8
    # One chart line per series: a polyline with a segment between each pair of points.
    drawn = polylines(english)
    for steps, count in Counter(len(i["trend"]) - 1 for i in charted).items():
        assert drawn[steps] >= count, (steps, drawn)

    russian = assert_pdf(
        await client.get("/v1/countries/GEO/profile.pdf", params={"lang": "ru"}),
        f"i-map-profile-GEO-ru-ed{n}.pdf",
    )
    text_ru = text_of(russian)
    assert "Грузия" in text_ru and "Расширенный миграционный профиль" in text_ru
    assert "Демонстрационная версия — профиль не одобрен" in text_ru
    assert "Тестовый текст о чистой миграции" in text_ru
    population = next(i for i in indicators if i["code"] == "SP.POP.TOTL")
    assert number(population["latest_value"], "ru").replace("\u00a0", " ") in text_ru


async def test_a_country_without_an_edition_gets_its_data_and_a_cover_note(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    iso3, name = await undocumented(db_session)
    res = await client.get(f"/v1/countries/{iso3}/profile.pdf")
    data = assert_pdf(res, f"i-map-profile-{iso3}-en-no-edition.pdf")
    cover = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert name in cover and "No published edition yet" in cover
    assert "Population, total" in text_of(data)


async def test_cache_serves_the_same_file_until_the_data_changes(
    client: AsyncClient, db_session: AsyncSession, app: Any
) -> None:
    url = "/v1/countries/GEO/profile.pdf"
    first = await client.get(url)
    tag = first.headers["etag"]
    assert first.headers["x-render-cache"] == "miss" and tag.startswith('W/"')
    cache = app.state.render_cache
    renders = cache.renders
    again = await client.get(url)
    assert again.headers["x-render-cache"] == "hit" and cache.renders == renders
    assert again.content == first.content and again.headers["etag"] == tag
    # The other language is another file with its own tag.
    other = await client.get(url, params={"lang": "ru"})
    assert other.headers["etag"] != tag
    renders = cache.renders
    # Revalidation: 304 without a body while nothing changed.
    same = await client.get(url, headers={"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == tag
    assert cache.renders == renders

    # An observation changes: the revision moves, so a new tag and a new rendering.
    latest = await db_session.scalar(
        select(Observation.id)
        .where(Observation.country_iso3 == "GEO", Observation.indicator_code == "SP.POP.TOTL")
        .order_by(Observation.period.desc())
        .limit(1)
    )
    await db_session.execute(
        update(Observation).where(Observation.id == latest).values(value=4321987)
    )
    changed = await client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["x-render-cache"] == "miss"
    assert changed.headers["etag"] != tag and cache.renders == renders + 1
    assert "4,321,987" in text_of(changed.content)
    assert "4,321,987" not in text_of(first.content)


async def test_xlsx_has_the_apis_numbers_as_numbers(client: AsyncClient) -> None:
    res = await client.get("/v1/countries/GEO/profile.xlsx")
    assert res.status_code == 200 and res.headers["content-type"] == XLSX
    assert re.fullmatch(
        r'attachment; filename="i-map-profile-GEO-(ed\d+|no-edition)\.xlsx"',
        res.headers["content-disposition"],
    )
    profile = (await client.get("/v1/countries/GEO/profile")).json()
    book = openpyxl.load_workbook(io.BytesIO(res.content))
    rows = list(book["Indicators"].iter_rows(values_only=True))
    header = rows[0]
    got = {r[header.index("code")]: r[header.index("latest_value")] for r in rows[1:]}
    want = {i["code"]: i["latest_value"] for p in profile["parts"] for i in p["indicators"]}
    assert got == pytest.approx(want, rel=1e-14) and len(got) >= 8
    assert all(isinstance(v, int | float) for v in got.values())
    series = list(book["Series"].iter_rows(min_row=2, values_only=True))
    assert len(series) == sum(len(i["trend"]) for p in profile["parts"] for i in p["indicators"])
    fields = {r[0]: r[1] for r in book["Profile"].iter_rows(min_row=2, values_only=True)}
    assert fields["iso3"] == "GEO" and fields["data_revision"] == profile["data_revision"]
    partners = list(book["Partners"].iter_rows(min_row=2, values_only=True))
    assert len(partners) == len(profile["top_partners"])
    again = await client.get(
        "/v1/countries/GEO/profile.xlsx", headers={"If-None-Match": res.headers["etag"]}
    )
    assert again.status_code == 304


async def test_restricted_editions_only_for_those_who_may_read_them(
    client: AsyncClient, db_session: AsyncSession, issuer: TestIssuer
) -> None:
    iso3, _ = await undocumented(db_session)
    await publish(client, issuer, iso3, access="restricted")
    url = f"/v1/countries/{iso3}/profile.pdf"
    anonymous = await client.get(url)
    signed_in = await client.get(url, headers=issuer.headers("partner"))
    assert "No published edition yet" in text_of(anonymous.content)
    assert "Test edition text about net migration" in text_of(signed_in.content)
    assert anonymous.headers["etag"] != signed_in.headers["etag"]
    assert signed_in.headers["cache-control"] == "private, max-age=0, must-revalidate"
    assert "Authorization" in signed_in.headers["vary"]
    hidden = await client.get(url, params={"edition": 1})
    assert hidden.status_code == 404


async def test_errors_are_problems(client: AsyncClient) -> None:
    unknown = await client.get("/v1/countries/ZZZ/profile.pdf")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert "ZZZ" in unknown.json()["detail"]
    lang = await client.get("/v1/countries/GEO/profile.pdf", params={"lang": "de"})
    assert lang.status_code == 422
    assert lang.json()["errors"][0]["field"] == "query.lang"
    edition = await client.get("/v1/countries/GEO/profile.xlsx", params={"edition": 999})
    assert edition.status_code == 404 and "edition 999" in edition.json()["detail"]
    bad = await client.get("/v1/countries/GEO/profile.pdf", params={"edition": 0})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.edition"


async def test_openapi_documents_the_file_types(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    pdf = spec["paths"]["/v1/countries/{iso3}/profile.pdf"]["get"]
    assert PDF in pdf["responses"]["200"]["content"]
    assert {"304", "404", "422"} <= set(pdf["responses"])
    assert pdf["summary"].startswith("Download a country's profile as PDF")
    xlsx = spec["paths"]["/v1/countries/{iso3}/profile.xlsx"]["get"]
    assert XLSX in xlsx["responses"]["200"]["content"]

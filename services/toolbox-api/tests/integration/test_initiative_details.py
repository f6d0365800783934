"""Initiatives with their details: roles, organisations, budget, sources, corridors, routes,
Markdown rendered safe; every bad input is a 422 naming the field and changes nothing."""

from typing import Any

import pytest
from httpx import AsyncClient

FULL: dict[str, Any] = {
    "slug": "details-test-seasonal-scheme",
    "title_en": "Seasonal scheme (test)",
    "title_ru": "Сезонная схема (тест)",
    "summary_en": "Workers from **Moldova** pick fruit in Germany.",
    "summary_ru": "Работники из **Молдовы** собирают фрукты в Германии.",
    "description_en": "Recruited through the public employment service.",
    "description_ru": "Набор через государственную службу занятости.",
    "kind": "bilateral",
    "countries": [{"iso3": "mda", "role": "partner"}, {"iso3": "DEU", "role": "implementer"}],
    "organisations": [
        {"name": "Details Test Agency", "role": "implementer"},
        {"name": "Details Test Fund", "role": "donor"},
    ],
    "themes": ["legal-migration", "migration-development"],
    "start_year": 2021,
    "end_year": 2024,
    "budget": {"amount": 1250000.5, "currency": "eur"},
    "implementation_status": "completed",
    "outcomes_en": "About 1,000 workers a year.",
    "outcomes_ru": "Около 1000 работников в год.",
    "sources": [
        {"title": "Primary source", "url": "https://example.org/primary"},
        {"title": "Second source", "url": "https://example.org/second"},
    ],
    "corridors": [{"from": "MDA", "to": "DEU"}],
    "routes": ["eastern-borders"],
}


async def _total(client: AsyncClient, headers: dict[str, str]) -> int:
    res = await client.get("/v1/initiatives", params={"limit": 1}, headers=headers)
    return int(res.json()["total"])


async def test_an_initiative_with_every_detail(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    res = await client.post("/v1/initiatives", json=FULL, headers=editor)
    assert res.status_code == 201, res.text
    made = res.json()
    assert made["countries"] == [
        {"iso3": "MDA", "role": "partner"},
        {"iso3": "DEU", "role": "implementer"},
    ]
    assert made["owner_country"] == "MDA"  # the first partner
    assert made["organisations"][1] == {"name": "Details Test Fund", "role": "donor"}
    assert made["budget"] == {"amount": 1250000.5, "currency": "EUR"}
    assert made["source_url"] == "https://example.org/primary"
    assert [s["title"] for s in made["sources"]] == ["Primary source", "Second source"]
    assert made["corridors"] == [{"from": "MDA", "to": "DEU"}]
    assert made["routes"] == ["eastern-borders"]
    assert made["html"]["summary_en"] == (
        "<p>Workers from <strong>Moldova</strong> pick fruit in Germany.</p>\n"
    )
    assert res.headers["location"].endswith(f"/v1/initiatives/{made['id']}")

    published = await client.post(
        f"/v1/initiatives/{made['id']}/transitions",
        json={"action": "publish"},
        headers={**editor, "If-Match": 'W/"1"'},
    )
    assert published.status_code == 200
    as_implementer = await client.get(
        "/v1/initiatives", params={"country": "DEU", "role": "implementer", "limit": 1000}
    )
    assert made["id"] in {i["id"] for i in as_implementer.json()["items"]}
    as_partner = await client.get(
        "/v1/initiatives", params={"country": "DEU", "role": "partner", "limit": 1000}
    )
    assert made["id"] not in {i["id"] for i in as_partner.json()["items"]}
    by_route = await client.get(
        "/v1/initiatives",
        params={"route": "eastern-borders", "implementation_status": "completed", "limit": 1000},
    )
    assert made["id"] in {i["id"] for i in by_route.json()["items"]}

    csv = await client.get(
        "/v1/initiatives", params={"format": "csv", "country": "MDA", "limit": 1000}
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,slug,title_en,title_ru,kind,partner_countries")
    row = next(line for line in lines if FULL["slug"] in line)
    assert "MDA,DEU," in row and "Details Test Fund (donor)" in row and "MDA>DEU" in row


async def test_plain_html_is_stored_and_comes_back_escaped(client: AsyncClient, as_) -> None:
    body = {**FULL, "slug": "details-test-html", "summary_en": "Up <b>40%</b> & more."}
    made = (await client.post("/v1/initiatives", json=body, headers=as_("editor"))).json()
    assert made["summary_en"] == "Up <b>40%</b> & more."
    assert made["html"]["summary_en"] == "<p>Up &lt;b&gt;40%&lt;/b&gt; &amp; more.</p>\n"


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("unknown country", {"countries": [{"iso3": "ZZZ", "role": "partner"}]},
     "body.countries.0.iso3"),
    ("malformed country", {"countries": [{"iso3": "12", "role": "partner"}]},
     "body.countries.0.iso3"),
    ("unknown role", {"countries": [{"iso3": "MDA", "role": "sponsor"}]}, "body.countries.0.role"),
    ("country twice", {"countries": [{"iso3": "MDA"}, {"iso3": "MDA", "role": "implementer"}]},
     "body.countries.1"),
    ("owner not a participant", {"owner_country": "ARM"}, "body.owner_country"),
    ("unknown theme", {"themes": ["space-travel"]}, "body.themes.0"),
    ("unknown currency", {"budget": {"amount": 10, "currency": "ZZZ"}}, "body.budget.currency"),
    ("no-currency code", {"budget": {"amount": 10, "currency": "XXX"}}, "body.budget.currency"),
    ("negative budget", {"budget": {"amount": -1, "currency": "EUR"}}, "body.budget.amount"),
    ("end before start", {"start_year": 2020, "end_year": 2019}, "body.end_year"),
    ("unknown route", {"routes": ["silk-road"]}, "body.routes.0"),
    ("unknown corridor end", {"corridors": [{"from": "MDA", "to": "QQQ"}]},
     "body.corridors.0.to"),
    ("corridor to itself", {"corridors": [{"from": "MDA", "to": "MDA"}]}, "body.corridors.0"),
    ("no source", {"sources": []}, "body"),
    ("source not a URL", {"sources": [{"title": "x", "url": "javascript:alert(1)"}]},
     "body.sources.0.url"),
    ("script in summary", {"summary_en": "Hi <script>alert(1)</script>"}, "body.summary_en"),
    ("event handler", {"description_ru": '<img src=x onerror="alert(1)">'}, "body.description_ru"),
    ("script link", {"outcomes_en": "[more](javascript:alert(document.cookie))"},
     "body.outcomes_en"),
    ("script in a title", {"title_en": "<svg onload=alert(1)>"}, "body.title_en"),
    ("script in an organisation", {"organisations": [{"name": "<script>x</script>",
                                                      "role": "donor"}]},
     "body.organisations.0.name"),
    ("NUL character", {"summary_ru": "a\u0000b"}, "body.summary_ru"),
    ("unknown status", {"implementation_status": "paused"}, "body.implementation_status"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change", "field"), BAD, ids=[b[0] for b in BAD])
async def test_bad_input_is_a_422_naming_the_field_and_changes_nothing(
    client: AsyncClient, as_, case: str, change: dict[str, Any], field: str
) -> None:
    editor = as_("editor")
    before = await _total(client, editor)
    res = await client.post(
        "/v1/initiatives", json={**FULL, "slug": "details-test-bad", **change}, headers=editor
    )
    assert res.status_code == 422, res.text
    assert res.headers["content-type"] == "application/problem+json"
    problem = res.json()
    assert field in {e["field"] for e in problem["errors"]}, problem
    assert all(e["reason"] for e in problem["errors"])
    assert await _total(client, editor) == before


async def test_an_update_with_bad_input_changes_nothing(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    made = (
        await client.post("/v1/initiatives", json={**FULL, "slug": "details-upd"}, headers=editor)
    ).json()
    url = f"/v1/initiatives/{made['id']}"
    bad = {**FULL, "slug": "details-upd", "end_year": 1999, "start_year": 2000}
    res = await client.put(url, json=bad, headers={**editor, "If-Match": 'W/"1"'})
    assert res.status_code == 422
    after = (await client.get(url, headers=editor)).json()
    assert after["version"] == 1 and after["end_year"] == 2024


async def test_a_taken_slug_is_a_409(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    first = await client.get("/v1/initiatives", params={"limit": 1})
    slug = first.json()["items"][0]["slug"]
    res = await client.post("/v1/initiatives", json={**FULL, "slug": slug}, headers=editor)
    assert res.status_code == 409

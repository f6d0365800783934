"""Search over the seeded initiatives and practices: text in English and Russian, typos, snippets,
filters, facets, formats, the documents kept by triggers, and every bad input."""

import csv
import io
import re

import httpx
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from toolbox_api.search.profiles import ProfilesClient

# profiles-api stood in for by a MockTransport (the database stays real): its groups endpoint.
GROUPS = [
    {
        "name": "Central Asia",
        "name_ru": "Центральная Азия",
        "member_count": 5,
        "members": ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
    },
    {
        "name": "Eastern Partnership",
        "name_ru": "Восточное партнёрство",
        "member_count": 6,
        "members": ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"],
    },
]
SYNTAX = ["&|!():*<>'\"\\", "'", "!!", "a & (b | !c", '"unclosed', "-", "<->", ":*", "o'neil"]


def profiles_up(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/v1/groups":
        return httpx.Response(200, json={"items": GROUPS, "total": 2, "limit": 1000, "offset": 0})
    return httpx.Response(404, json={"detail": "not here"})


def profiles_down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.fixture
def peer() -> dict[str, object]:
    return {"handler": profiles_up}


@pytest.fixture
def app(app: FastAPI, peer: dict[str, object]) -> FastAPI:
    handler = peer["handler"]
    transport = httpx.MockTransport(handler)  # type: ignore[arg-type]
    app.state.profiles = ProfilesClient(
        "http://profiles.test", cache_seconds=0, transport=transport
    )
    return app


async def search(client: AsyncClient, **params: object) -> dict:
    res = await client.get("/v1/search", params=params)
    assert res.status_code == 200, res.text
    return res.json()


def slugs(body: dict) -> list[str]:
    return [i["slug"] for i in body["items"]]


async def test_seasonal_workers_in_english(client: AsyncClient) -> None:
    body = await search(client, q="seasonal workers", limit=10)
    found = slugs(body)
    assert "uk-seasonal-workers-central-asia" in found[:3]
    assert "georgia-germany-seasonal-work" in found
    assert "seasonal-worker-welfare-safeguards" in found  # a practice
    assert body["total"] >= len(found) > 0
    first = body["items"][0]
    assert "<mark>" in first["snippet"] and first["snippet_lang"] == "en"
    assert first["href"] == f"/v1/{first['type']}s/{first['id']}"
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    facets = body["facets"]
    assert {"type", "country", "group", "theme", "kind", "evidence", "period"} <= set(facets)
    assert sum(v["count"] for v in facets["type"]) == body["total"]
    themes = {v["value"]: v for v in facets["theme"]}
    assert themes["legal-migration"]["count"] > 0
    assert themes["legal-migration"]["name_ru"]
    groups = {v["value"]: v for v in facets["group"]}
    assert groups["Central Asia"]["count"] > 0
    assert groups["Central Asia"]["name_ru"] == "Центральная Азия"


async def test_seasonal_workers_in_russian(client: AsyncClient) -> None:
    body = await search(client, q="сезонные работники", limit=10)
    found = slugs(body)
    assert "uk-seasonal-workers-central-asia" in found[:3]
    assert "georgia-germany-seasonal-work" in found
    first = body["items"][0]
    assert first["snippet_lang"] == "ru"
    assert re.search(r"<mark>[а-яё]+</mark>", first["snippet"], re.IGNORECASE)
    assert body["facets"]["type"]


async def test_language_restricts_the_texts_searched(client: AsyncClient) -> None:
    english = await search(client, q="seasonal workers", lang="ru")
    russian = await search(client, q="сезонные работники", lang="en")
    assert english["total"] == 0 and russian["total"] == 0
    assert (await search(client, q="сезонные работники", lang="ru"))["total"] > 0
    both = await search(client, q="seasonal workers", lang="both", limit=100)
    auto = await search(client, q="seasonal workers", limit=100)
    assert both["total"] >= auto["total"] > 0
    assert set(slugs(auto)) <= set(slugs(both))


async def test_typos_and_names_match_by_trigrams(client: AsyncClient) -> None:
    body = await search(client, q="Moldva")
    assert "eu-moldova-mobility-partnership" in slugs(body)
    assert all("MDA" in i["countries"] for i in body["items"])
    body = await search(client, q="Молдва")
    assert "eu-moldova-mobility-partnership" in slugs(body)


async def test_all_words_rank_before_any_word(client: AsyncClient) -> None:
    loose = await search(client, q="seasonal readmission", limit=100)
    strict = await search(client, q='"seasonal worker"', limit=100)
    assert loose["total"] > strict["total"] > 0
    assert set(slugs(strict)) <= set(slugs(loose))
    excluded = await search(client, q="seasonal -Germany", limit=100)
    assert "georgia-germany-seasonal-work" not in slugs(excluded)
    assert excluded["total"] > 0


@pytest.mark.parametrize("q", SYNTAX)
async def test_search_syntax_characters_never_fail(client: AsyncClient, q: str) -> None:
    body = await search(client, q=q)
    assert body["total"] >= 0


async def test_filters_combine(client: AsyncClient) -> None:
    body = await search(client, q="labour", country="UZB", role="partner", limit=100)
    assert body["total"] > 0
    for item in body["items"]:
        assert item["type"] == "initiative" and "UZB" in item["countries"]
    practices = await search(client, type="practice", evidence="evaluated", limit=100)
    assert practices["total"] >= 1
    assert {i["evidence"] for i in practices["items"]} == {"evaluated"}
    recent = await search(client, year_from=2022, year_to=2023, limit=1000)
    for item in recent["items"]:
        start = item["start_year"] or item["end_year"]
        assert start <= 2023 and (item["end_year"] is None or item["end_year"] >= 2022)
    org = await search(client, organisation="iom", limit=1000)
    assert org["total"] > 0 and all("IOM" in i["organisations"] for i in org["items"])
    mixed = await search(client, theme="legal-migration", kind="bilateral", limit=1000)
    assert all(i["kind"] == "bilateral" for i in mixed["items"])
    assert all("legal-migration" in i["themes"] for i in mixed["items"])


async def test_group_filter_reads_profiles_api(client: AsyncClient) -> None:
    body = await search(client, group="Central Asia", limit=1000)
    central = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert body["total"] > 0
    assert all(central & set(i["countries"]) for i in body["items"])
    assert next(v for v in body["facets"]["group"] if v["value"] == "Central Asia")["selected"]
    # With a role the group facet still counts every country of a record.
    partners = await search(client, country="UZB", role="partner", limit=1000)
    groups = {v["value"]: v["count"] for v in partners["facets"]["group"]}
    assert groups["Central Asia"] == partners["total"] > 0


async def test_facets_count_every_other_filter(client: AsyncClient) -> None:
    every = await search(client, q="migration", limit=1)
    practices = await search(client, q="migration", type="practice", theme="legal-migration")
    types = {v["value"]: v for v in practices["facets"]["type"]}
    # Choosing `initiative` instead would give this many: counted without the type filter...
    assert types["initiative"]["count"] > 0 and not types["initiative"]["selected"]
    assert types["practice"]["selected"]
    assert types["practice"]["count"] == practices["total"]
    # ...but with the theme filter, so it is at most the unfiltered count of initiatives.
    all_types = {v["value"]: v["count"] for v in every["facets"]["type"]}
    assert types["initiative"]["count"] <= all_types["initiative"]
    # The theme facet ignores the theme filter itself but keeps the type filter.
    themes = {v["value"]: v["count"] for v in practices["facets"]["theme"]}
    assert themes["legal-migration"] == practices["total"]
    assert len(themes) > 1
    # Kind applies to initiatives only: with the practice filter no kind is counted.
    assert practices["facets"]["kind"] == []


async def test_sort_and_pages(client: AsyncClient) -> None:
    by_title = await search(client, sort="title", limit=1000, facets="false")
    titles = [i["title_en"] for i in by_title["items"]]
    assert titles == sorted(titles) and by_title["facets"] is None
    by_date = await search(client, q="migration", sort="date", limit=1000)
    years = [i["start_year"] for i in by_date["items"] if i["start_year"] is not None]
    assert years == sorted(years, reverse=True)
    page2 = await search(client, q="migration", limit=5, offset=5)
    assert page2["links"]["prev"] and "offset=0" in page2["links"]["prev"]
    assert page2["links"]["self"].startswith("http")
    beyond = await search(client, q="migration", offset=10_000)
    assert beyond["items"] == [] and beyond["total"] == page2["total"]


async def test_csv_and_xlsx(client: AsyncClient) -> None:
    res = await client.get("/v1/search", params={"q": "seasonal workers", "format": "csv"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows and {"type", "slug", "title_en", "title_ru", "snippet", "countries"} <= set(rows[0])
    assert int(res.headers["x-total-count"]) >= len(rows)
    res = await client.get("/v1/search", params={"q": "seasonal", "format": "xlsx"})
    assert res.status_code == 200 and res.content[:2] == b"PK"


async def test_documents_follow_writes_and_snippets_stay_text(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    body = {
        "slug": "search-test-zyxwv",
        "title_en": "Zyxwv orchard pickers",
        "title_ru": "Сборщики садов Зыхвв",
        "summary_en": 'Pickers <b>zyxwv</b> & "friends" <img src=x>.',
        "summary_ru": "Сборщики зыхвв.",
        "kind": "bilateral",
        "countries": [{"iso3": "TJK", "role": "partner"}],
        "themes": ["legal-migration"],
        "sources": [{"title": "S", "url": "https://example.org/s"}],
    }
    made = await client.post("/v1/initiatives", json=body, headers=editor)
    assert made.status_code == 201, made.text
    found = (await client.get("/v1/search", params={"q": "zyxwv"}, headers=editor)).json()
    assert slugs(found) == ["search-test-zyxwv"]
    snippet = found["items"][0]["snippet"]
    # ts_headline drops markup from the passage; what is left is escaped text.
    assert "<mark>zyxwv</mark>" in snippet and "&amp; &quot;friends" in snippet
    assert set(re.findall(r"<[^>]*>", snippet)) <= {"<mark>", "</mark>"}
    # A draft: anonymous readers do not find it.
    assert (await search(client, q="zyxwv"))["total"] == 0
    etag = made.headers["etag"]
    edited = await client.put(
        f"/v1/initiatives/{made.json()['id']}",
        json=body | {"title_en": "Qwvut orchard pickers", "summary_en": "Pickers."},
        headers=editor | {"If-Match": etag},
    )
    assert edited.status_code == 200, edited.text
    again = (await client.get("/v1/search", params={"q": "qwvut"}, headers=editor)).json()
    assert slugs(again) == ["search-test-zyxwv"]
    gone = (await client.get("/v1/search", params={"q": "zyxwv"}, headers=editor)).json()
    assert gone["total"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "   "}, "query.q"),
        ({"q": "x" * 201}, "query.q"),
        ({"limit": 1001}, "query.limit"),
        ({"country": "ZZZ"}, "query.country.0"),
        ({"country": "U1"}, "query.country.0"),
        ({"theme": "no-such-theme"}, "query.theme.0"),
        ({"year_from": 2020, "year_to": 2010}, "query.year_to"),
        ({"organisation": "No Such Organisation"}, "query.organisation.0"),
        ({"role": "partner"}, "query.role"),
        ({"group": "Atlantis"}, "query.group.0"),
        ({"sort": "random"}, "query.sort"),
        ({"type": "strategy"}, "query.type.0"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    client: AsyncClient, params: dict, field: str
) -> None:
    res = await client.get("/v1/search", params=params)
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert field in {e["field"] for e in res.json()["errors"]}


@pytest.mark.parametrize("peer", [{"handler": profiles_down}])
async def test_profiles_down(client: AsyncClient) -> None:
    body = await search(client, q="seasonal workers")
    assert body["total"] > 0 and body["degraded"] is True
    assert "group" not in body["facets"] and "profiles-api" in body["notes"][0]
    res = await client.get("/v1/search", params={"group": "Central Asia"})
    assert res.status_code == 503
    assert res.headers["content-type"].startswith("application/problem+json")


async def test_a_facet_count_is_the_total_of_choosing_it(client: AsyncClient) -> None:
    body = await search(client, q="migration", kind="bilateral")
    facets = body["facets"]
    checks = [
        ("country", "country"),
        ("theme", "theme"),
        ("organisation", "organisation"),
        ("implementation_status", "implementation_status"),
    ]
    for facet, param in checks:
        for value in facets[facet][:3]:
            chosen = await search(
                client, q="migration", kind="bilateral", **{param: value["value"]}
            )
            assert chosen["total"] == value["count"], (facet, value)
    for value in facets["period"][:3]:
        decade = int(value["value"][:4])
        chosen = await search(
            client, q="migration", kind="bilateral", year_from=decade, year_to=decade + 9
        )
        assert chosen["total"] >= value["count"] > 0  # open periods without a start count too
    kinds = await search(client, q="migration", kind="bilateral", country="MDA")
    by_kind = {v["value"]: v["count"] for v in kinds["facets"]["kind"]}
    assert by_kind["bilateral"] == kinds["total"]
    other = (await search(client, q="migration", kind="multilateral", country="MDA"))["total"]
    assert by_kind.get("multilateral", 0) == other

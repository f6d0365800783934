"""Transfer recommendations on the seeded practices and strategies: Uzbekistan and labour
migration explained, objectives, profiles-api down (a MockTransport stands in for it; the database
is real), and the bad inputs."""

import httpx
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from toolbox_api.recommendations.scoring import WEIGHTS
from toolbox_api.search.profiles import ProfilesClient

CENTRAL_ASIA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
EASTERN_PARTNERSHIP = ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]
GROUPS = [
    {"name": "Central Asia", "name_ru": "Центральная Азия", "members": CENTRAL_ASIA},
    {
        "name": "Eastern Partnership",
        "name_ru": "Восточное партнёрство",
        "members": EASTERN_PARTNERSHIP,
    },
    {"name": "EU27", "name_ru": "ЕС-27", "members": ["CZE", "DEU", "GRC", "ITA", "POL"]},
]
NAMES = {
    "UZB": ("Uzbekistan", "Узбекистан"),
    "KGZ": ("Kyrgyzstan", "Киргизия"),
    "KAZ": ("Kazakhstan", "Казахстан"),
    "TJK": ("Tajikistan", "Таджикистан"),
    "GEO": ("Georgia", "Грузия"),
    "MDA": ("Moldova", "Молдова"),
    "ARM": ("Armenia", "Армения"),
    "DEU": ("Germany", "Германия"),
    "POL": ("Poland", "Польша"),
}
# Stand-in values of profiles-api's latest endpoint (test fixtures, not statistics): UZB sits
# next to KGZ on every indicator, far from DEU and POL.
VALUES = {
    "BX.TRF.PWKR.DT.GD.ZS": {
        "UZB": 20,
        "KGZ": 25,
        "TJK": 40,
        "GEO": 15,
        "MDA": 14,
        "ARM": 10,
        "KAZ": 0.2,
        "DEU": 0.4,
        "POL": 1,
    },
    "SM.POP.TOTL.ZS": {
        "UZB": 3,
        "KGZ": 3.2,
        "TJK": 3.1,
        "GEO": 2,
        "MDA": 3.5,
        "ARM": 6,
        "KAZ": 19,
        "DEU": 19,
        "POL": 2,
    },
    "NY.GDP.PCAP.CD": {
        "UZB": 2000,
        "KGZ": 1900,
        "TJK": 1000,
        "GEO": 7000,
        "MDA": 6000,
        "ARM": 7000,
        "KAZ": 11000,
        "DEU": 52000,
        "POL": 22000,
    },
}


def group_of(iso3: str) -> str:
    return next(g["name"] for g in GROUPS if iso3 in g["members"])


def page(items: list) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "total": len(items), "limit": 1000})


def profiles_up(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/v1/groups":
        return page(GROUPS)
    if path == "/v1/countries":
        return page(
            [
                {"iso3": k, "name_en": en, "name_ru": ru, "pp_group": group_of(k)}
                for k, (en, ru) in NAMES.items()
            ]
        )
    code = path.removeprefix("/v1/indicators/").removesuffix("/latest")
    if code in VALUES:
        assert request.url.params["frequency"] == "A"
        rows = [
            {"country_iso3": k, "year": 2023, "value": v, "unit": "u"}
            for k, v in VALUES[code].items()
        ]
        return page(rows)
    return httpx.Response(404, json={"detail": "unknown"})


def profiles_down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def profiles_nonsense(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"items": [{"iso3": 12}]})


@pytest.fixture
def peer() -> dict[str, object]:
    return {"handler": profiles_up}


@pytest.fixture
def app(app: FastAPI, peer: dict[str, object]) -> FastAPI:
    transport = httpx.MockTransport(peer["handler"])  # type: ignore[arg-type]
    app.state.profiles = ProfilesClient(
        "http://profiles.test", cache_seconds=0, transport=transport
    )
    return app


async def recommend(client: AsyncClient, **params: object) -> dict:
    res = await client.get("/v1/recommendations", params=params)
    assert res.status_code == 200, res.text
    return res.json()


def check_scores(body: dict) -> None:
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    for item in body["items"]:
        known = {k: v for k, v in item["components"].items() if v is not None}
        expected = sum(WEIGHTS[k] * v for k, v in known.items()) / sum(WEIGHTS[k] for k in known)
        assert item["score"] == pytest.approx(expected, abs=1e-3)
        assert 0 <= item["score"] <= 1
        assert [r["component"] for r in item["reasons"]] == list(WEIGHTS)
        for reason in item["reasons"]:
            assert reason["en"].strip() and reason["ru"].strip()
            assert reason["weight"] == WEIGHTS[reason["component"]]


async def test_uzbekistan_labour_migration_explains_itself(client: AsyncClient) -> None:
    body = await recommend(client, country="uzb", theme="legal-migration")
    target = body["target"]
    assert target["country"] == "UZB" and target["name_ru"] == "Узбекистан"
    assert target["group"] == "Central Asia" and target["corridor_role"] == "origin"
    assert body["degraded"] is False and body["notes"] == []
    items = body["items"]
    assert items and body["total"] >= len(items)
    # Practices already applied in Uzbekistan are not suggested.
    assert all("UZB" not in i["applied_in"] for i in items)
    assert "pre-departure-orientation" not in {i["slug"] for i in items}
    check_scores(body)
    by_slug = {i["slug"]: i for i in items}
    # Social security agreements were applied in Kyrgyzstan and Kazakhstan: same group, origin
    # countries of their corridors, and Kyrgyzstan's profile is the closest to Uzbekistan's.
    social = by_slug["bilateral-social-security-agreements"]
    assert social["components"]["group"] == 1.0 and social["components"]["role"] == 1.0
    reasons = {r["component"]: r for r in social["reasons"]}
    assert "Kyrgyzstan" in reasons["group"]["en"] and "Central Asia" in reasons["group"]["en"]
    assert "Центральная Азия" in reasons["group"]["ru"]
    assert "Kyrgyzstan" in reasons["indicators"]["en"] and reasons["indicators"]["score"] > 0.8
    assert "origin" in reasons["role"]["en"]
    assert "reported" in reasons["evidence"]["en"]
    # A practice applied only in Eastern Partnership and EU states scores 0 on the group.
    employer = by_slug["simplified-employer-declaration"]
    assert employer["components"]["group"] == 0.0
    assert social["score"] > employer["score"]
    assert items[0]["href"] == f"/v1/practices/{items[0]['practice_id']}"


async def test_objective_gives_theme_text_and_strategy_links(client: AsyncClient) -> None:
    body = await recommend(client, objective="uzb-o2")
    target = body["target"]
    assert target["objective"] == "UZB-O2" and target["country"] == "UZB"
    assert target["theme"] == "integration" and "decent conditions" in target["text_en"]
    named = {i["slug"]: i["named_by"] for i in body["items"]}
    assert named["legal-residence-guides-for-migrants"] == ["UZB-R3"]
    assert named["bilateral-social-security-agreements"] == ["UZB-R4"]
    check_scores(body)
    by_theme = await recommend(client, country="UZB", theme="integration")
    texts = {i["slug"]: i["components"]["text"] for i in by_theme["items"]}
    assert texts != {i["slug"]: i["components"]["text"] for i in body["items"]}


@pytest.mark.parametrize("peer", [{"handler": profiles_down}, {"handler": profiles_nonsense}])
async def test_profiles_down_still_recommends(client: AsyncClient) -> None:
    body = await recommend(client, country="UZB", theme="legal-migration", limit=50)
    assert body["degraded"] is True and "profiles-api" in body["notes"][0]
    assert body["items"] and body["target"]["group"] is None
    assert body["target"]["name_en"] == "Uzbekistan"  # from ISO 3166 instead
    for item in body["items"]:
        assert item["components"]["group"] is None and item["components"]["indicators"] is None
        assert item["components"]["evidence"] is not None
    check_scores(body)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "UZB"}, "query.theme"),
        ({"country": "UZB", "theme": "legal-migration", "objective": "UZB-O1"}, "query.objective"),
        ({"country": "UZB", "theme": "no-such-theme"}, "query.theme"),
        ({"country": "ZZZ", "theme": "legal-migration"}, "query.country"),
        ({"theme": "legal-migration"}, "query.country"),
        ({"objective": "UZB-O99"}, "query.objective"),
        ({"objective": "UZB-O1", "country": "GEO"}, "query.country"),
        ({"objective": "UZB O1"}, "query.objective"),
        ({"country": "UZB", "theme": "legal-migration", "limit": 51}, "query.limit"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    client: AsyncClient, params: dict, field: str
) -> None:
    res = await client.get("/v1/recommendations", params=params)
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert field in {e["field"] for e in res.json()["errors"]}

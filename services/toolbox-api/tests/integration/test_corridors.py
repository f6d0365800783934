"""Links for the map: initiatives and practices touching a country or a route."""

import pytest
from httpx import AsyncClient


async def test_records_touching_a_country(client: AsyncClient) -> None:
    body = (await client.get("/v1/corridors", params={"country": "uzb", "limit": 1000})).json()
    assert body["total"] == len(body["items"]) > 0
    for item in body["items"]:
        ends = {end for c in item["corridors"] for end in (c["from"], c["to"])}
        assert "UZB" in ends, item
        assert item["href"] == f"/v1/{item['type']}s/{item['id']}"
    assert [i["type"] for i in body["items"]] == sorted(i["type"] for i in body["items"])
    first = body["items"][0]
    detail = (await client.get(first["href"])).json()
    assert detail["corridors"] == first["corridors"] and detail["routes"] == first["routes"]


async def test_records_on_a_route_and_by_type(client: AsyncClient) -> None:
    params = {"route": "eastern-borders", "type": "practice", "limit": 1000}
    body = (await client.get("/v1/corridors", params=params)).json()
    assert all(i["type"] == "practice" for i in body["items"])
    assert all("eastern-borders" in i["routes"] for i in body["items"])
    every = (await client.get("/v1/corridors", params={"route": "eastern-borders"})).json()
    assert every["total"] >= body["total"]
    assert every["total"] > 0


async def test_drafts_stay_off_the_public_map(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    body = {
        "slug": "corridor-test-draft",
        "title_en": "Corridor test",
        "title_ru": "Тест коридора",
        "summary_en": "Test.",
        "summary_ru": "Тест.",
        "kind": "bilateral",
        "countries": [{"iso3": "TJK"}],
        "themes": ["legal-migration"],
        "sources": [{"title": "S", "url": "https://example.org/s"}],
        "corridors": [{"from": "TJK", "to": "LTU"}],
    }
    made = (await client.post("/v1/initiatives", json=body, headers=editor)).json()
    params = {"country": "LTU", "limit": 1000}
    public = (await client.get("/v1/corridors", params=params)).json()
    assert made["id"] not in {i["id"] for i in public["items"] if i["type"] == "initiative"}
    mine = (await client.get("/v1/corridors", params=params, headers=editor)).json()
    assert made["id"] in {i["id"] for i in mine["items"] if i["type"] == "initiative"}


async def test_bad_link_filters_are_422(client: AsyncClient) -> None:
    res = await client.get("/v1/corridors", params={"country": "U1", "type": "strategy"})
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["errors"]} == {"query.country.0", "query.type.0"}


async def test_page_size_over_the_limit_is_422_everywhere(client: AsyncClient) -> None:
    for path in ("/v1/corridors", "/v1/practices", "/v1/strategies", "/v1/initiatives"):
        res = await client.get(path, params={"limit": 1001})
        assert res.status_code == 422, path
        assert res.json()["errors"][0]["field"] == "query.limit"


@pytest.mark.parametrize("path", ["/v1/corridors", "/v1/initiatives", "/v1/practices"])
async def test_an_unknown_route_is_422_naming_it(client: AsyncClient, path: str) -> None:
    res = await client.get(path, params={"route": ["eastern-borders", "true"]})
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    (error,) = res.json()["errors"]
    assert error["field"] == "query.route.1" and error["value"] == "true"
    assert "unknown route" in error["reason"]

"""Themes and initiatives from the real migrated and seeded database."""

from httpx import AsyncClient
from toolbox_api.seed import country_codes, initiative_rows


async def test_themes_in_action_plan_order(client: AsyncClient) -> None:
    body = (await client.get("/v1/themes")).json()
    assert body["total"] == 6
    assert body["items"][2]["code"] == "legal-migration"


async def test_initiatives_paginated_with_total(client: AsyncClient) -> None:
    expected = len(initiative_rows())
    body = (await client.get("/v1/initiatives", params={"limit": 10})).json()
    assert body["total"] == expected and len(body["items"]) == 10
    assert body["links"]["next"].startswith("http://testserver/api/toolbox/v1/initiatives")


async def test_filter_by_country_and_theme(client: AsyncClient) -> None:
    expected = {
        r["slug"]
        for r in initiative_rows()
        if "MDA" in country_codes(r) and "return-readmission" in r["themes"]
    }
    params = {"country": "mda", "theme": "return-readmission", "limit": 100}
    body = (await client.get("/v1/initiatives", params=params)).json()
    assert {i["slug"] for i in body["items"]} == expected and expected
    assert all("MDA" in {c["iso3"] for c in i["countries"]} for i in body["items"])


async def test_get_one_initiative_and_404(client: AsyncClient) -> None:
    first = (await client.get("/v1/initiatives", params={"limit": 1})).json()["items"][0]
    one = (await client.get(f"/v1/initiatives/{first['id']}")).json()
    assert {k: v for k, v in one.items() if k not in ("practices", "html")} == first
    missing = await client.get("/v1/initiatives/999999")
    assert (
        missing.status_code == 404 and missing.json()["detail"] == "No initiative with id 999999."
    )
    bad = await client.get("/v1/initiatives/abc")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "path.initiative_id"


async def test_bad_filters_are_422(client: AsyncClient) -> None:
    res = await client.get("/v1/initiatives", params={"kind": "galactic", "country": "12"})
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["errors"]} == {"query.kind.0", "query.country.0"}

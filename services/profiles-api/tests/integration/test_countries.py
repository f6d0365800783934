"""Country register endpoints against the real migrated and seeded database."""

from httpx import AsyncClient


async def test_lists_all_51_states_paginated(client: AsyncClient) -> None:
    first = (await client.get("/v1/countries", params={"limit": 20})).json()
    assert first["total"] == 51 and len(first["items"]) == 20
    assert first["links"]["prev"] is None
    assert first["links"]["next"].startswith("http://testserver/api/profiles/v1/countries")
    last = (await client.get("/v1/countries", params={"limit": 20, "offset": 40})).json()
    assert len(last["items"]) == 11 and last["links"]["next"] is None


async def test_filters_by_group(client: AsyncClient) -> None:
    body = (await client.get("/v1/countries?group=Central%20Asia")).json()
    assert sorted(c["iso3"] for c in body["items"]) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    bad = await client.get("/v1/countries?group=Mars")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.group.0"


async def test_get_country_by_iso3_case_insensitive(client: AsyncClient) -> None:
    res = await client.get("/v1/countries/xkx")
    assert res.status_code == 200
    body = res.json()
    assert body["name_en"] == "Kosovo" and body["name_ru"] == "Косово"
    assert body["iso_numeric"] is None
    assert res.headers["x-request-id"]


async def test_unknown_country_is_a_404_problem(client: AsyncClient) -> None:
    res = await client.get("/v1/countries/ZZZ")
    assert res.status_code == 404
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["detail"].startswith("No country with ISO3 code 'ZZZ'")


async def test_malformed_code_is_a_422_naming_the_field(client: AsyncClient) -> None:
    res = await client.get("/v1/countries/A1B2")
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "path.iso3"


async def test_groups_list_their_members(client: AsyncClient) -> None:
    body = (await client.get("/v1/groups")).json()
    names = [g["name"] for g in body["items"]]
    assert names[:2] == ["EU27", "Schengen-associated"] and body["total"] == 8
    central = next(g for g in body["items"] if g["name"] == "Central Asia")
    assert central["members"] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert central["name_ru"] == "Центральная Азия"
    assert sum(g["member_count"] for g in body["items"]) == 51
    eu = next(g for g in body["items"] if g["name"] == "EU27")
    assert eu["member_count"] == 27
    res = await client.get("/v1/groups", params={"format": "csv"})
    lines = res.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "name,name_ru,member_count,members"
    assert "KAZ;KGZ;TJK;TKM;UZB" in next(line for line in lines if "Central Asia" in line)


async def test_country_reads_carry_the_world_bank_classification(client: AsyncClient) -> None:
    body = (await client.get("/v1/countries/ARM")).json()
    assert {"wb_region", "wb_income_group"} <= set(body)
    listed = (await client.get("/v1/countries", params={"format": "csv", "limit": 1})).content
    header = listed.decode("utf-8-sig").splitlines()[0].split(",")
    assert "wb_region" in header and "wb_income_group" in header

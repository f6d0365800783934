"""ISCO-08 and NACE Rev. 2 reference tables: seeded in full, browsable, used to validate codes."""

import pytest
from httpx import AsyncClient
from imap_kit.errors import InvalidInput
from profiles_api.classifications import service
from sqlalchemy.ext.asyncio import AsyncSession


async def test_isco_levels_hold_the_whole_classification(client: AsyncClient) -> None:
    totals = [
        (await client.get("/v1/classifications/isco", params={"level": lvl, "limit": 1})).json()
        for lvl in (1, 2, 3, 4)
    ]
    assert [t["total"] for t in totals] == [10, 43, 130, 436]
    assert totals[0]["items"][0] == {
        "code": "0",
        "level": 1,
        "level_name": "major group",
        "parent_code": None,
        "title_en": "Armed forces occupations",
        "esco_uri": "http://data.europa.eu/esco/isco/C0",
    }


async def test_isco_children_search_and_detail(client: AsyncClient) -> None:
    children = (await client.get("/v1/classifications/isco", params={"parent": "222"})).json()
    assert [i["code"] for i in children["items"]] == ["2221", "2222"]
    found = (await client.get("/v1/classifications/isco", params={"q": "NURSING"})).json()
    assert "2221" in {i["code"] for i in found["items"]}
    by_prefix = (await client.get("/v1/classifications/isco", params={"q": "833"})).json()
    assert {i["code"] for i in by_prefix["items"]} >= {"833", "8332"}
    nurse = (await client.get("/v1/classifications/isco/2221")).json()
    assert (nurse["title_en"], nurse["parent_code"], nurse["level_name"]) == (
        "Nursing professionals",
        "222",
        "unit group",
    )


async def test_nace_sections_divisions_and_classes(client: AsyncClient) -> None:
    sections = (await client.get("/v1/classifications/nace", params={"level": 1})).json()
    assert sections["total"] == 21 and sections["items"][0]["code"] == "A"
    road = (await client.get("/v1/classifications/nace/49.41")).json()
    assert road["title_en"] == "Freight transport by road" and road["level_name"] == "class"
    assert road["version"] == "NACE Rev. 2"
    transport = (await client.get("/v1/classifications/nace", params={"parent": "h"})).json()
    assert [i["code"] for i in transport["items"]] == ["49", "50", "51", "52", "53"]
    section = (await client.get("/v1/classifications/nace/c")).json()
    assert section["title_en"] == "MANUFACTURING"


async def test_unknown_codes_are_404_and_malformed_ones_422(client: AsyncClient) -> None:
    for path in (
        "/v1/classifications/isco/9999",
        "/v1/classifications/nace/99.99",
        "/v1/classifications/isco?parent=999",
    ):
        res = await client.get(path)
        assert res.status_code == 404, path
        assert res.headers["content-type"] == "application/problem+json"
    for path, field in (
        ("/v1/classifications/isco/22A1", "path.code"),
        ("/v1/classifications/nace/49.411", "path.code"),
        ("/v1/classifications/isco?level=5", "query.level"),
        ("/v1/classifications/nace?q=", "query.q"),
    ):
        res = await client.get(path)
        assert res.status_code == 422, path
        assert res.json()["errors"][0]["field"] == field


async def test_check_isco_and_nace_name_every_unknown_code(db_session: AsyncSession) -> None:
    await service.check_isco(db_session, ["2221", "8332", "0"])
    await service.check_nace(db_session, ["H", "49", "49.41"])
    with pytest.raises(InvalidInput) as caught:
        await service.check_isco(db_session, ["2221", "2299", "10"], field="line 3, column 2")
    assert caught.value.status == 422
    assert [(e.field, e.value) for e in caught.value.errors or []] == [
        ("line 3, column 2", "10"),
        ("line 3, column 2", "2299"),
    ]
    assert await service.missing_nace(db_session, ["49.41", "V", "00"]) == ["00", "V"]

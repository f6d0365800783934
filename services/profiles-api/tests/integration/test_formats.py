"""Lists as CSV and XLSX, by `format=` or `Accept`, with units and provenance in every row."""

import csv
import io

from httpx import AsyncClient
from openpyxl import load_workbook

URL = "/v1/indicators/SP.POP.TOTL/observations"
PARAMS = {"year": 2020, "country": ["ARM", "GEO"]}


async def test_observations_as_csv_keep_units_and_sources(client: AsyncClient) -> None:
    res = await client.get(URL, params={**PARAMS, "format": "csv"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert res.headers["x-total-count"] == "2"
    assert 'filename="observations-SP.POP.TOTL.csv"' in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    json_items = (await client.get(URL, params=PARAMS)).json()["items"]
    assert [r["country_iso3"] for r in rows] == ["ARM", "GEO"]
    assert [float(r["value"]) for r in rows] == [i["value"] for i in json_items]
    assert {r["unit"] for r in rows} == {"persons"} and rows[0][
        "source_dataset"
    ] == "wdi_2025-04-15"


async def test_accept_header_selects_xlsx(client: AsyncClient) -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    res = await client.get(URL, params=PARAMS, headers={"Accept": xlsx})
    assert res.headers["content-type"] == xlsx
    sheet = load_workbook(io.BytesIO(res.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("indicator_code", "country_iso3", "year")
    assert [row[1] for row in values[1:]] == ["ARM", "GEO"]


async def test_paged_csv_links_to_the_next_page(client: AsyncClient) -> None:
    res = await client.get("/v1/countries", params={"format": "csv", "limit": 10})
    assert 'rel="next"' in res.headers["link"] and res.headers["x-total-count"] == "51"
    assert len(res.content.decode("utf-8-sig").strip().splitlines()) == 11


async def test_unknown_format_is_a_422(client: AsyncClient) -> None:
    res = await client.get("/v1/indicators", params={"format": "pdf"})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "query.format"

"""The country × year table against the real seeded WDI values, as JSON, CSV and XLSX."""

import csv
import io
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer
from openpyxl import load_workbook
from profiles_api.seed import DATA

_spec = spec_from_file_location("statistics_api", Path(__file__).parents[1] / "statistics_api.py")
assert _spec and _spec.loader
api = module_from_spec(_spec)
_spec.loader.exec_module(api)

URL = "/v1/indicators/SP.POP.TOTL/table"
CENTRAL_ASIA = {"group": "Central Asia", "year_from": 2018, "year_to": 2020}


def _source(iso3: str, code: str, year: int) -> float:
    with open(DATA / "indicators_pp_tidy_2000_2024.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if (row["iso3"], row["indicator_code"], row["year"]) == (iso3, code, str(year)):
                return float(row["value"])
    raise LookupError


async def test_one_row_per_country_one_value_per_year(client: AsyncClient) -> None:
    body = (await client.get(URL, params=CENTRAL_ASIA)).json()
    assert body["total"] == 5
    rows = body["items"]
    assert [r["name_en"] for r in rows] == [
        "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"
    ]  # fmt: skip
    uzbekistan = rows[-1]
    assert uzbekistan["values"] == {
        str(y): _source("UZB", "SP.POP.TOTL", y) for y in (2018, 2019, 2020)
    }
    assert (uzbekistan["unit"], uzbekistan["scale"], uzbekistan["sources"]) == (
        "persons",
        0,
        ["wdi_2025-04-15"],
    )
    assert uzbekistan["name_ru"] == "Узбекистан"


async def test_every_state_gets_a_row_and_missing_years_are_null(client: AsyncClient) -> None:
    body = (
        await client.get(
            "/v1/indicators/SM.POP.TOTL/table", params={"year_from": 2019, "year_to": 2020}
        )
    ).json()
    assert body["total"] == 51 and len(body["items"]) == 51  # the table pages by 100
    kosovo = next(r for r in body["items"] if r["country_iso3"] == "XKX")
    assert kosovo["values"] == {"2019": None, "2020": None} and kosovo["sources"] == []
    armenia = next(r for r in body["items"] if r["country_iso3"] == "ARM")
    assert armenia["values"]["2019"] is None and armenia["values"]["2020"] == _source(
        "ARM", "SM.POP.TOTL", 2020
    )


async def test_without_a_year_range_the_columns_span_the_values(client: AsyncClient) -> None:
    indicator = (await client.get("/v1/indicators/SL.UEM.TOTL.ZS")).json()
    row = (
        await client.get("/v1/indicators/SL.UEM.TOTL.ZS/table", params={"country": "GEO"})
    ).json()["items"][0]
    years = [int(y) for y in row["values"]]
    assert years == list(range(indicator["first_year"], indicator["last_year"] + 1))


async def test_csv_and_xlsx_have_one_column_per_year(client: AsyncClient) -> None:
    res = await client.get(URL, params=CENTRAL_ASIA | {"format": "csv"})
    assert (
        res.headers["content-type"].startswith("text/csv") and res.headers["x-total-count"] == "5"
    )
    assert 'filename="table-SP.POP.TOTL.csv"' in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "country_iso3", "name_en", "name_ru", "indicator_code", "unit", "scale",
        "2018", "2019", "2020", "flags", "sources",
    ]  # fmt: skip
    assert float(rows[0]["2020"]) == _source("KAZ", "SP.POP.TOTL", 2020)
    assert rows[0]["sources"] == "wdi_2025-04-15" and rows[0]["unit"] == "persons"
    xlsx = await client.get(URL, params=CENTRAL_ASIA | {"format": "xlsx"})
    sheet = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert sheet[0][6:9] == ("2018", "2019", "2020")
    assert sheet[5][0] == "UZB" and sheet[5][8] == _source("UZB", "SP.POP.TOTL", 2020)


async def test_table_errors(client: AsyncClient, issuer: TestIssuer) -> None:
    api.problem(await client.get("/v1/indicators/NO.SUCH/table"), 404)
    inverted = await client.get(URL, params={"year_from": 2020, "year_to": 2010})
    assert api.fields(inverted) == ["query.year_from"]
    await api.indicator(client, issuer, api.FLOW_INDICATOR)
    assert api.fields(await client.get("/v1/indicators/TEST.MIG.BILAT/table")) == ["path.code"]
    assert api.fields(await client.get(URL, params={"group": "Mars"})) == ["query.group.0"]

"""Indicator catalogue and observations against the real seeded WDI data."""

import csv

from httpx import AsyncClient
from profiles_api.seed import DATA, indicator_rows


def _source_value(iso3: str, code: str, year: int) -> float:
    with open(DATA / "indicators_pp_tidy_2000_2024.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if (row["iso3"], row["indicator_code"], row["year"]) == (iso3, code, str(year)):
                return float(row["value"])
    raise LookupError


async def test_catalogue_lists_every_seeded_indicator_with_coverage(client: AsyncClient) -> None:
    body = (await client.get("/v1/indicators", params={"limit": 1000})).json()
    assert body["total"] == len(indicator_rows()) >= 10
    unemp = next(i for i in body["items"] if i["code"] == "SL.UEM.TOTL.ZS")
    # the WDI API CSV file carries the ILO modelled series from 1991
    assert (unemp["first_year"], unemp["last_year"]) == (1991, 2024)
    assert unemp["topic"] == "B3" and unemp["licence"] == "CC BY 4.0"


async def test_unknown_indicator_is_404(client: AsyncClient) -> None:
    for path in ("/v1/indicators/NO.SUCH", "/v1/indicators/NO.SUCH/observations"):
        res = await client.get(path)
        assert res.status_code == 404, path
        assert res.json()["type"].endswith("/not-found")


async def test_observations_for_a_year_and_countries_match_the_source(client: AsyncClient) -> None:
    res = await client.get(
        "/v1/indicators/SP.POP.TOTL/observations",
        params=[("year", 2020), ("country", "arm"), ("country", "GEO")],
    )
    body = res.json()
    assert body["total"] == 2
    values = {o["country_iso3"]: o["value"] for o in body["items"]}
    assert values == {
        "ARM": _source_value("ARM", "SP.POP.TOTL", 2020),
        "GEO": _source_value("GEO", "SP.POP.TOTL", 2020),
    }
    assert body["items"][0]["unit"] == "persons"
    assert body["items"][0]["source_dataset"] == "wdi_2025-04-15"


async def test_observations_page_through_a_year_range(client: AsyncClient) -> None:
    params = {"year_from": 2010, "year_to": 2019, "country": "UKR", "limit": 4}
    body = (await client.get("/v1/indicators/SL.UEM.TOTL.ZS/observations", params=params)).json()
    assert body["total"] == 10
    assert [o["year"] for o in body["items"]] == [2010, 2011, 2012, 2013]
    nxt = await client.get(body["links"]["next"].removeprefix("http://testserver/api/profiles"))
    assert [o["year"] for o in nxt.json()["items"]] == [2014, 2015, 2016, 2017]


async def test_bad_observation_filters_are_422(client: AsyncClient) -> None:
    url = "/v1/indicators/SP.POP.TOTL/observations"
    inverted = await client.get(url, params={"year_from": 2020, "year_to": 2010})
    assert inverted.status_code == 422 and "year_from" in inverted.json()["detail"]
    bad_year = await client.get(url, params={"year": 1800})
    assert bad_year.json()["errors"][0]["field"] == "query.year"
    bad_country = await client.get(url, params={"country": "A1"})
    assert bad_country.json()["errors"][0]["field"] == "query.country.0"
    too_big = await client.get(url, params={"limit": 5000})
    assert too_big.json()["errors"][0]["field"] == "query.limit"


async def test_observations_by_group_sorted_by_value(client: AsyncClient) -> None:
    params = {"group": "Central Asia", "year": 2020, "sort": "-value"}
    body = (await client.get("/v1/indicators/SP.POP.TOTL/observations", params=params)).json()
    assert {o["country_iso3"] for o in body["items"]} == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    values = [o["value"] for o in body["items"]]
    assert values == sorted(values, reverse=True) and body["items"][0]["country_iso3"] == "UZB"


async def test_latest_value_per_country(client: AsyncClient) -> None:
    body = (
        await client.get(
            "/v1/indicators/SM.POP.TOTL/latest", params={"country": ["ARM", "GEO", "XKX"]}
        )
    ).json()
    # Migrant stock is published for 2024 last; Kosovo has no row in the source.
    assert [(o["country_iso3"], o["year"]) for o in body["items"]] == [("ARM", 2024), ("GEO", 2024)]
    expected = _source_value("GEO", "SM.POP.TOTL", 2024)
    assert body["items"][1]["value"] == expected and body["total"] == 2
    old = (
        await client.get(
            "/v1/indicators/SM.POP.TOTL/latest", params={"country": "GEO", "year_to": 2012}
        )
    ).json()
    assert old["items"][0]["year"] == 2010


async def test_data_gap_matrix_lists_missing_years(client: AsyncClient) -> None:
    params = {"country": ["XKX", "ARM"], "indicator": "SM.POP.TOTL", "year_from": 2000,
              "year_to": 2024}  # fmt: skip
    body = (await client.get("/v1/data-gaps", params=params)).json()
    cells = {c["country_iso3"]: c for c in body["items"]}
    # Migrant stock is published for 2000, 2005, ..., 2020 and 2024; none at all for Kosovo.
    assert cells["XKX"]["available"] == 0 and len(cells["XKX"]["missing_years"]) == 25
    armenia = cells["ARM"]
    assert armenia["available"] == 6
    assert 2001 in armenia["missing_years"] and 2005 not in armenia["missing_years"]
    complete = await client.get(
        "/v1/data-gaps",
        params={"country": "ARM", "indicator": "SP.POP.TOTL", "year_from": 2000, "year_to": 2023},
    )
    assert complete.json()["total"] == 0
    bad = await client.get("/v1/data-gaps", params={"year_from": 2020, "year_to": 2010})
    assert bad.status_code == 422

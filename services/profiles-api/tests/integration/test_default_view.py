"""The source-wins default view: one value per cell, from the best-ranked dataset; periods."""

from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer

_spec = spec_from_file_location("statistics_api", Path(__file__).parents[1] / "statistics_api.py")
assert _spec and _spec.loader
api = module_from_spec(_spec)
_spec.loader.exec_module(api)

URL = "/v1/indicators/SP.POP.TOTL/observations"
WDI = "wdi_2025-04-15"


async def _value(client: AsyncClient, **params: object) -> tuple[float, str, int]:
    body = (await client.get(URL, params={"country": "ARM", "year": 2020} | params)).json()
    assert body["total"] == 1, body
    item = body["items"][0]
    return item["value"], item["source_dataset"], body["total"]


async def _add(client: AsyncClient, issuer: TestIssuer, dataset: str, value: float, **kw) -> None:
    body = {"country_iso3": "ARM", "period": "2020", "value": value, "source_dataset": dataset}
    await api.created(client, URL, body | kw, api.editor(issuer))


async def test_the_highest_priority_wins_and_every_source_stays_readable(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    real, source, _ = await _value(client)
    assert source == WDI  # the only source of population in the seed
    await api.dataset(client, issuer, code="test_high", priority=90)
    await api.dataset(client, issuer, code="test_low", priority=10)
    await _add(client, issuer, "test_high", 2_900_000, flags="e", note="census estimate")
    await _add(client, issuer, "test_low", 1.0)
    assert (await _value(client))[:2] == (2_900_000, "test_high")
    assert (await _value(client, source=WDI))[:2] == (real, WDI)
    assert (await _value(client, source="test_low"))[:2] == (1.0, "test_low")
    every = (
        await client.get(URL, params={"country": "ARM", "year": 2020, "all_sources": True})
    ).json()
    assert [(o["source_dataset"], o["value"]) for o in every["items"]] == [
        ("test_high", 2_900_000),
        (WDI, real),
        ("test_low", 1.0),
    ]
    assert every["total"] == 3
    row = every["items"][0]
    assert (row["flags"], row["note"], row["unit"], row["scale"]) == (
        "e",
        "census estimate",
        "persons",
        0,
    )
    # The same rule in the other views: the group list, latest values, the table.
    group = (await client.get(URL, params={"group": "Eastern Partnership", "year": 2020})).json()
    assert group["total"] == 6 and {o["country_iso3"] for o in group["items"]} >= {"ARM", "GEO"}
    latest = (
        await client.get(
            "/v1/indicators/SP.POP.TOTL/latest", params={"country": "ARM", "year_to": 2020}
        )
    ).json()
    assert [(o["period"], o["source_dataset"]) for o in latest["items"]] == [("2020", "test_high")]
    table = (
        await client.get(
            "/v1/indicators/SP.POP.TOTL/table", params={"country": "ARM", "year": 2020}
        )
    ).json()
    assert table["items"][0]["values"] == {"2020": 2_900_000} and table["items"][0]["flags"] == {
        "2020": "e"
    }


async def test_equal_priority_goes_to_the_newest_vintage(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    real = (await _value(client))[0]
    await api.dataset(client, issuer, code="test_older", priority=60, vintage="2020-01-01")
    await api.dataset(client, issuer, code="test_undated", priority=60, vintage=None)
    await _add(client, issuer, "test_older", 5.0)
    await _add(client, issuer, "test_undated", 6.0)
    assert (await _value(client))[:2] == (real, WDI)  # 2025-04-15 beats 2020 and an unknown date
    await api.dataset(client, issuer, code="test_newer", priority=60, vintage="2026-01-01")
    await _add(client, issuer, "test_newer", 7.0)
    assert (await _value(client))[:2] == (7.0, "test_newer")
    ranked = (await client.get("/v1/datasets", params={"limit": 1000})).json()["items"]
    order = [d["code"] for d in ranked if d["code"].startswith("test_") or d["code"] == WDI]
    assert order == ["test_newer", WDI, "test_older", "test_undated"]


async def test_unknown_source_is_a_422(client: AsyncClient) -> None:
    res = await client.get(URL, params={"source": "no_such"})
    assert api.fields(res) == ["query.source"]
    gaps = await client.get("/v1/data-gaps", params={"source": "no_such"})
    assert api.fields(gaps) == ["query.source"]


async def test_periods_frequency_and_latest(client: AsyncClient, issuer: TestIssuer) -> None:
    code = (await api.indicator(client, issuer))["code"]
    url = f"/v1/indicators/{code}/observations"
    for period, value in (("2023", 100), ("2023-Q4", 30), ("2023-12", 9), ("2024-01", 11),
                          ("2024-02", 12), ("2024-Q1", 35)):  # fmt: skip
        body = {"country_iso3": "GEO", "period": period, "value": value, "source_dataset": WDI}
        await api.created(client, url, body, api.editor(issuer))

    async def periods(**params: object) -> list[str]:
        res = await client.get(url, params={"sort": "year"} | params)
        assert res.status_code == 200, res.text
        return [o["period"] for o in res.json()["items"]]

    assert await periods(frequency="A") == ["2023"]
    assert await periods(frequency="Q") == ["2023-Q4", "2024-Q1"]
    assert await periods(frequency="M") == ["2023-12", "2024-01", "2024-02"]
    assert await periods(period_from="2024-01") == ["2024-01", "2024-02"]  # implies monthly
    assert await periods(period_from="2023-12", period_to="2024-01") == ["2023-12", "2024-01"]
    assert await periods(year=2024) == ["2024-01", "2024-02", "2024-Q1"]
    assert api.fields(
        await client.get(url, params={"period_from": "2023", "period_to": "2024-02"})
    ) == ["query.period_to"]
    assert api.fields(
        await client.get(url, params={"frequency": "A", "period_from": "2023-Q1"})
    ) == ["query.period_from"]
    assert api.fields(
        await client.get(url, params={"period_from": "2024-02", "period_to": "2024-01"})
    ) == ["query.period_from"]
    assert api.fields(await client.get(url, params={"period_from": "2023-13"})) == [
        "query.period_from"
    ]
    latest = f"/v1/indicators/{code}/latest"
    newest = (await client.get(latest)).json()["items"]
    assert [o["period"] for o in newest] == ["2024-Q1"]  # ends in March 2024, after February
    at_2023 = (await client.get(latest, params={"year_to": 2023})).json()["items"]
    assert [o["period"] for o in at_2023] == ["2023"]  # the year, not its Q4 or December
    monthly = (await client.get(latest, params={"frequency": "M"})).json()["items"]
    assert [(o["period"], o["value"]) for o in monthly] == [("2024-02", 12)]

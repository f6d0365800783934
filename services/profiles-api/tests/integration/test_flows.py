"""Bilateral flows: corridors, filters, the default view, partners, formats and the editors' API."""

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

CODE = api.FLOW_INDICATOR["code"]
FLOWS = [  # origin, destination, period, value
    ("GEO", "RUS", "2020", 450_000),
    ("GEO", "RUS", "2019", 440_000),
    ("ARM", "RUS", "2020", 500_000),
    ("UKR", "POL", "2020", 1_000_000),
    ("GEO", "DEU", "2020", 20_000),
    ("RUS", "GEO", "2020", 50_000),
    ("AZE", "GEO", "2020", 3_000),
]


async def _seed_flows(client: AsyncClient, issuer: TestIssuer) -> None:
    await api.indicator(client, issuer, api.FLOW_INDICATOR)
    for origin, destination, period, value in FLOWS:
        await api.flow(
            client,
            issuer,
            origin_iso3=origin,
            destination_iso3=destination,
            period=period,
            value=value,
        )


async def _pairs(client: AsyncClient, **params: object) -> list[tuple[str, str, str, float]]:
    res = await client.get("/v1/flows", params={"indicator": CODE, "limit": 100} | params)
    assert res.status_code == 200, res.text
    return [
        (f["origin_iso3"], f["destination_iso3"], f["period"], f["value"])
        for f in res.json()["items"]
    ]


def _knomad(origin: str) -> list[tuple[str, float]]:
    with open(
        DATA / "wb_knomad_bilateral_migration_2017_pp_pairs_long.csv", encoding="utf-8"
    ) as fh:
        rows = [r for r in csv.DictReader(fh) if r["origin_iso3"] == origin]
    return sorted(
        ((r["destination_iso3"], float(r["migrants_2017"])) for r in rows), key=lambda p: -p[1]
    )


async def test_real_knomad_corridor_and_partners(client: AsyncClient) -> None:
    res = await client.get(
        "/v1/flows", params={"indicator": "KNOMAD.MIG.BILAT", "corridor": "GEO-RUS"}
    )
    body = res.json()
    assert body["total"] == 1  # one value per corridor and period, whatever the sources
    flow = body["items"][0]
    assert (flow["period"], flow["value"], flow["unit"]) == (
        "2017",
        dict(_knomad("GEO"))["RUS"],
        "persons",
    )
    assert (flow["origin_name_en"], flow["destination_name_en"]) == ("Georgia", "Russia")
    partners = await client.get(
        "/v1/countries/GEO/partners",
        params={"indicator": "KNOMAD.MIG.BILAT", "direction": "outbound", "limit": 3},
    )
    top = [(p["partner_iso3"], p["value"]) for p in partners.json()["items"]]
    assert top == _knomad("GEO")[:3]
    assert partners.json()["items"][0]["partner_name_ru"] == "Россия"


async def test_flows_are_filtered_and_sorted_largest_first(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    await _seed_flows(client, issuer)
    largest_first = [("UKR", "POL"), ("ARM", "RUS"), ("GEO", "RUS"), ("RUS", "GEO")]
    largest_first += [("GEO", "DEU"), ("AZE", "GEO")]
    assert [p[:2] for p in await _pairs(client, year=2020)] == largest_first
    assert await _pairs(client, corridor="geo-rus", sort="year") == [
        ("GEO", "RUS", "2019", 440_000), ("GEO", "RUS", "2020", 450_000)
    ]  # fmt: skip
    assert {p[:2] for p in await _pairs(client, country="GEO", year=2020)} == {
        ("GEO", "RUS"), ("GEO", "DEU"), ("RUS", "GEO"), ("AZE", "GEO")
    }  # fmt: skip
    assert [p[:2] for p in await _pairs(client, origin="GEO", destination="DEU")] == [
        ("GEO", "DEU")
    ]
    caucasus_to_russia = await _pairs(
        client, origin_group="Eastern Partnership", destination="RUS", year=2020
    )
    assert [p[0] for p in caucasus_to_russia] == ["ARM", "GEO"]
    assert {p[:2] for p in await _pairs(client, group="EU27")} == {("UKR", "POL"), ("GEO", "DEU")}
    assert await _pairs(client, group="Central Asia") == []


async def test_paging_totals_and_links(client: AsyncClient, issuer: TestIssuer) -> None:
    await _seed_flows(client, issuer)
    first = (await client.get("/v1/flows", params={"indicator": CODE, "limit": 3})).json()
    assert first["total"] == len(FLOWS) and len(first["items"]) == 3
    nxt = await client.get(first["links"]["next"].removeprefix("http://testserver/api/profiles"))
    second = nxt.json()
    assert second["offset"] == 3 and second["items"][0]["value"] <= first["items"][-1]["value"]
    assert second["links"]["prev"] is not None


async def test_default_view_picks_one_source_per_corridor(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    await _seed_flows(client, issuer)
    await api.dataset(client, issuer, code="test_census", priority=90)
    await api.flow(
        client,
        issuer,
        origin_iso3="GEO",
        destination_iso3="RUS",
        value=460_000,
        source_dataset="test_census",
    )
    assert await _pairs(client, corridor="GEO-RUS", year=2020) == [("GEO", "RUS", "2020", 460_000)]
    every = (
        await client.get(
            "/v1/flows",
            params={"indicator": CODE, "corridor": "GEO-RUS", "year": 2020, "all_sources": True},
        )
    ).json()
    assert [(f["source_dataset"], f["value"]) for f in every["items"]] == [
        ("test_census", 460_000), ("wdi_2025-04-15", 450_000)
    ]  # fmt: skip
    only = await _pairs(client, corridor="GEO-RUS", year=2020, source="wdi_2025-04-15")
    assert only == [("GEO", "RUS", "2020", 450_000)]
    partners = (
        await client.get(
            "/v1/countries/GEO/partners", params={"indicator": CODE, "direction": "outbound"}
        )
    ).json()
    assert [(p["partner_iso3"], p["value"], p["source_dataset"]) for p in partners["items"]] == [
        ("RUS", 460_000, "test_census"), ("DEU", 20_000, "wdi_2025-04-15")
    ]  # fmt: skip


async def test_partners_rank_the_latest_period_by_default(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    await _seed_flows(client, issuer)
    url = "/v1/countries/geo/partners"
    inbound = (await client.get(url, params={"indicator": CODE})).json()
    assert [(p["rank"], p["partner_iso3"], p["direction"]) for p in inbound["items"]] == [
        (1, "RUS", "inbound"), (2, "AZE", "inbound")
    ]  # fmt: skip
    first = inbound["items"][0]
    assert (first["partner_name_en"], first["partner_name_ru"], first["unit"], first["period"]) == (
        "Russia", "Россия", "persons", "2020"
    )  # fmt: skip
    older = (
        await client.get(url, params={"indicator": CODE, "direction": "outbound", "year": 2019})
    ).json()
    assert [(p["partner_iso3"], p["value"]) for p in older["items"]] == [("RUS", 440_000)]
    top1 = (
        await client.get(url, params={"indicator": CODE, "direction": "outbound", "limit": 1})
    ).json()
    assert top1["total"] == 2 and len(top1["items"]) == 1 and top1["links"]["next"]
    down = (
        await client.get(
            url, params={"indicator": CODE, "direction": "outbound", "limit": 1, "offset": 1}
        )
    ).json()
    assert [(p["rank"], p["partner_iso3"]) for p in down["items"]] == [(2, "DEU")]
    none = (await client.get(url, params={"indicator": CODE, "year": 1990})).json()
    assert none["total"] == 0 and none["items"] == []
    res = await client.get(url, params={"indicator": CODE, "format": "csv"})
    header = res.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:6] == [
        "rank",
        "country_iso3",
        "direction",
        "partner_iso3",
        "partner_name_en",
        "partner_name_ru",
    ]


async def test_read_errors(client: AsyncClient, issuer: TestIssuer) -> None:
    await api.indicator(client, issuer, api.FLOW_INDICATOR)
    assert api.fields(await client.get("/v1/flows")) == ["query.indicator"]
    api.problem(await client.get("/v1/flows", params={"indicator": "NO.SUCH"}), 404)
    assert api.fields(await client.get("/v1/flows", params={"indicator": "SP.POP.TOTL"})) == [
        "query.indicator"
    ]
    unknown = await client.get("/v1/flows", params={"indicator": CODE, "origin": "USA"})
    assert "'USA'" in api.problem(unknown, 404)["detail"]
    assert api.fields(
        await client.get("/v1/flows", params={"indicator": CODE, "corridor": "GEORUS"})
    ) == ["query.corridor.0"]
    partners = "/v1/countries/{}/partners"
    api.problem(await client.get(partners.format("ZZZ"), params={"indicator": CODE}), 404)
    api.problem(await client.get(partners.format("GEO"), params={"indicator": "NO.SUCH"}), 404)
    wrong = await client.get(partners.format("GEO"), params={"indicator": "SP.POP.TOTL"})
    assert api.fields(wrong) == ["query.indicator"]
    both = await client.get(
        partners.format("GEO"), params={"indicator": CODE, "year": 2020, "period": "2019"}
    )
    assert api.fields(both) == ["query.period"]


async def test_csv_and_xlsx_columns(client: AsyncClient, issuer: TestIssuer) -> None:
    await _seed_flows(client, issuer)
    params = {"indicator": CODE, "year": 2020}
    res = await client.get("/v1/flows", params=params | {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert list(rows[0])[:5] == [
        "indicator_code", "origin_iso3", "origin_name_en", "destination_iso3", "destination_name_en"
    ]  # fmt: skip
    assert {"period", "unit", "scale", "flags", "note", "source_dataset"} <= set(rows[0])
    assert (rows[0]["origin_iso3"], rows[0]["destination_iso3"], float(rows[0]["value"])) == (
        "UKR",
        "POL",
        1e6,
    )
    assert res.headers["x-total-count"] == "6"
    xlsx = await client.get("/v1/flows", params=params | {"format": "xlsx"})
    sheet = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert sheet[0][1] == "origin_iso3" and sheet[1][1] == "UKR" and len(sheet) == 7


async def test_editors_and_contributors_write_flows(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    await api.indicator(client, issuer, api.FLOW_INDICATOR)
    body = {"indicator_code": CODE, "origin_iso3": "GEO", "destination_iso3": "RUS",
            "period": "2021", "value": 1.5, "source_dataset": "wdi_2025-04-15"}  # fmt: skip
    api.problem(await client.post("/v1/flows", json=body), 401)
    armenia = issuer.headers("contributor", countries=("ARM",))
    api.problem(await client.post("/v1/flows", json=body, headers=armenia), 403)
    russia_end = issuer.headers("contributor", countries=("RUS",))
    made = await api.created(client, "/v1/flows", body, russia_end)  # either end will do
    url = f"/v1/flows/{made['id']}"
    assert (await client.get(url)).headers["etag"] == 'W/"1"'
    api.problem(await client.put(url, json=body, headers=russia_end), 428)
    changed = body | {"value": 2.5, "flags": "e"}
    res = await client.put(url, json=changed, headers={**russia_end, "If-Match": 'W/"1"'})
    assert res.status_code == 200 and (res.json()["value"], res.json()["version"]) == (2.5, 2)
    api.problem(await client.put(url, json=body, headers={**russia_end, "If-Match": 'W/"1"'}), 412)
    moved = changed | {"destination_iso3": "DEU"}  # GEO -> DEU: no longer touches Russia
    api.problem(await client.put(url, json=moved, headers={**russia_end, "If-Match": "*"}), 403)
    assert (await client.get(url)).json()["destination_iso3"] == "RUS"
    versions = (await client.get(f"{url}/versions")).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert (
        await client.delete(url, headers={**russia_end, "If-Match": 'W/"2"'})
    ).status_code == 204
    api.problem(await client.get(url), 404)


async def test_bad_flows_are_422_or_409_and_nothing_is_written(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    await api.indicator(client, issuer, api.FLOW_INDICATOR)
    good = {"indicator_code": CODE, "origin_iso3": "GEO", "destination_iso3": "RUS",
            "period": "2021", "value": 10, "source_dataset": "wdi_2025-04-15"}  # fmt: skip
    editor = api.editor(issuer)
    cases = [
        (good | {"indicator_code": "NO.SUCH"}, ["body.indicator_code"]),
        (good | {"indicator_code": "SP.POP.TOTL"}, ["body.indicator_code"]),  # a country indicator
        (good | {"origin_iso3": "USA"}, ["body.origin_iso3"]),
        (good | {"destination_iso3": "GEO"}, ["body.destination_iso3"]),
        (good | {"value": -1}, ["body.value"]),
        (good | {"value": "ten"}, ["body.value"]),
        (good | {"period": "2021-Q5"}, ["body.period"]),
        (good | {"period": "2101"}, ["body.period"]),
        (good | {"source_dataset": "nope"}, ["body.source_dataset"]),
        (
            good | {"origin_iso3": "USA", "source_dataset": "nope"},
            ["body.origin_iso3", "body.source_dataset"],
        ),
    ]
    for body, expected in cases:
        assert api.fields(await client.post("/v1/flows", json=body, headers=editor)) == expected, (
            body
        )
    assert await _pairs(client) == []
    made = await api.created(client, "/v1/flows", good, editor)
    duplicate = await client.post("/v1/flows", json=good | {"value": 11}, headers=editor)
    assert f"PUT /v1/flows/{made['id']}" in api.problem(duplicate, 409)["detail"]
    other = await api.created(client, "/v1/flows", good | {"period": "2022"}, editor)
    clash = await client.put(
        f"/v1/flows/{other['id']}", json=good, headers={**editor, "If-Match": "*"}
    )
    api.problem(clash, 409)
    assert await _pairs(client, sort="year") == [
        ("GEO", "RUS", "2021", 10),
        ("GEO", "RUS", "2022", 10),
    ]

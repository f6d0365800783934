"""The flows collection: arcs between capitals valued from profiles-api, read over HTTP.

profiles-api is played by a small peer on an httpx MockTransport that answers `GET /v1/flows`
like the real service (its `Page[FlowRead]` shape, paging, `year`/`frequency`, `sort`, 404
problem for an unknown indicator), with real UN DESA 2024/2020 and KNOMAD 2017 values. "Down"
is a real closed port.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import mapbox_vector_tile
import morecantile
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from imap_kit.auth import AuthSettings
from imap_kit.testing.tokens import TestIssuer
from map_api.flows import arcs
from map_api.main import create_app
from map_api.settings import MapSettings

ITEMS = "/v1/collections/flows/items"
UNDESA, KNOMAD = "UNDESA.IMS.TOTL", "KNOMAD.REM.BILAT"
NAMES = {"POL": "Poland", "DEU": "Germany", "KAZ": "Kazakhstan", "RUS": "Russia",
         "UKR": "Ukraine", "UZB": "Uzbekistan", "ARM": "Armenia", "GEO": "Georgia",
         "GRC": "Greece"}  # fmt: skip
REAL = [  # (indicator, origin, destination, year, value, unit, scale, dataset): profiles-api seed
    (UNDESA, "POL", "DEU", 2024, 1883559.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "KAZ", "RUS", 2024, 1321004.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "UKR", "POL", 2024, 1102774.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "UZB", "KAZ", 2024, 744161.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "ARM", "RUS", 2024, 340512.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "GEO", "RUS", 2024, 139333.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "GEO", "GRC", 2024, 90365.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "GEO", "RUS", 2020, 215810.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (UNDESA, "UKR", "POL", 2020, 180211.0, "persons", 0, "undesa_ims_2024_via_iom_gdidata"),
    (
        KNOMAD,
        "RUS",
        "UKR",
        2017,
        4043.0413041927263,
        "current US$",
        6,
        "knomad_remittances_2017_apr2018",
    ),
    (
        KNOMAD,
        "RUS",
        "UZB",
        2017,
        2838.6876918113394,
        "current US$",
        6,
        "knomad_remittances_2017_apr2018",
    ),
]


def flow_read(row: tuple[Any, ...], number: int) -> dict[str, Any]:
    indicator, origin, destination, year, value, unit, scale, dataset = row
    return {
        "indicator_code": indicator, "origin_iso3": origin, "origin_name_en": NAMES[origin],
        "destination_iso3": destination, "destination_name_en": NAMES[destination],
        "year": year, "period": str(year), "value": value, "unit": unit, "scale": scale,
        "flags": "", "note": None, "source_dataset": dataset, "id": number, "version": 1,
    }  # fmt: skip


class Peer:
    """profiles-api's `GET /v1/flows`, as far as map-api uses it; `mode` breaks it."""

    def __init__(self) -> None:
        self.mode = "up"  # up | garbage | error | wrong-shape | flaky (one 503, then up)
        self.calls: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if self.mode == "garbage":
            return httpx.Response(200, text="<html>Bad gateway</html>")
        if self.mode == "wrong-shape":
            return httpx.Response(200, json={"items": [{"origin": "UKR"}], "total": 1})
        if self.mode == "error":
            return httpx.Response(500, json={"detail": "boom"})
        if self.mode == "flaky":
            self.mode = "up"
            return httpx.Response(503, json={"detail": "starting"})
        assert request.url.path == "/v1/flows"
        q = request.url.params
        indicator = q["indicator"]
        if indicator not in (UNDESA, KNOMAD):
            return httpx.Response(
                404,
                json={
                    "status": 404,
                    "detail": f"No indicator with code '{indicator}' in the catalogue.",
                },
                headers={"content-type": "application/problem+json"},
            )
        rows = [flow_read(r, i) for i, r in enumerate(REAL, 1) if r[0] == indicator]
        if "year" in q:
            rows = [r for r in rows if r["year"] == int(q["year"])]
        key = q.get("sort", "-value").lstrip("-")
        rows.sort(key=lambda r: r[key], reverse=True)
        limit, offset = int(q.get("limit", 50)), int(q.get("offset", 0))
        page = rows[offset : offset + limit]
        return httpx.Response(
            200, json={"items": page, "total": len(rows), "limit": limit, "offset": offset,
                       "links": {"self": str(request.url), "first": str(request.url)}},
        )  # fmt: skip


@pytest.fixture
def peer() -> Peer:
    return Peer()


def _settings(database_url: str, issuer: TestIssuer, profiles_url: str) -> MapSettings:
    return MapSettings(
        database_url=database_url,
        log_json=False,
        auth=AuthSettings(jwks=issuer.jwks_json),
        profiles_url=profiles_url,
        revision_listen=False,
    )


@pytest.fixture
def app(database_url: str, issuer: TestIssuer, peer: Peer) -> FastAPI:
    """map-api whose profiles-api is the peer above."""
    settings = _settings(database_url, issuer, "http://profiles-api:8000")
    return create_app(settings, profiles_transport=httpx.MockTransport(peer.handle))


@pytest.fixture
def closed_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield port  # closed again: nothing listens there


def by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in body["features"]}


async def test_flows_carry_the_values_the_peer_sent(client: AsyncClient, peer: Peer) -> None:
    res = await client.get(ITEMS, params={"limit": 100})
    assert res.status_code == 200, res.text
    body = res.json()
    features = by_id(body)
    latest = [r for r in REAL if r[0] == UNDESA and r[3] == 2024]
    assert body["numberMatched"] == len(latest) == len(features)
    for indicator, origin, destination, year, value, unit, scale, dataset in latest:
        props = features[f"{origin}-{destination}"]["properties"]
        assert props["value"] == value and props["year"] == year and props["unit"] == unit
        assert props["origin"] == origin and props["destination"] == destination
        assert props["origin_name"] == NAMES[origin] and props["source"] == dataset
        assert props["indicator"] == indicator and props["scale"] == scale
    assert features["GEO-RUS"]["properties"]["origin_name_ru"] == "Грузия"
    values = [f["properties"]["value"] for f in body["features"]]
    assert values == sorted(values, reverse=True)  # largest first by default
    # the default year is the latest with annual values, asked for with sort=-year
    assert any(c.url.params.get("sort") == "-year" for c in peer.calls)


async def test_arcs_run_from_capital_to_capital_and_bend(client: AsyncClient) -> None:
    feature = (await client.get(ITEMS + "/UKR-POL")).json()
    line = feature["geometry"]
    assert line["type"] == "LineString" and len(line["coordinates"]) == arcs.SEGMENTS + 1
    kyiv, warsaw = arcs.places()["UKR"], arcs.places()["POL"]
    assert line["coordinates"][0] == pytest.approx([kyiv.lon, kyiv.lat], abs=1e-4)
    assert line["coordinates"][-1] == pytest.approx([warsaw.lon, warsaw.lat], abs=1e-4)
    middle = line["coordinates"][arcs.SEGMENTS // 2]
    chord_middle = [(kyiv.lon + warsaw.lon) / 2, (kyiv.lat + warsaw.lat) / 2]
    assert abs(middle[1] - chord_middle[1]) > 0.5  # curved, not straight
    back = (await client.get(ITEMS + "/POL-UKR")).status_code
    assert back == 404  # no value for that direction in the peer's data


async def test_year_indicator_country_top_and_filter(client: AsyncClient) -> None:
    old = (await client.get(ITEMS, params={"year": 2020})).json()
    assert {f["id"]: f["properties"]["value"] for f in old["features"]} == {
        "GEO-RUS": 215810.0, "UKR-POL": 180211.0,
    }  # fmt: skip
    top = (await client.get(ITEMS, params={"country": "rus", "top": 2})).json()
    assert [f["id"] for f in top["features"]] == ["KAZ-RUS", "ARM-RUS"]
    knomad = (await client.get(ITEMS, params={"indicator": KNOMAD, "year": 2017})).json()
    assert by_id(knomad)["RUS-UKR"]["properties"]["value"] == pytest.approx(4043.0413041927263)
    assert by_id(knomad)["RUS-UKR"]["properties"]["scale"] == 6
    cql = (await client.get(ITEMS, params={"filter": "value > 1000000 AND origin <> 'POL'"})).json()
    assert sorted(by_id(cql)) == ["KAZ-RUS", "UKR-POL"]
    csv = await client.get(ITEMS, params={"f": "csv", "destination": "RUS"})
    assert csv.status_code == 200 and csv.headers["x-total-count"] == "3"


async def test_bad_flow_parameters_are_400_naming_them(client: AsyncClient) -> None:
    cases = {
        "indicator": {"indicator": "NO.SUCH"},  # the peer's 404, passed on as a 400
        "top": {"top": "0"},
        "country": {"country": "Georgia"},
        "period": {"year": 2020, "period": "2020"},
        "filter": {"filter": "valu > 3"},
    }
    for name, params in cases.items():
        res = await client.get(ITEMS, params=params)
        assert res.status_code == 400, (name, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
        assert res.json()["errors"][0]["field"] == f"query.{name}", res.json()


async def test_values_are_cached_and_etags_revalidate(client: AsyncClient, peer: Peer) -> None:
    first = await client.get(ITEMS)
    calls = len(peer.calls)
    again = await client.get(ITEMS, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert len(peer.calls) == calls  # served from the client's TTL cache


async def test_flow_tiles_hold_the_arcs(client: AsyncClient) -> None:
    tms = morecantile.tms.get("WebMercatorQuad")
    tile = tms.tile(30.5, 50.4, 4)  # Kyiv
    res = await client.get(f"/v1/collections/flows/tiles/WebMercatorQuad/4/{tile.y}/{tile.x}")
    assert res.status_code == 200 and res.headers["content-type"].startswith(
        "application/vnd.mapbox-vector-tile"
    )
    layer = mapbox_vector_tile.decode(res.content)["flows"]
    props = {f["properties"]["origin"] + "-" + f["properties"]["destination"]: f["properties"]
             for f in layer["features"]}  # fmt: skip
    assert props["UKR-POL"]["value"] == 1102774.0
    tilejson = (await client.get("/v1/collections/flows/tiles/WebMercatorQuad/tilejson.json",
                                 params={"year": 2020})).json()  # fmt: skip
    assert tilejson["tiles"][0].endswith(
        "/collections/flows/tiles/WebMercatorQuad/{z}/{y}/{x}?year=2020"
    )
    assert tilejson["vector_layers"][0]["id"] == "flows"


@pytest.mark.parametrize("mode", ["garbage", "wrong-shape", "error"])
async def test_a_peer_answering_nonsense_is_503(client: AsyncClient, peer: Peer, mode: str) -> None:
    peer.mode = mode
    res = await client.get(ITEMS)
    assert res.status_code == 503, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert "profiles-api" in res.json()["detail"] and res.headers["retry-after"]
    assert (await client.get("/v1/collections/routes/items")).status_code == 200


async def test_only_unavailable_answers_are_retried_once(client: AsyncClient, peer: Peer) -> None:
    peer.mode = "error"
    await client.get(ITEMS, params={"year": 2024})
    assert len(peer.calls) == 1  # 500 is not retried (only network errors and 502-504)
    peer.calls.clear()
    peer.mode = "flaky"
    res = await client.get(ITEMS, params={"year": 2020})
    assert res.status_code == 200, res.text
    assert [c.url.params["year"] for c in peer.calls] == ["2020", "2020"]  # 503, then retried


async def test_profiles_down_is_503_and_the_rest_works(
    database_url: str, issuer: TestIssuer, closed_port: int, db_session: Any
) -> None:
    app = create_app(_settings(database_url, issuer, f"http://127.0.0.1:{closed_port}"))
    from imap_kit.db import get_session

    async def session_override() -> Any:
        yield db_session

    app.dependency_overrides[get_session] = session_override
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver/api/map") as c,
    ):
        for path in (
            ITEMS,
            ITEMS + "/UKR-POL",
            "/v1/collections/flows/tiles/WebMercatorQuad/4/5/9",
        ):
            res = await c.get(path)
            assert res.status_code == 503, (path, res.text)
            problem = res.json()
            assert problem["status"] == 503 and "profiles-api" in problem["detail"]
        # metadata needs no values; every other collection and tile keeps working
        assert (await c.get("/v1/collections/flows")).status_code == 200
        assert (await c.get("/v1/collections/flows/queryables")).status_code == 200
        collections = (await c.get("/v1/collections")).json()["collections"]
        assert "flows" in {x["id"] for x in collections}
        assert (await c.get("/v1/collections/capitals/items")).status_code == 200
        assert (await c.get("/v1/tiles/WebMercatorQuad/4/5/9")).status_code == 200

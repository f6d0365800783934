"""Flows without a database: arcs between capitals and the typed profiles-api client (paging,
validation, the 4xx/5xx/garbage answers, one retry, the TTL cache) on an httpx MockTransport."""

import json
import struct

import httpx
import pytest
from map_api.flows import arcs
from map_api.profiles_client import ProfilesClient, ProfilesRejected, ProfilesUnavailable


def _points(wkb: bytes) -> list[tuple[float, float]]:
    order, kind, count = struct.unpack_from("<BII", wkb)
    assert (order, kind) == (1, 2)
    values = struct.unpack_from(f"<{2 * count}d", wkb, 9)
    return list(zip(values[::2], values[1::2], strict=True))


def test_arcs_join_the_capitals_and_bend_left() -> None:
    kyiv, warsaw = arcs.places()["UKR"], arcs.places()["POL"]
    there = _points(arcs.arc_wkb("UKR", "POL"))
    back = _points(arcs.arc_wkb("POL", "UKR"))
    assert len(there) == arcs.SEGMENTS + 1
    assert there[0] == pytest.approx((kyiv.lon, kyiv.lat), abs=1e-5)
    assert there[-1] == pytest.approx((warsaw.lon, warsaw.lat), abs=1e-5)
    # westward from Kyiv, "left" is south: the way there bends south, the way back north
    middle_lat = (kyiv.lat + warsaw.lat) / 2
    assert there[16][1] < middle_lat - 0.5 and back[16][1] > middle_lat + 0.5
    west, south, east, north = arcs.extent()
    assert all(west <= x <= east and south <= y <= north for x, y in there + back)


def _page(items: list[dict], total: int, offset: int) -> dict:
    return {"items": items, "total": total, "limit": 1000, "offset": offset, "links": {}}


def _flow(origin: str, value: float) -> dict:
    return {"indicator_code": "X", "origin_iso3": origin, "origin_name_en": origin,
            "destination_iso3": "RUS", "destination_name_en": "Russia", "year": 2024,
            "period": "2024", "value": value, "unit": "persons", "scale": 0, "flags": "",
            "source_dataset": "d"}  # fmt: skip


async def test_pages_are_followed_and_kept() -> None:
    calls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        offset = int(request.url.params["offset"])
        items = [_flow("GEO", 1.0)] if offset == 0 else [_flow("ARM", 2.0)]
        return httpx.Response(200, json=_page(items, 2, offset))

    client = ProfilesClient("http://p", transport=httpx.MockTransport(handler))
    found = await client.flows("X", year=2024)
    assert [f.origin_iso3 for f in found.rows] == ["GEO", "ARM"] and len(calls) == 2
    assert calls[0].params["year"] == "2024" and calls[0].params["frequency"] == "A"
    again = await client.flows("X", year=2024)
    assert again is found and len(calls) == 2  # within the TTL: not asked again


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(200, text="not json"), ProfilesUnavailable),
        (httpx.Response(200, json={"items": [{"value": "NaN"}], "total": 1}), ProfilesUnavailable),
        (
            httpx.Response(
                200,
                content=json.dumps(_page([_flow("GEO", 1.0)], 1, 0)).replace("1.0", "Infinity"),
            ),
            ProfilesUnavailable,
        ),
        (httpx.Response(500), ProfilesUnavailable),
        (httpx.Response(404, json={"detail": "No indicator with code 'X'."}), ProfilesRejected),
    ],
)
async def test_bad_answers(response: httpx.Response, error: type[Exception]) -> None:
    client = ProfilesClient("http://p", transport=httpx.MockTransport(lambda _: response))
    with pytest.raises(error):
        await client.flows("X", year=2024)


async def test_network_errors_are_retried_once() -> None:
    attempts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        raise httpx.ConnectError("refused", request=request)

    client = ProfilesClient("http://p", transport=httpx.MockTransport(handler))
    with pytest.raises(ProfilesUnavailable):
        await client.flows("X", year=2024)
    assert attempts == 2


async def test_no_url_means_unavailable() -> None:
    with pytest.raises(ProfilesUnavailable, match="MAP_PROFILES_URL"):
        await ProfilesClient(None).flows("X")

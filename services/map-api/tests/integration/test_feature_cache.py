"""The in-process cache of GeoJSON feature answers (keyed by their ETag: hits, misses, gzip once,
invalidation by a data change, no leak between access tiers, turned off by a setting), and extra
collections from `MAP_EXTRA_COLLECTIONS` served as features and tiles."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import mapbox_vector_tile
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from imap_kit.auth import AuthSettings
from imap_kit.db import get_session
from imap_kit.testing.tokens import TestIssuer
from map_api.features import extra
from map_api.features.collections import COLLECTIONS
from map_api.main import create_app
from map_api.settings import MapSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

ROUTES = "/v1/collections/routes/items?limit=5"
ONE = "/v1/collections/routes/items/black-sea"


async def test_items_miss_then_hit_with_the_same_answer(client: AsyncClient) -> None:
    first = await client.get(ROUTES, headers={"Accept-Encoding": "identity"})
    assert first.status_code == 200 and first.headers["x-feature-cache"] == "miss"
    second = await client.get(ROUTES, headers={"Accept-Encoding": "identity"})
    assert second.headers["x-feature-cache"] == "hit"
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == "application/geo+json"
    assert second.headers["cache-control"] == "public, max-age=60"
    zipped = await client.get(ROUTES, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["x-feature-cache"] == "hit"
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"] and "Accept" in zipped.headers["vary"]
    assert zipped.content == first.content  # httpx decodes it: the same document
    revalidated = await client.get(ROUTES, headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304 and revalidated.content == b""
    other = await client.get(ROUTES.replace("limit=5", "limit=6"))
    assert other.headers["x-feature-cache"] == "miss"
    assert len(other.json()["features"]) == 6


async def test_a_cached_url_does_not_excuse_a_bad_one(client: AsyncClient) -> None:
    assert (await client.get(ROUTES)).status_code == 200
    assert (await client.get(ROUTES)).headers["x-feature-cache"] == "hit"
    bad = await client.get(ROUTES + "&bbox=1,2,3")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "query.bbox"
    assert (await client.get(ROUTES + "&nonsense=1")).status_code == 400


async def test_single_features_are_cached_and_misses_are_not(client: AsyncClient) -> None:
    first = await client.get(ONE)
    assert first.status_code == 200 and first.headers["x-feature-cache"] == "miss"
    again = await client.get(ONE)
    assert again.headers["x-feature-cache"] == "hit" and again.json() == first.json()
    for _ in range(2):
        missing = await client.get("/v1/collections/routes/items/no-such-route")
        assert missing.status_code == 404 and "x-feature-cache" not in missing.headers


async def test_csv_is_not_kept(client: AsyncClient) -> None:
    res = await client.get(ROUTES + "&f=csv")
    assert res.status_code == 200 and "x-feature-cache" not in res.headers


async def test_a_data_change_is_a_miss_with_the_new_data(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    before = await client.get(ONE)
    assert (await client.get(ONE)).headers["x-feature-cache"] == "hit"
    await db_session.execute(
        text("UPDATE geo.migration_route SET name_en = 'Renamed' WHERE slug = 'black-sea'")
    )
    after = await client.get(ONE)
    assert after.headers["x-feature-cache"] == "miss"
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["properties"]["name"] == "Renamed"


async def test_drafts_reach_editors_answers_only(
    client: AsyncClient, db_session: AsyncSession, issuer: TestIssuer
) -> None:
    await db_session.execute(
        text(
            "INSERT INTO geo.migration_route (slug, name_en, name_ru, kind, valid_from, "
            "description_en, description_ru, countries, status, geom) VALUES ('arctic', "
            "'Arctic Route', 'Арктический маршрут', 'land', '2015-10-01', 'd', 'd', "
            "'{RUS,NOR}', 'draft', ST_Multi(ST_GeomFromText("
            "'LINESTRING(33.08 68.97, 30.2 69.7, 30.05 69.73)', 4326)))"
        )
    )
    url = "/v1/collections/routes/items?limit=100"
    editor = await client.get(url, headers=issuer.headers("editor"))
    assert "arctic" in {f["id"] for f in editor.json()["features"]}
    anonymous = await client.get(url)  # the editor's answer is kept, under another key
    assert anonymous.headers["x-feature-cache"] == "miss"
    assert "arctic" not in {f["id"] for f in anonymous.json()["features"]}


@pytest.fixture
def uncached_app(database_url: str, issuer: TestIssuer) -> FastAPI:
    settings = MapSettings(
        database_url=database_url,
        log_json=False,
        auth=AuthSettings(jwks=issuer.jwks_json),
        feature_cache=False,
        revision_listen=False,
    )
    return create_app(settings)


async def test_the_cache_can_be_turned_off(uncached_app: FastAPI, db_session: AsyncSession) -> None:
    async def session_override() -> AsyncIterator[AsyncSession]:
        yield db_session

    uncached_app.dependency_overrides[get_session] = session_override
    transport = httpx.ASGITransport(app=uncached_app)
    async with (
        uncached_app.router.lifespan_context(uncached_app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver/api/map") as c,
    ):
        first, second = await c.get(ROUTES), await c.get(ROUTES)
        assert first.headers["x-feature-cache"] == second.headers["x-feature-cache"] == "off"
        assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
        assert len(uncached_app.state.feature_cache) == 0


# ---- extra collections (MAP_EXTRA_COLLECTIONS) -------------------------------------------------

SPEC = {
    "id": "test-places",
    "table": "extra_test.places",
    "title": "Test places",
    "geometry_type": "Point",
    "properties": {"name": "string", "rank": "integer", "seen": "date"},
    "datetime": "seen",
}


def test_extra_collections_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(extra.ENV, raising=False)
    assert extra.from_environment() == {}
    monkeypatch.setenv(extra.ENV, json.dumps([SPEC]))
    found = extra.from_environment(set(COLLECTIONS))["test-places"]
    assert found.tables == ("places",) and found.geometry_type == "Point"
    assert list(found.queryables) == ["name", "rank", "seen"]
    assert found.temporal is not None
    monkeypatch.setenv(extra.ENV, json.dumps([{**SPEC, "id": "routes"}]))
    with pytest.raises(ValueError, match="already taken"):
        extra.from_environment(set(COLLECTIONS))
    for bad in ({"table": "places"}, {"table": "a.b; drop"}, {"geometry_type": "Polygon"},
                {"properties": {"x": "object"}}, {"id": "Bad Id"}):  # fmt: skip
        monkeypatch.setenv(extra.ENV, json.dumps([{**SPEC, **bad}]))
        with pytest.raises(ValueError):
            extra.from_environment()


async def test_extra_collections_serve_features_and_tiles(
    client: AsyncClient, db_session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    for sql in (
        "CREATE SCHEMA extra_test",
        "CREATE TABLE extra_test.places (id integer PRIMARY KEY, name text, rank integer, "
        "seen date, geom geometry(Point, 4326))",
        "INSERT INTO extra_test.places VALUES (1, 'Kyiv', 1, '2020-05-01', "
        "ST_SetSRID(ST_MakePoint(30.52, 50.45), 4326)), (2, 'Lviv', 2, '2021-06-01', "
        "ST_SetSRID(ST_MakePoint(24.03, 49.84), 4326))",
    ):
        await db_session.execute(text(sql))
    spec = extra.ExtraCollection.model_validate(SPEC)
    monkeypatch.setitem(COLLECTIONS, spec.id, spec.collection())
    base = f"/v1/collections/{spec.id}"
    page: dict[str, Any] = (await client.get(f"{base}/items?filter=rank > 1")).json()
    assert [f["properties"]["name"] for f in page["features"]] == ["Lviv"]
    page = (
        await client.get(f"{base}/items?datetime=2020-01-01/2020-12-31&bbox=30,50,31,51")
    ).json()
    assert [f["id"] for f in page["features"]] == [1]
    assert (await client.get(f"{base}/items/2")).json()["properties"]["seen"] == "2021-06-01"
    tiles = f"{base}/tiles/WebMercatorQuad/4/5/9"  # lon 22.5-45: Kyiv and Lviv
    for query, names in (("", ["Kyiv", "Lviv"]), ("?filter=rank > 1", ["Lviv"])):
        layer = mapbox_vector_tile.decode((await client.get(tiles + query)).content)[spec.id]
        assert sorted(f["properties"]["name"] for f in layer["features"]) == names

"""OGC API - Tiles: tile matrix sets, tileset lists and metadata, TileJSON, Mapbox vector tiles
of every collection and of the web map (decoded with mapbox-vector-tile), the antimeridian,
bad tile coordinates, empty tiles, datetime on route statistics, ETags, 304 and the tile cache
(hits, misses, invalidation by a data change, no leak between access tiers)."""

from __future__ import annotations

from typing import Any

import mapbox_vector_tile
import morecantile
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from imap_kit.auth import AuthSettings
from imap_kit.testing.tokens import TestIssuer
from map_api.main import create_app
from map_api.settings import MapSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

BASE = "http://testserver/api/map/v1"
TMS = morecantile.tms.get("WebMercatorQuad")
WMQ = "WebMercatorQuad"
MVT = "application/vnd.mapbox-vector-tile"
BASEMAP = {"countries", "country-labels", "capitals", "routes", "crossing-points"}
PLACE = {"iso3", "name", "name_ru", "role", "pp_group"}
UKRAINE_LABEL = (31.07, 48.80)  # Natural Earth's label point (pp_countries.csv, rounded)


def tile_url(lon: float, lat: float, z: int, prefix: str = "/v1/tiles") -> str:
    t = TMS.tile(lon, lat, z)
    return f"{prefix}/{WMQ}/{z}/{t.y}/{t.x}"


def decode(body: bytes) -> dict[str, Any]:
    return dict(mapbox_vector_tile.decode(body))


def props(layer: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    return {f["properties"][key]: f["properties"] for f in layer["features"]}


async def mvt(client: AsyncClient, url: str, **kw: Any) -> dict[str, Any]:
    res = await client.get(url, **kw)
    assert res.status_code == 200, (url, res.status_code, res.text)
    assert res.headers["content-type"] == MVT
    return decode(res.content)


async def test_conformance_declares_the_tiles_classes(client: AsyncClient) -> None:
    classes = set((await client.get("/v1/conformance")).json()["conformsTo"])
    for name in ("core", "tileset", "tilesets-list", "geodata-tilesets", "dataset-tilesets",
                 "collections-selection", "datetime", "mvt"):  # fmt: skip
        assert f"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{name}" in classes
    assert "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset" in classes


async def test_tile_matrix_sets(client: AsyncClient) -> None:
    listed = (await client.get("/v1/tileMatrixSets")).json()["tileMatrixSets"]
    assert [t["id"] for t in listed] == [WMQ]
    href = next(link["href"] for link in listed[0]["links"] if link["rel"] == "self")
    assert href == f"{BASE}/tileMatrixSets/{WMQ}"
    doc = (await client.get(f"/v1/tileMatrixSets/{WMQ}")).json()
    assert doc["id"] == WMQ and doc["crs"].endswith("EPSG/0/3857")
    assert len(doc["tileMatrices"]) == 25 and doc["tileMatrices"][4]["matrixWidth"] == 16
    # the TMS 1.0 spelling older GDAL (and so QGIS on Debian 12) reads, beside 2.0
    assert doc["identifier"] == WMQ and doc["supportedCRS"] == doc["crs"]
    assert doc["tileMatrix"][4]["topLeftCorner"] == doc["tileMatrices"][4]["pointOfOrigin"]
    missing = await client.get("/v1/tileMatrixSets/WorldCRS84Quad")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    landing = {link["rel"]: link["href"] for link in (await client.get("/v1/")).json()["links"]}
    assert landing["http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"].endswith(
        "/v1/tileMatrixSets"
    )
    assert landing["http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"] == BASE + "/tiles"


async def test_tileset_lists_and_metadata(client: AsyncClient) -> None:
    collection = (await client.get("/v1/collections/routes")).json()
    tilesets_href = next(
        link["href"]
        for link in collection["links"]
        if link["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
    )
    assert tilesets_href == BASE + "/collections/routes/tiles"
    listed = (await client.get("/v1/collections/routes/tiles")).json()["tilesets"]
    assert len(listed) == 1 and listed[0]["dataType"] == "vector"
    meta_url = next(link["href"] for link in listed[0]["links"] if link["rel"] == "self")
    assert meta_url == f"{BASE}/collections/routes/tiles/{WMQ}"
    meta = (await client.get(meta_url.removeprefix("http://testserver/api/map"))).json()
    assert meta["dataType"] == "vector" and meta["tileMatrixSetURI"].endswith(WMQ)
    links = {link["rel"]: link for link in meta["links"]}
    assert links["http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"]["href"].endswith(WMQ)
    item = links["item"]
    assert item["templated"] is True and item["type"] == MVT
    assert item["href"] == f"{meta_url}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"
    (layer,) = meta["layers"]
    assert layer["id"] == "routes" and layer["geometryDimension"] == 1
    assert layer["propertiesSchema"]["properties"]["kind"]["type"] == "string"
    assert "sources" not in layer["propertiesSchema"]["properties"]  # objects are left out
    assert [m["tileMatrix"] for m in meta["tileMatrixSetLimits"]] == [str(z) for z in range(17)]
    dataset = (await client.get(f"/v1/tiles/{WMQ}")).json()
    assert {layer["id"] for layer in dataset["layers"]} == BASEMAP


async def test_tilejson_documents(client: AsyncClient) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "imap.example.org"}
    doc = (await client.get(f"/v1/tiles/{WMQ}/tilejson.json", headers=headers)).json()
    for key in ("tilejson", "tiles", "vector_layers", "minzoom", "maxzoom", "bounds", "center"):
        assert key in doc
    assert doc["tilejson"] == "3.0.0" and doc["scheme"] == "xyz"
    assert doc["tiles"] == [f"https://imap.example.org/api/map/v1/tiles/{WMQ}/{{z}}/{{y}}/{{x}}"]
    assert {layer["id"] for layer in doc["vector_layers"]} == BASEMAP
    assert all(
        isinstance(layer["fields"], dict) and layer["fields"] for layer in doc["vector_layers"]
    )
    west, south, east, north = doc["bounds"]
    assert -180 <= west < east <= 180 and -85.06 < south < north < 85.06
    assert 0 <= doc["minzoom"] < doc["maxzoom"] == 16
    same = (await client.get(f"/v1/tiles/{WMQ}", params={"f": "tilejson"}, headers=headers)).json()
    assert same == doc
    stats = (
        await client.get(
            f"/v1/collections/route-statistics/tiles/{WMQ}/tilejson.json",
            params={"datetime": "2023-05"},
        )
    ).json()
    assert stats["tiles"] == [
        f"{BASE}/collections/route-statistics/tiles/{WMQ}/{{z}}/{{y}}/{{x}}?datetime=2023-05"
    ]
    fields = stats["vector_layers"][0]["fields"]
    assert stats["vector_layers"][0]["id"] == "route-statistics" and "detections" in fields
    bad = await client.get(f"/v1/tiles/{WMQ}", params={"f": "png"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "query.f"


@pytest.mark.parametrize("z", [4, 5, 6])
async def test_web_map_tiles_over_europe(client: AsyncClient, z: int) -> None:
    kyiv = await mvt(client, tile_url(30.52, 50.45, z))
    assert set(kyiv) <= BASEMAP and {"countries", "capitals", "routes"} <= set(kyiv)
    countries = props(kyiv["countries"], "iso3")
    ukraine = countries["UKR"]
    assert set(ukraine) == PLACE
    assert ukraine["role"] == "scope" and ukraine["name_ru"] == "Украина"
    assert ukraine["pp_group"] == "Eastern Partnership"
    assert props(kyiv["capitals"], "iso3")["UKR"]["name"] == "Kiev"
    assert "eastern-borders" in props(kyiv["routes"], "slug")
    assert kyiv["countries"]["extent"] == 4096
    assert all(
        f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in kyiv["countries"]["features"]
    )
    centre = await mvt(client, tile_url(UKRAINE_LABEL[0], UKRAINE_LABEL[1], z))
    labels = props(centre["country-labels"], "iso3")
    assert labels["UKR"]["name"] == "Ukraine" and labels["UKR"]["name_ru"] == "Украина"
    assert all(f["geometry"]["type"] == "Point" for f in centre["country-labels"]["features"])
    medyka = await mvt(client, tile_url(22.95, 49.80, z))  # Medyka-Shehyni
    point = props(medyka["crossing-points"], "slug")["medyka-shehyni"]
    assert {point["country_a"], point["country_b"]} == {"POL", "UKR"}
    assert point["type"] == "road" and point["approximate"] is True


async def test_every_tile_of_the_area_at_zoom_4(client: AsyncClient) -> None:
    """lon 10..80, lat 35..65: the tiles hold the countries there, with the same attributes."""
    seen: set[str] = set()
    for t in TMS.tiles(10, 35, 80, 65, [4]):
        tile = await mvt(client, f"/v1/tiles/{WMQ}/4/{t.y}/{t.x}")
        for feature in tile["countries"]["features"]:
            assert set(feature["properties"]) <= PLACE  # null attributes are left out by MVT
            seen.add(feature["properties"]["iso3"])
    assert {"DEU", "POL", "UKR", "TUR", "KAZ", "UZB", "RUS", "GEO", "ARM", "AZE"} <= seen


async def test_russia_is_drawn_at_both_edges_of_the_world(client: AsyncClient) -> None:
    west = await mvt(client, f"/v1/tiles/{WMQ}/2/0/0")  # 180W..90W: Chukotka east of 180
    east = await mvt(client, f"/v1/tiles/{WMQ}/2/0/3")  # 90E..180E
    for tile in (west, east):
        assert "RUS" in props(tile["countries"], "iso3")
    (russia,) = [f for f in west["countries"]["features"] if f["properties"]["iso3"] == "RUS"]
    xs = [x for x, _ in _coordinates(russia["geometry"])]
    assert max(xs) < 700  # only the part just east of 180 degrees, no band across the map
    collection = await mvt(client, f"/v1/collections/countries/tiles/{WMQ}/2/0/0")
    assert "RUS" in props(collection["countries"], "iso3")


@pytest.mark.parametrize(
    ("z", "row", "col", "there", "not_there"),
    [
        (2, 1, 3, {"CHN", "MNG"}, {"FRA", "DEU", "ESP", "KAZ"}),  # 90E..180E: east Asia only
        (2, 1, 0, set(), {"CHN", "MNG", "KAZ", "RUS", "FRA"}),  # 180W..90W: no label at all
        (1, 0, 1, {"CHN", "MNG", "KAZ", "DEU"}, {"ESP", "PRT", "IRL"}),  # 0..180E, north
    ],
)
async def test_point_layers_at_the_edge_columns_hold_their_own_side(
    client: AsyncClient, z: int, row: int, col: int, there: set[str], not_there: set[str]
) -> None:
    """Point layers (labels, capitals) in the first and last tile columns: the buffer round the
    tile must not wrap across the antimeridian and pick the far side of the world."""
    tile = await mvt(client, f"/v1/tiles/{WMQ}/{z}/{row}/{col}")
    empty: dict[str, Any] = {"features": []}
    labels = set(props(tile.get("country-labels", empty), "iso3"))
    capitals = set(props(tile.get("capitals", empty), "iso3"))
    assert there <= labels, labels
    assert not labels & not_there, labels
    assert not capitals & not_there, capitals  # Madrid, Paris, Astana: each on its own side
    assert ("DEU" in capitals) if "DEU" in there else not capitals & {"DEU", "FRA"}, capitals


def _coordinates(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []

    def walk(value: Any) -> None:
        if isinstance(value[0], (int, float)):
            out.append((value[0], value[1]))
        else:
            for part in value:
                walk(part)

    walk(geometry["coordinates"])
    return out


async def test_bad_tiles_are_problems_naming_the_segment(client: AsyncClient) -> None:
    cases = {
        f"/v1/tiles/{WMQ}/25/0/0": (400, "path.tileMatrix"),
        f"/v1/tiles/{WMQ}/17/0/0": (404, "path.tileMatrix"),
        f"/v1/tiles/{WMQ}/4/16/0": (404, "path.tileRow"),
        f"/v1/tiles/{WMQ}/4/0/16": (404, "path.tileCol"),
        f"/v1/tiles/{WMQ}/4/0/-1": (404, "path.tileCol"),
        f"/v1/tiles/{WMQ}/4/x/1": (400, "path.tileRow"),
        f"/v1/collections/routes/tiles/{WMQ}/2/4/1": (404, "path.tileRow"),
        "/v1/tiles/GoogleCRS84Quad/4/1/1": (404, "path.tileMatrixSetId"),
        f"/v1/tiles/{WMQ}/4/5/9?colour=red": (400, "query.colour"),
        f"/v1/tiles/{WMQ}/4/5/9?f=png": (400, "query.f"),
        f"/v1/tiles/{WMQ}/4/5/9?collections=rivers": (400, "query.collections"),
        f"/v1/collections/route-statistics/tiles/{WMQ}/4/5/9?datetime=May": (400, "query.datetime"),
        f"/v1/collections/routes/tiles/{WMQ}/4/5/9?filter=kind%3D": (400, "query.filter"),
    }
    for url, (status, field) in cases.items():
        res = await client.get(url)
        assert res.status_code == status, (url, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
        assert res.json()["errors"][0]["field"] == field, (url, res.json())
    unknown = await client.get(f"/v1/collections/rivers/tiles/{WMQ}/4/5/9")
    assert unknown.status_code == 404


async def test_empty_tiles_are_204_with_validators(client: AsyncClient) -> None:
    res = await client.get(tile_url(-150, -20, 6))  # the South Pacific
    assert res.status_code == 204 and res.content == b""
    assert res.headers["etag"] and res.headers["cache-control"] == "public, max-age=300"
    again = await client.get(tile_url(-150, -20, 6), headers={"If-None-Match": res.headers["etag"]})
    assert again.status_code == 304


async def test_etags_304_gzip_and_the_cache(client: AsyncClient, issuer: TestIssuer) -> None:
    url = tile_url(30.52, 50.45, 5)
    first = await client.get(url, headers={"Accept-Encoding": "identity"})
    assert first.headers["x-tile-cache"] == "miss"
    assert first.headers["cache-control"] == "public, max-age=300"
    second = await client.get(url, headers={"Accept-Encoding": "identity"})
    assert second.headers["x-tile-cache"] == "hit"
    assert second.headers["etag"] == first.headers["etag"] and second.content == first.content
    zipped = await client.get(url, headers={"Accept-Encoding": "gzip"})
    assert (
        zipped.headers["content-encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["vary"]
    )
    assert zipped.content == first.content  # httpx decodes it: the same tile
    assert zipped.headers["etag"] == first.headers["etag"]
    revalidated = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304 and revalidated.content == b""
    other = await client.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200
    editor = await client.get(url, headers=issuer.headers("editor"))
    assert editor.headers["cache-control"] == "private, no-cache"
    assert editor.headers["etag"] != first.headers["etag"]


async def test_a_data_change_gives_a_new_etag_and_new_content(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    url = tile_url(29.0, 43.0, 6, "/v1/collections/routes/tiles")  # on the Black Sea route
    before = await client.get(url)
    assert "black-sea" in props(decode(before.content)["routes"], "slug")
    assert (await client.get(url)).headers["x-tile-cache"] == "hit"
    await db_session.execute(
        text(
            "UPDATE geo.migration_route SET geom = ST_Multi(ST_GeomFromText("
            "'LINESTRING(60 40, 65 42)', 4326)) WHERE slug = 'black-sea'"
        )
    )
    after = await client.get(url, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code in (200, 204)  # the old ETag no longer matches
    assert after.headers["etag"] != before.headers["etag"]
    assert after.headers["x-tile-cache"] == "miss"
    slugs = props(decode(after.content)["routes"], "slug") if after.content else {}
    assert "black-sea" not in slugs
    moved = await mvt(client, tile_url(62.0, 41.0, 6, "/v1/collections/routes/tiles"))
    assert "black-sea" in props(moved["routes"], "slug")


async def test_drafts_reach_editors_tiles_only(
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
    url = tile_url(31.0, 69.3, 5)
    editor = await mvt(client, url, headers=issuer.headers("editor"))
    assert "arctic" in props(editor["routes"], "slug")
    anonymous = await client.get(url)  # the editor's tile is cached, but under another key
    layers = decode(anonymous.content) if anonymous.status_code == 200 else {}
    assert "arctic" not in props(layers.get("routes", {"features": []}), "slug")


async def _detections(
    session: AsyncSession, slug: str, first: str, last: str, extra: str = ""
) -> int:
    value = await session.scalar(
        text(
            "SELECT sum(s.detections) FROM geo.route_statistic s JOIN geo.migration_route r "
            "ON r.id = s.route_id WHERE r.slug = :slug AND s.month BETWEEN :first AND :last "
            + extra
        ),
        {"slug": slug, "first": first, "last": last},
    )
    return int(value or 0)


async def test_datetime_picks_the_months_of_statistics_tiles(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    from datetime import date

    url = tile_url(20.5, 44.8, 5, "/v1/collections/route-statistics/tiles")  # Belgrade
    may = props(
        (await mvt(client, url, params={"datetime": "2023-05"}))["route-statistics"], "route"
    )
    october = props(
        (await mvt(client, url, params={"datetime": "2015-10"}))["route-statistics"], "route"
    )
    expected_may = await _detections(
        db_session, "western-balkans", date(2023, 5, 1), date(2023, 5, 1)
    )
    expected_october = await _detections(
        db_session, "western-balkans", date(2015, 10, 1), date(2015, 10, 1)
    )
    assert may["western-balkans"]["detections"] == expected_may
    assert october["western-balkans"]["detections"] == expected_october != expected_may
    assert (
        may["western-balkans"]["first_month"] == may["western-balkans"]["last_month"] == "2023-05"
    )
    year = props(
        (await mvt(client, url, params={"datetime": "2023-01/2023-12"}))["route-statistics"],
        "route",
    )
    assert year["western-balkans"]["detections"] == await _detections(
        db_session, "western-balkans", date(2023, 1, 1), date(2023, 12, 1)
    )
    syrians = props(
        (await mvt(client, url, params={"datetime": "2015-10", "nationality": "SYR"}))[
            "route-statistics"
        ],
        "route",
    )
    assert syrians["western-balkans"]["detections"] == await _detections(
        db_session, "western-balkans", date(2015, 10, 1), date(2015, 10, 1),
        "AND s.nationality_iso3 = 'SYR'",
    )  # fmt: skip
    routes = await mvt(client, url.replace("route-statistics", "routes"))
    assert "detections" not in next(iter(routes["routes"]["features"]))["properties"]


async def test_collections_selection_and_filters(client: AsyncClient) -> None:
    url = tile_url(30.52, 50.45, 4)
    only = await mvt(client, url, params={"collections": "routes,capitals"})
    assert set(only) == {"routes", "capitals"}
    with_labels = await mvt(client, url, params={"collections": "countries"})
    assert set(with_labels) == {"countries", "country-labels"}
    sea = tile_url(29.0, 43.0, 4, "/v1/collections/routes/tiles")
    land = await client.get(sea, params={"filter": "kind = 'sea'"})
    assert set(props(decode(land.content)["routes"], "slug")) == {"black-sea"}
    assert (await client.get(sea, params={"kind": "air"})).status_code == 204


async def test_metadata_answers_304(client: AsyncClient) -> None:
    url = f"/v1/tiles/{WMQ}/tilejson.json"
    first = await client.get(url)
    again = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.fixture
def uncached_app(database_url: str, issuer: TestIssuer) -> FastAPI:
    settings = MapSettings(
        database_url=database_url,
        log_json=False,
        auth=AuthSettings(jwks=issuer.jwks_json),
        tile_cache=False,
        revision_listen=False,
    )
    return create_app(settings)


async def test_the_cache_can_be_turned_off(uncached_app: FastAPI, db_session: AsyncSession) -> None:
    import httpx
    from imap_kit.db import get_session

    async def session_override() -> Any:
        yield db_session

    uncached_app.dependency_overrides[get_session] = session_override
    transport = httpx.ASGITransport(app=uncached_app)
    async with (
        uncached_app.router.lifespan_context(uncached_app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver/api/map") as c,
    ):
        url = tile_url(30.52, 50.45, 4)
        first, second = await c.get(url), await c.get(url)
        assert first.headers["x-tile-cache"] == second.headers["x-tile-cache"] == "off"
        assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
        assert len(uncached_app.state.tile_cache) == 0

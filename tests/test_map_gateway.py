"""map-api through the real nginx gateway, as partner GIS tools and the web map use it.

GDAL's OGC API - Features driver (Debian's gdal-bin: `ogrinfo`/`ogr2ogr OAPIF:...`) is the reader
QGIS-compatible clients share: it lists every collection, reads each one whole and in a bbox, and
sends attribute filters to map-api as CQL text (the server filters; the nginx access log shows it).
The vector tiles are decoded with mapbox-vector-tile and checked against the features API.

GDAL 3.6 (Debian 12) asks for 10 features a page unless told otherwise: the tests open the service
with `-oo PAGE_SIZE=1000` (map-api accepts up to 10,000), as a user reading whole layers would.
Every GDAL request carries an X-Request-ID of the test, which nginx writes to its access log.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import urllib.parse
import uuid
from collections import Counter
from typing import Any

import mapbox_vector_tile
import morecantile
import pytest
from imapctl.stack import Stack

from .conftest import get

OGRINFO = shutil.which("ogrinfo")
OGR2OGR = shutil.which("ogr2ogr")
pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(OGRINFO is None or OGR2OGR is None, reason="needs gdal-bin"),
]

PAGE = ("-oo", "PAGE_SIZE=1000")
# lon/lat boxes: the Black Sea and the Caucasus; the Western Balkans.
BLACK_SEA = (20.0, 40.0, 50.0, 50.0)
BALKANS = (13.0, 39.0, 24.0, 47.0)
GDAL_TYPES = {
    "Point": "Point",
    "LineString": "Line String",
    "MultiLineString": "Multi Line String",
    "MultiPolygon": "Multi Polygon",
    "Polygon": "Polygon",
}
MVT = "application/vnd.mapbox-vector-tile"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")
YEREVAN = (44.51, 40.18)
BUDAPEST = (19.04, 47.5)


# ---- helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(stack: Stack) -> str:
    """The OGC API landing page through the gateway: http://127.0.0.1:<port>/api/map/v1."""
    return stack.api_url("map") + "/v1"


def get_json(url: str, **params: Any) -> Any:
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    status, _, body = get(url)
    assert status == 200, (url, body[:500])
    return json.loads(body)


def gdal(tool: str | None, *args: str, rid: str, debug: bool = False) -> str:
    """Run a GDAL tool; fail on a non-zero exit or any GDAL error (e.g. an HTTP 4xx)."""
    env = {
        **os.environ,
        "CPL_DEBUG": "ON" if debug else "OFF",
        "GDAL_HTTP_HEADERS": f"X-Request-ID: {rid}",
        "GDAL_HTTP_TIMEOUT": "60",
    }
    assert tool is not None
    result = subprocess.run([tool, *args], capture_output=True, text=True, timeout=180, env=env)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert "ERROR" not in result.stderr, result.stderr[-3000:]
    return out if debug else result.stdout


def read_layer(api: str, collection: str, *args: str, rid: str) -> list[dict[str, Any]]:
    """A collection's features as GDAL reads them (ogr2ogr to GeoJSON), with extra options."""
    out = gdal(
        OGR2OGR, "-f", "GeoJSON", "/vsistdout/", *PAGE, f"OAPIF:{api}", collection, *args, rid=rid
    )
    return json.loads(out)["features"]  # type: ignore[no-any-return]


def api_features(api: str, collection: str, **params: Any) -> list[dict[str, Any]]:
    """Every feature the API matches, following the next links (through the gateway)."""
    page = get_json(f"{api}/collections/{collection}/items", limit=10000, **params)
    features = list(page["features"])
    while nxt := [link["href"] for link in page["links"] if link["rel"] == "next"]:
        page = get_json(nxt[0])
        features += page["features"]
    assert len(features) == page["numberMatched"], collection
    return features


def number_matched(api: str, collection: str, **params: Any) -> int:
    page = get_json(f"{api}/collections/{collection}/items", limit=1, **params)
    return int(page["numberMatched"])


def access_log(stack: Stack, rid: str) -> list[str]:
    """The gateway's access-log lines of the requests sent with this X-Request-ID."""
    return [line for line in stack.logs("nginx").splitlines() if f"rid={rid} " in line]


def new_rid(name: str) -> str:
    return f"test-map-gateway-{name}-{uuid.uuid4().hex[:8]}"


def canonical(feature: dict[str, Any]) -> str:
    """A feature's record as text: its properties, and its id when that is text (GDAL makes a
    text id a field, a numeric one its feature id)."""
    record = dict(feature["properties"])
    if isinstance(feature.get("id"), str):
        record.setdefault("id", feature["id"])
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def collections(api: str) -> dict[str, str | None]:
    """Every collection map-api declares -> the GeoJSON geometry type of its features (None for
    tables without geometry), from the first page."""
    listed = get_json(f"{api}/collections")["collections"]
    assert listed, "map-api declares no collection"
    kinds: dict[str, str | None] = {}
    for entry in listed:
        page = get_json(f"{api}/collections/{entry['id']}/items", limit=100)["features"]
        assert page, f"{entry['id']} has no features"
        types = {geometry_type(f) for f in page} - {None}
        assert len(types) <= 1, (entry["id"], types)
        kinds[entry["id"]] = types.pop() if types else None
    return kinds


def geometry_type(feature: dict[str, Any]) -> str | None:
    return feature["geometry"]["type"] if feature["geometry"] else None


def shape(feature: dict[str, Any]) -> str:
    """A feature's geometry as text, coordinates to 1e-6 degrees."""

    def rounded(value: Any) -> Any:
        return [rounded(v) for v in value] if isinstance(value, list) else float(round(value, 6))

    geometry = feature["geometry"]
    return json.dumps(geometry and [geometry["type"], rounded(geometry["coordinates"])])


def tile(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    status, raw_headers, body = get(url, headers)
    return status, {k.lower(): v for k, v in raw_headers.items()}, body


def decode(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return mapbox_vector_tile.decode(body)  # type: ignore[no-any-return]


def tile_path(lon: float, lat: float, zoom: int) -> str:
    t = WEB_MERCATOR.tile(lon, lat, zoom)
    return f"WebMercatorQuad/{t.z}/{t.y}/{t.x}"


def by_property(layer: dict[str, Any], key: str) -> dict[Any, dict[str, Any]]:
    return {f["properties"].get(key): f["properties"] for f in layer["features"]}


# ---- OGC API - Features with GDAL (the QGIS-compatible reader) ------------------------------


def test_gdal_lists_every_collection_through_the_gateway(
    stack: Stack, api: str, collections: dict[str, str | None]
) -> None:
    rid = new_rid("list")
    out = gdal(OGRINFO, "-ro", "-so", f"OAPIF:{api}", rid=rid)
    listed = dict(re.findall(r"^\d+: (\S+) \(title: [^)]*\)(?: \(([^)]+)\))?$", out, re.M))
    assert set(listed) == set(collections), out
    for name, geometry in collections.items():
        assert listed[name] == (GDAL_TYPES[geometry] if geometry else ""), (name, out)
    # GDAL found the API at the gateway's address, not the service's own port.
    lines = access_log(stack, rid)
    assert any('"GET /api/map/v1/collections HTTP/1.1" 200' in line for line in lines), lines


def test_gdal_summarises_every_collection(api: str, collections: dict[str, str | None]) -> None:
    for name, geometry in collections.items():
        out = gdal(OGRINFO, "-ro", "-al", "-so", *PAGE, f"OAPIF:{api}", name, rid=new_rid("so"))
        count = re.search(r"^Feature Count: (\d+)$", out, re.M)
        assert count and int(count.group(1)) == number_matched(api, name), (name, out)
        kind = re.search(r"^Geometry: (.+)$", out, re.M)
        assert kind and kind.group(1) == (GDAL_TYPES[geometry] if geometry else "Unknown (any)")
        assert 'GEOGCRS["WGS 84"' in out and "Extent: (" in out, (name, out)
        # Every property of the features is a field of the layer.
        first = get_json(f"{api}/collections/{name}/items", limit=1)["features"][0]
        fields = set(re.findall(r"^(\w+): \w+", out, re.M))
        assert set(first["properties"]) <= fields, (name, set(first["properties"]) - fields)


def test_gdal_reads_every_collection_whole(api: str, collections: dict[str, str | None]) -> None:
    for name, geometry in collections.items():
        gdal_features = read_layer(api, name, rid=new_rid("read"))
        expected = api_features(api, name)
        assert len(gdal_features) == len(expected), name
        # The same records, property for property, with the same geometries (the driver pages
        # through the next links).
        got = Counter((canonical(f), shape(f)) for f in gdal_features)
        assert got == Counter((canonical(f), shape(f)) for f in expected), name
        assert {geometry_type(f) for f in gdal_features} - {None} == ({geometry} - {None}), name


def test_gdal_reads_features_in_a_bbox(
    stack: Stack, api: str, collections: dict[str, str | None]
) -> None:
    west, south, east, north = BLACK_SEA
    for name, geometry in collections.items():
        if geometry is None:
            continue  # no geometry: a spatial filter drops every record client-side
        rid = new_rid("bbox")
        spat = ("-spat", str(west), str(south), str(east), str(north))
        features = read_layer(api, name, *spat, rid=rid)
        expected = api_features(api, name, bbox=f"{west},{south},{east},{north}")
        assert 0 < len(features) < number_matched(api, name), name
        assert Counter(canonical(f) for f in features) == Counter(canonical(f) for f in expected), (
            name
        )
        # The server did the spatial filtering: GDAL sent the box with every page request.
        # (Its first request, a sample page for the layer's schema, has no box.)
        lines = [line for line in access_log(stack, rid) if f"/collections/{name}/items" in line]
        pages = [line for line in lines if "bbox=" in line or "offset=" in line]
        box = "bbox=20,40,50,50"
        assert pages and all(box in urllib.parse.unquote(line) for line in pages), lines
        assert all('HTTP/1.1" 200 ' in line for line in lines), lines


def test_gdal_feature_count_in_a_bbox_matches_the_api(api: str) -> None:
    west, south, east, north = BALKANS
    spat = ("-spat", str(west), str(south), str(east), str(north))
    for name in ("crossing-points", "routes", "capitals"):
        out = gdal(OGRINFO, "-ro", "-so", *PAGE, f"OAPIF:{api}", name, *spat, rid=new_rid("n"))
        count = re.search(r"^Feature Count: (\d+)$", out, re.M)
        assert count, out
        assert int(count.group(1)) == number_matched(
            api, name, bbox=f"{west},{south},{east},{north}"
        )
        assert int(count.group(1)) > 0, name


def test_gdal_attribute_filter_runs_on_the_server_as_cql(stack: Stack, api: str) -> None:
    rid = new_rid("where")
    out = gdal(
        OGRINFO, "-ro", "-q", f"OAPIF:{api}", "countries", "-where", "iso3 = 'ARM'",
        rid=rid, debug=True,
    )  # fmt: skip
    assert re.findall(r"^OGRFeature\(countries\):\d+$", out, re.M) == ["OGRFeature(countries):1"]
    assert "name (String) = Armenia" in out and "name_ru (String) = Армения" in out
    # The filter went to map-api as CQL text, and map-api answered it.
    lines = [line for line in access_log(stack, rid) if "/collections/countries/items" in line]
    filtered = [line for line in lines if "filter=iso3%20%3D%20'ARM'" in line]
    assert filtered and all("filter-lang=cql-text" in line for line in filtered), lines
    assert all('HTTP/1.1" 200 ' in line for line in filtered), filtered


def test_gdal_bbox_and_filter_together(api: str) -> None:
    west, south, east, north = BLACK_SEA
    features = read_layer(
        api, "countries", "-spat", str(west), str(south), str(east), str(north),
        "-where", "role = 'scope' AND pp_group = 'Eastern Partnership'", rid=new_rid("both"),
    )  # fmt: skip
    expected = api_features(
        api, "countries", bbox=f"{west},{south},{east},{north}",
        filter="role = 'scope' AND pp_group = 'Eastern Partnership'",
    )  # fmt: skip
    assert (
        {f["properties"]["iso3"] for f in features}
        == {f["properties"]["iso3"] for f in expected}
        >= {"ARM", "AZE", "GEO", "MDA", "UKR"}
    )


def test_gdal_reads_route_statistics_with_a_month_range(stack: Stack, api: str) -> None:
    # GDAL writes a date comparison as `month >= '2020-01-01T'`: map-api reads it as a date.
    rid = new_rid("stats")
    where = (
        "route = 'western-balkans' AND nationality = 'AFG' "
        "AND month >= '2020-01-01' AND month < '2021-01-01'"
    )
    features = read_layer(api, "route-statistics", "-where", where, rid=rid)
    expected = api_features(
        api, "route-statistics",
        filter="route = 'western-balkans' AND nationality = 'AFG' "
        "AND month BETWEEN DATE('2020-01-01') AND DATE('2020-12-31')",
    )  # fmt: skip
    assert len(expected) == 12
    months = sorted(f["properties"]["month"] for f in features)
    assert months == sorted(f["properties"]["month"] for f in expected)
    assert sum(f["properties"]["detections"] for f in features) == sum(
        f["properties"]["detections"] for f in expected
    )
    assert all(f["geometry"] is None for f in features)
    lines = [line for line in access_log(stack, rid) if "/route-statistics/items" in line]
    assert any("month%20%3E%3D%20'2020-01-01T'" in line for line in lines), lines


def test_text_dates_against_date_properties(api: str) -> None:
    url = f"{api}/collections/route-statistics/items"
    as_date = number_matched(api, "route-statistics", filter="month = DATE('2020-01-01')")
    assert as_date > 0
    for text in ("month = '2020-01-01'", "month = '2020-01-01T'", "'2020-01-01' = month"):
        assert number_matched(api, "route-statistics", filter=text) == as_date, text
    status, _, body = get(url + "?" + urllib.parse.urlencode({"filter": "month = 'January'"}))
    assert status == 400 and b"cannot compare a date with a string" in body


# ---- vector tiles through the gateway -------------------------------------------------------


def test_web_map_tile_over_the_caucasus_has_every_layer_and_armenia(api: str) -> None:
    tilejson = get_json(f"{api}/tiles/WebMercatorQuad/tilejson.json")
    template = tilejson["tiles"][0]
    assert template.startswith(api + "/tiles/WebMercatorQuad/"), template
    t = WEB_MERCATOR.tile(*YEREVAN, 4)
    url = template.format(z=t.z, y=t.y, x=t.x)
    status, headers, body = tile(url, {"Accept-Encoding": "gzip"})
    assert status == 200, body[:300]
    assert headers["content-type"] == MVT
    assert headers.get("content-encoding") == "gzip"
    assert headers.get("etag") and "max-age" in headers.get("cache-control", "")
    layers = decode(headers, body)
    assert set(layers) == {layer["id"] for layer in tilejson["vector_layers"]}
    assert set(layers) == {"countries", "country-labels", "capitals", "routes", "crossing-points"}
    armenia = get_json(f"{api}/collections/countries/items/ARM")["properties"]
    for name in ("countries", "country-labels"):
        drawn = by_property(layers[name], "iso3")["ARM"]
        assert drawn == {k: armenia[k] for k in drawn}, name
        assert drawn["name"] == "Armenia" and drawn["name_ru"] == "Армения"
    yerevan = by_property(layers["capitals"], "iso3")["ARM"]
    assert yerevan["name"] == "Yerevan" and yerevan["population"] > 1_000_000
    assert layers["countries"]["extent"] == 4096
    geo = [f for f in layers["countries"]["features"] if f["properties"]["iso3"] == "ARM"]
    assert geo[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_web_map_tile_over_europe_matches_the_features_api(api: str) -> None:
    t = WEB_MERCATOR.tile(*BUDAPEST, 4)
    bounds = WEB_MERCATOR.bounds(t)
    status, headers, body = tile(f"{api}/tiles/{tile_path(*BUDAPEST, 4)}")
    assert status == 200 and headers["content-type"] == MVT
    layers = decode(headers, body)
    inside = f"{bounds.left},{bounds.bottom},{bounds.right},{bounds.top}"
    dx, dy = (bounds.right - bounds.left) * 0.1, (bounds.top - bounds.bottom) * 0.1
    around = f"{bounds.left - dx},{bounds.bottom - dy},{bounds.right + dx},{bounds.top + dy}"
    for layer, key in (("crossing-points", "slug"), ("capitals", "iso3"), ("routes", "slug")):
        drawn = set(by_property(layers[layer], key))
        surely = {f["properties"][key] for f in api_features(api, layer, bbox=inside)}
        maybe = {f["properties"][key] for f in api_features(api, layer, bbox=around)}
        assert surely <= drawn <= maybe, layer
        assert surely, layer
    assert {"HUN", "SRB", "POL"} <= set(by_property(layers["countries"], "iso3"))
    assert "roszke-horgos" in by_property(layers["crossing-points"], "slug")


def test_collection_tilesets_have_one_layer_each(api: str) -> None:
    for name in ("countries", "capitals", "routes", "crossing-points", "regions"):
        tilejson = get_json(f"{api}/collections/{name}/tiles/WebMercatorQuad/tilejson.json")
        assert [layer["id"] for layer in tilejson["vector_layers"]] == [name]
        template = tilejson["tiles"][0]
        assert template.startswith(f"{api}/collections/{name}/tiles/WebMercatorQuad/")
    status, headers, body = tile(
        f"{api}/collections/countries/tiles/{tile_path(*YEREVAN, 4)}", {"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["content-type"] == MVT
    layers = decode(headers, body)
    assert list(layers) == ["countries"]
    armenia = get_json(f"{api}/collections/countries/items/ARM")["properties"]
    assert by_property(layers["countries"], "iso3")["ARM"] == armenia


def test_route_statistics_tile_for_a_month_sums_the_detections(api: str) -> None:
    path = tile_path(*BUDAPEST, 4)
    status, headers, body = tile(
        f"{api}/collections/route-statistics/tiles/{path}?datetime=2020-01"
    )
    assert status == 200 and headers["content-type"] == MVT
    routes = by_property(decode(headers, body)["route-statistics"], "route")
    assert routes, "no route in the tile"
    for slug, drawn in routes.items():
        month = api_features(
            api, "route-statistics", filter=f"route = '{slug}' AND month = DATE('2020-01-01')"
        )
        assert drawn["detections"] == sum(f["properties"]["detections"] for f in month), slug
        assert drawn["first_month"] == drawn["last_month"] == "2020-01"


def test_tiles_revalidate_with_etag_through_the_gateway(api: str) -> None:
    url = f"{api}/tiles/{tile_path(*YEREVAN, 4)}"
    status, zipped, body = tile(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and zipped.get("content-encoding") == "gzip"
    status, plain, raw = tile(url)
    assert status == 200 and "content-encoding" not in plain
    assert decode(zipped, body) == mapbox_vector_tile.decode(raw)
    assert "accept-encoding" in plain.get("vary", "").lower()
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        status, answer, empty = tile(url, {**headers, "If-None-Match": zipped["etag"]})
        assert status == 304 and empty == b"", headers
        assert answer.get("etag") == zipped["etag"]
    status, _, _ = tile(url, {"If-None-Match": '"something-else"'})
    assert status == 200
    # Feature responses revalidate the same way.
    items = f"{api}/collections/routes/items?limit=5"
    status, headers, _ = tile(items)
    assert status == 200 and headers.get("etag")
    status, _, empty = tile(items, {"If-None-Match": headers["etag"]})
    assert status == 304 and empty == b""


# ---- the API description through the gateway ------------------------------------------------


def test_openapi_and_links_through_the_gateway(stack: Stack, api: str) -> None:
    document = get_json(stack.api_url("map") + "/openapi.json")
    assert document["servers"] == [{"url": "/api/map"}]
    for path in (
        "/v1/conformance",
        "/v1/collections",
        "/v1/collections/{collectionId}",
        "/v1/collections/{collectionId}/queryables",
        "/v1/collections/{collectionId}/items",
        "/v1/collections/{collectionId}/items/{featureId}",
        "/v1/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
        "/v1/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
    ):
        assert path in document["paths"], path
    status, _, body = get(stack.api_url("map") + "/docs")
    assert status == 200 and b"/api/map/openapi.json" in body
    # The landing page's links all point back through the gateway, and all answer there.
    landing = get_json(api)
    rels = {link["rel"] for link in landing["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels
    for link in landing["links"]:
        assert link["href"].startswith(stack.api_url("map") + "/"), link
        status, _, body = get(link["href"], {"Accept": link.get("type", "application/json")})
        assert status == 200, (link, body[:300])
    service_desc = next(link for link in landing["links"] if link["rel"] == "service-desc")
    described = get_json(service_desc["href"])
    assert described["servers"] == [{"url": api}]
    assert "/collections/{collectionId}/items" in described["paths"]
    for entry in get_json(f"{api}/collections")["collections"]:
        for link in entry["links"]:
            assert link["href"].startswith(f"{api}/collections/{entry['id']}"), link

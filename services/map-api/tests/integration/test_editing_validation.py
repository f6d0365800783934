"""Editors' API: every bad geometry and property is a 422 naming the field (down to the
position), a used slug a 409, a geometry in another CRS converted, and nothing is written."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import pytest
from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

PROBLEM = "application/problem+json"
LINE = [[41.64, 41.65], [41.55, 41.52], [41.43, 41.40], [39.72, 41.0]]  # Batumi - Trabzon
ROUTE: dict[str, Any] = {
    "type": "Feature",
    "geometry": {"type": "LineString", "coordinates": LINE},
    "properties": {
        "slug": "black-sea-coast-road",
        "name_en": "Black Sea coast road",
        "name_ru": "Черноморская прибрежная дорога",
        "kind": "land",
        "valid_from": "2015-01-01",
        "description_en": "Along the coast road from Batumi through the Sarpi crossing.",
        "description_ru": "По прибрежной дороге из Батуми через переход Сарпи.",
        "countries": ["GEO", "TUR"],
    },
}
POINT: dict[str, Any] = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [41.5486, 41.5217]},
    "properties": {
        "slug": "sarpi-sarp",
        "name_en": "Sarpi – Sarp",
        "name_ru": "Сарпи – Сарп",
        "type": "road",
        "country_a": "GEO",
        "country_b": "TUR",
        "route": "black-sea",
    },
}


def who(issuer: TestIssuer, role: str, *countries: str) -> dict[str, str]:
    return issuer.headers(role, countries=countries)


def with_props(feature: dict[str, Any], **props: Any) -> dict[str, Any]:
    out = copy.deepcopy(feature)
    out["properties"].update(props)
    return out


def with_geometry(feature: dict[str, Any], geometry: Any) -> dict[str, Any]:
    out = copy.deepcopy(feature)
    out["geometry"] = geometry
    return out


def problem(res: Response, status: int) -> dict[str, Any]:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == PROBLEM
    body: dict[str, Any] = res.json()
    return body


def fields(res: Response) -> dict[str, str]:
    """field -> reason of a 422."""
    return {e["field"]: e["reason"] for e in problem(res, 422)["errors"]}


async def count(session: AsyncSession, table: str) -> int:
    return int(await session.scalar(text(f"SELECT count(*) FROM geo.{table}")) or 0)


async def create(
    client: AsyncClient, headers: dict[str, str], body: dict[str, Any], path: str
) -> dict[str, Any]:
    res = await client.post(path, json=body, headers=headers)
    assert res.status_code == 201, res.text
    return dict(res.json())


# --- bad geometries --------------------------------------------------------------------------

BAD_ROUTE_GEOMETRIES = [
    pytest.param(
        {"type": "LineString", "coordinates": [[41.6, 41.6], [41.6, 41.6]]},
        "body.geometry",
        "invalid geometry: Too few points in geometry component[41.6 41.6]",
        id="invalid-by-postgis",
    ),
    pytest.param(
        {"type": "MultiLineString", "coordinates": [LINE, [[40.0, 41.0], [40.0, 41.0]]]},
        "body.geometry",
        "invalid geometry: Too few points in geometry component[40 41]",
        id="invalid-component",
    ),
    pytest.param(
        {"type": "Polygon", "coordinates": [[[40, 41], [41, 41], [41, 42], [40, 41]]]},
        "body.geometry.type",
        "wrong geometry type Polygon: a route takes LineString or MultiLineString",
        id="wrong-type",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": [[41.6, 41.6], [181.0, 41.0]]},
        "body.geometry.coordinates.1.0",
        "longitude outside -180..180",
        id="longitude",
    ),
    pytest.param(
        {"type": "MultiLineString", "coordinates": [[[41.6, 41.6], [41.0, -91.0]]]},
        "body.geometry.coordinates.0.1.1",
        "latitude outside -90..90",
        id="latitude",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": []},
        "body.geometry.coordinates",
        "empty geometry (no positions)",
        id="empty",
    ),
    pytest.param(
        {"type": "MultiLineString", "coordinates": [[]]},
        "body.geometry.coordinates.0",
        "empty geometry (no positions)",
        id="empty-component",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": [[41.6, 41.6]]},
        "body.geometry.coordinates",
        "a line needs two or more positions",
        id="one-position",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": [[41.6], [41.0, 41.0]]},
        "body.geometry.coordinates.0",
        "a position is an array of 2 or 3 numbers",
        id="short-position",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": [["41.6", 41.6], [41.0, 41.0]]},
        "body.geometry.coordinates.0.0",
        "not a finite number",
        id="string-coordinate",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": [[math.nan, 41.6], [41.0, 41.0]]},
        "body.geometry.coordinates.0.0",
        "not a finite number",
        id="nan",
    ),
    pytest.param(
        {"type": "Line", "coordinates": LINE},
        "body.geometry.type",
        "malformed GeoJSON: not a GeoJSON geometry type",
        id="unknown-type",
    ),
    pytest.param(
        {"type": "LineString"},
        "body.geometry.coordinates",
        "malformed GeoJSON: coordinates missing",
        id="no-coordinates",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": LINE, "crs": {"type": "name", "properties": {}}},
        "body.geometry.crs",
        'a crs member must be {"type": "name", "properties": {"name": '
        '"urn:ogc:def:crs:EPSG::4326"}}',
        id="crs-shape",
    ),
    pytest.param(
        {
            "type": "LineString",
            "coordinates": LINE,
            "crs": {"type": "name", "properties": {"name": "urn:x-local:my-grid"}},
        },
        "body.geometry.crs",
        "unknown CRS name; send WGS84 (CRS84 or EPSG:4326) or an EPSG code",
        id="crs-unknown-name",
    ),
    pytest.param(
        {
            "type": "LineString",
            "coordinates": LINE,
            "crs": {"type": "name", "properties": {"name": "EPSG:999999"}},
        },
        "body.crs",
        "EPSG:999999 is not a CRS PostGIS knows",
        id="crs-unknown-code",
    ),
    pytest.param(
        "LINESTRING(41.6 41.6, 41 41)",
        "body.geometry",
        "malformed GeoJSON: a geometry is an object with type and coordinates",
        id="wkt-string",
    ),
]


@pytest.mark.parametrize(("geometry", "field", "reason"), BAD_ROUTE_GEOMETRIES)
async def test_bad_route_geometries_are_422_naming_the_field(
    client: AsyncClient,
    issuer: TestIssuer,
    db_session: AsyncSession,
    geometry: Any,
    field: str,
    reason: str,
) -> None:
    before = await count(db_session, "migration_route")
    body = json.dumps(with_geometry(ROUTE, geometry))  # NaN too, as a lenient encoder sends it
    headers = {**who(issuer, "editor"), "Content-Type": "application/json"}
    res = await client.post("/v1/routes", content=body, headers=headers)
    assert fields(res).get(field) == reason, res.json()
    assert await count(db_session, "migration_route") == before
    assert await count(db_session, "audit_log") == 0


async def test_bad_point_geometries_and_a_missing_geometry(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = who(issuer, "editor")
    line = with_geometry(POINT, {"type": "LineString", "coordinates": LINE})
    assert fields(await client.post("/v1/crossing-points", json=line, headers=editor)) == {
        "body.geometry.type": "wrong geometry type LineString: a crossing point takes Point"
    }
    empty = with_geometry(POINT, {"type": "Point", "coordinates": []})
    assert fields(await client.post("/v1/crossing-points", json=empty, headers=editor)) == {
        "body.geometry.coordinates": "empty geometry (no positions)"
    }
    south = with_geometry(POINT, {"type": "Point", "coordinates": [41.5, -95]})
    assert "body.geometry.coordinates.1" in fields(
        await client.post("/v1/crossing-points", json=south, headers=editor)
    )
    none = with_geometry(POINT, None)
    assert "body.geometry" in fields(
        await client.post("/v1/crossing-points", json=none, headers=editor)
    )


async def test_more_vertices_than_the_limit_are_refused(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    many = [[20 + i * 0.001, 45 + (i % 2) * 0.001] for i in range(10_001)]  # default limit 10,000
    body = with_geometry(ROUTE, {"type": "LineString", "coordinates": many})
    res = await client.post("/v1/routes", json=body, headers=who(issuer, "editor"))
    assert fields(res) == {
        "body.geometry.coordinates": "too many vertices: 10001 (at most 10000, MAP_MAX_VERTICES)"
    }
    body["geometry"]["coordinates"] = many[:10_000]
    assert (
        await client.post("/v1/routes", json=body, headers=who(issuer, "editor"))
    ).status_code == 201


async def test_a_geometry_in_another_crs_is_converted_to_wgs84(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    mercator = {"type": "Point", "coordinates": [4625000.0, 5093000.0]}  # Sarpi in EPSG:3857
    body = {
        **with_geometry(POINT, mercator),
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
    }
    res = await client.post("/v1/crossing-points", json=body, headers=who(issuer, "editor"))
    assert res.status_code == 201, res.text
    lon, lat = res.json()["geometry"]["coordinates"]
    assert abs(lon - 41.547) < 0.01 and abs(lat - 41.545) < 0.01
    crs84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    plain = {**with_props(POINT, slug="sarpi-2"), "crs": crs84}
    assert (
        await client.post("/v1/crossing-points", json=plain, headers=who(issuer, "editor"))
    ).json()["geometry"]["coordinates"] == [41.5486, 41.5217]
    outside = {
        **with_props(body, slug="sarpi-3"),
        "geometry": {"type": "Point", "coordinates": [3e7, 0]},
    }
    reason = fields(
        await client.post("/v1/crossing-points", json=outside, headers=who(issuer, "editor"))
    )
    assert "outside what EPSG:3857 covers" in reason["body.geometry"]


async def test_geojson_media_type_and_malformed_bodies(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = who(issuer, "editor")
    geo = await client.post(
        "/v1/routes",
        content=json.dumps(ROUTE),
        headers={**editor, "Content-Type": "application/geo+json"},
    )
    assert geo.status_code == 201, geo.text
    broken = await client.post(
        "/v1/routes",
        content=b'{"type": "Feature", "geometry": {',
        headers={**editor, "Content-Type": "application/json"},
    )
    assert problem(broken, 422)["errors"][0]["reason"].startswith("JSON decode error")
    collection = {"type": "FeatureCollection", "features": [ROUTE]}
    assert "body.type" in fields(await client.post("/v1/routes", json=collection, headers=editor))


# --- bad properties --------------------------------------------------------------------------


async def test_bad_properties_are_422_naming_each_field(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    editor = who(issuer, "editor")
    bad = with_props(
        ROUTE, countries=["GEO", "XYZ"], valid_from="2020-01-01", valid_to="2019-12-31"
    )
    bad["geometry"]["coordinates"][0] = [200.0, 41.0]
    errors = fields(await client.post("/v1/routes", json=bad, headers=editor))
    assert errors == {
        "body.properties.countries.1": "not an ISO 3166-1 alpha-3 code",
        "body.properties.valid_to": "must be after valid_from (the end day is exclusive)",
        "body.geometry.coordinates.0.0": "longitude outside -180..180",
    }  # all at once, so a form can show them together
    kind = fields(
        await client.post("/v1/routes", json=with_props(ROUTE, kind="bus"), headers=editor)
    )
    assert "body.properties.kind" in kind
    extra = fields(
        await client.post("/v1/routes", json=with_props(ROUTE, colour="red"), headers=editor)
    )
    assert "body.properties.colour" in extra
    nul = fields(
        await client.post("/v1/routes", json=with_props(ROUTE, name_en="a\x00b"), headers=editor)
    )
    assert "body.properties.name_en" in nul
    same = with_props(POINT, country_b="geo")
    assert fields(await client.post("/v1/crossing-points", json=same, headers=editor)) == {
        "body.properties.country_b": "must differ from country_a"
    }
    nowhere = with_props(POINT, route="silk-road", country_a="QQQ")
    assert fields(await client.post("/v1/crossing-points", json=nowhere, headers=editor)) == {
        "body.properties.country_a": "not an ISO 3166-1 alpha-3 code",
        "body.properties.route": "no route with this slug",
    }
    assert await count(db_session, "audit_log") == 0


async def test_a_slug_already_used_is_a_conflict(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    editor = who(issuer, "editor")
    before = await count(db_session, "migration_route")
    taken = await client.post(
        "/v1/routes", json=with_props(ROUTE, slug="black-sea"), headers=editor
    )
    assert "black-sea" in problem(taken, 409)["detail"]
    point = await create(client, editor, POINT, "/v1/crossing-points")
    clash = with_props(POINT, slug="medyka-shehyni")
    moved = await client.put(
        f"/v1/crossing-points/{point['id']}", json=clash, headers={**editor, "If-Match": 'W/"1"'}
    )
    problem(moved, 409)
    assert await count(db_session, "migration_route") == before
    kept = await client.get(f"/v1/crossing-points/{point['id']}", headers=editor)
    assert kept.json()["properties"]["slug"] == "sarpi-sarp" and kept.headers["etag"] == 'W/"1"'

"""The real data behind the collections (Frontex detections, routes, crossing points, regions),
CSV output, caching (ETag, 304, Cache-Control) and who sees unpublished routes."""

import csv
import io
from collections import Counter

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer
from map_api.routes.seed import frontex_rows
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

STATS = "/v1/collections/route-statistics/items"
SLUGS = {
    "Eastern Borders Route": "eastern-borders",
    "Western Balkan Route": "western-balkans",
    "Black Sea Route": "black-sea",
    "Circular Route from Albania to Greece": "albania-greece-circular",
}


async def test_statistics_match_the_frontex_file_cell_by_cell(client: AsyncClient) -> None:
    rows = frontex_rows()
    cells = [
        ("Eastern Borders Route", "Land", "UKR", "2014-03"),
        ("Western Balkan Route", "Land", "SYR", "2015-09"),
        ("Black Sea Route", "Sea", "IRQ", "2017-09"),
        ("Circular Route from Albania to Greece", "Land", "ALB", "2010-07"),
    ]
    for route, border, nationality, month in cells:
        expected = [
            r["detections"]
            for r in rows
            if (r["route"], r["border_type"], r["nationality_iso3"], r["month"].isoformat()[:7])
            == (route, border, nationality, month)
        ]
        assert len(expected) == 1, (route, nationality, month)
        params = {"route": SLUGS[route], "border_type": border, "nationality": nationality,
                  "datetime": month}  # fmt: skip
        body = (await client.get(STATS, params=params)).json()
        assert body["numberMatched"] == 1
        assert body["features"][0]["properties"]["detections"] == expected[0]


async def test_statistics_totals_per_route_match_the_file(client: AsyncClient) -> None:
    totals: Counter[str] = Counter()
    for r in frontex_rows():
        totals[r["route"]] += 1
    body = (await client.get("/v1/collections/routes/items", params={"limit": 100})).json()
    assert body["numberMatched"] == len(totals) == 8
    for name, count in totals.items():
        slug = SLUGS.get(name)
        if slug is None:
            continue
        res = await client.get(STATS, params={"route": slug, "limit": 1})
        assert res.json()["numberMatched"] == count


async def test_routes_are_indicative_with_sources(client: AsyncClient) -> None:
    body = (await client.get("/v1/collections/routes/items", params={"limit": 100})).json()
    by_id = {f["id"]: f for f in body["features"]}
    for slug in ("eastern-borders", "western-balkans", "black-sea", "albania-greece-circular"):
        route = by_id[slug]
        assert route["geometry"]["type"] == "MultiLineString"
        assert route["properties"]["indicative"] is True
        assert route["properties"]["sources"] and all(
            s["url"].startswith("https://") for s in route["properties"]["sources"]
        )
        assert route["properties"]["name_ru"]
    assert by_id["other"]["geometry"] is None


async def test_crossing_points_lie_on_the_border_they_name(db_session: AsyncSession) -> None:
    """Approximate positions, but within 5 km of the shared border of the two states."""
    result = await db_session.execute(
        text(
            "SELECT p.slug, ST_Distance(p.geom::geography, ST_Intersection("
            "  ST_Boundary(a.geom), ST_Boundary(b.geom))::geography) / 1000 "
            "FROM geo.crossing_point p "
            "JOIN geo.country_boundary a ON a.iso3 = p.country_a "
            "JOIN geo.country_boundary b ON b.iso3 = p.country_b"
        )
    )
    distances = {slug: km for slug, km in result}
    assert len(distances) == 11
    assert all(km < 5 for km in distances.values()), distances


async def test_regions_have_members_and_outlines(client: AsyncClient) -> None:
    body = (await client.get("/v1/collections/regions/items", params={"limit": 100})).json()
    by_id = {f["id"]: f for f in body["features"]}
    assert set(by_id) >= {"eu27", "schengen", "western-balkans", "eastern-partnership",
                          "central-asia", "prague-process"}  # fmt: skip
    ea = await client.get(
        "/v1/collections/regions/items",
        params={"filter": "S_INTERSECTS(geometry, POINT(44.5 40.2))", "limit": 100},
    )
    assert {f["id"] for f in ea.json()["features"]} == {"eastern-partnership", "prague-process"}


async def test_csv_output(client: AsyncClient) -> None:
    res = await client.get(
        STATS, params={"f": "csv", "route": "black-sea", "limit": 10, "sortby": "month"}
    )
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert res.headers["x-total-count"] == "75"
    assert 'rel="next"' in res.headers["link"]
    assert res.headers["etag"] and "attachment" in res.headers["content-disposition"]
    text_body = res.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text_body)))
    assert len(rows) == 10
    assert list(rows[0]) == ["id", "route", "route_name", "border_type", "nationality", "month",
                             "detections"]  # fmt: skip
    assert rows[0]["month"] == "2009-02-01" and rows[0]["nationality"] == "STL"
    points = await client.get(
        "/v1/collections/crossing-points/items",
        params={"properties": "name,country_a,country_b"},
        headers={"Accept": "text/csv"},
    )
    table = list(csv.reader(io.StringIO(points.content.decode("utf-8-sig"))))
    assert table[0] == ["id", "name", "country_a", "country_b", "geometry_wkt"]
    kakavia = next(r for r in table if r[0] == "kakavia")
    assert kakavia[-1] == "POINT(20.33 39.91)"
    routes = await client.get("/v1/collections/routes/items", params={"f": "csv", "limit": 100})
    route_rows = {
        r["id"]: r for r in csv.DictReader(io.StringIO(routes.content.decode("utf-8-sig")))
    }
    assert route_rows["black-sea"]["geometry_wkt"].startswith("MULTILINESTRING((29.12 41.23")
    assert route_rows["black-sea"]["countries"] == "TUR;ROU;BGR"
    assert route_rows["other"]["geometry_wkt"] == ""


async def test_etag_304_and_a_new_tag_when_data_changes(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    url = "/v1/collections/routes/items/black-sea"
    first = await client.get(url)
    tag = first.headers["etag"]
    assert tag.startswith('W/"')
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "Accept" in first.headers["vary"]
    again = await client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    other = await client.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200
    for path in ("/v1/collections", "/v1/collections/route-statistics/items?limit=5", "/v1/"):
        res = await client.get(path)
        assert (
            await client.get(path, headers={"If-None-Match": res.headers["etag"]})
        ).status_code == 304
    await db_session.execute(
        text("UPDATE geo.migration_route SET name_en = 'Black Sea' WHERE slug = 'black-sea'")
    )
    changed = await client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert changed.json()["properties"]["name"] == "Black Sea"
    csv_tag = (await client.get(url.replace("/black-sea", "") + "?f=csv")).headers["etag"]
    json_tag = (await client.get(url.replace("/black-sea", ""))).headers["etag"]
    assert csv_tag != json_tag


async def test_unpublished_routes_are_seen_by_editors_and_their_countries_only(
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
    url = "/v1/collections/routes/items"
    anonymous = await client.get(url, params={"limit": 100})
    assert "arctic" not in {f["id"] for f in anonymous.json()["features"]}
    assert (await client.get(url + "/arctic")).status_code == 404
    editor = await client.get(url, params={"limit": 100}, headers=issuer.headers("editor"))
    assert "arctic" in {f["id"] for f in editor.json()["features"]}
    assert editor.headers["cache-control"] == "private, no-cache"
    assert editor.headers["etag"] != anonymous.headers["etag"]
    norway = issuer.headers("contributor", countries=("NOR",))
    assert (await client.get(url + "/arctic", headers=norway)).status_code == 200
    poland = issuer.headers("contributor", countries=("POL",))
    assert (await client.get(url + "/arctic", headers=poland)).status_code == 404

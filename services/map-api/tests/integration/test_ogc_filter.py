"""OGC API - Features Part 3 (Filtering) with CQL2 text and JSON: queryables, every declared
CQL2 conformance class (basic, advanced comparison, case-insensitive, spatial, temporal,
property-property, arithmetic) and the 400 answers for filters that cannot run."""

import json

import pytest
from httpx import AsyncClient

STATS = "/v1/collections/route-statistics/items"
ROUTES = "/v1/collections/routes/items"
POINTS = "/v1/collections/crossing-points/items"
COUNTRIES = "/v1/collections/countries/items"


async def ids(client: AsyncClient, url: str, text: str, **extra: str) -> set:
    res = await client.get(url, params={"filter": text, "limit": 10000, **extra})
    assert res.status_code == 200, res.text
    return {f["id"] for f in res.json()["features"]}


async def matched(client: AsyncClient, url: str, text: str, lang: str = "cql2-text") -> int:
    res = await client.get(url, params={"filter": text, "filter-lang": lang, "limit": 1})
    assert res.status_code == 200, res.text
    return int(res.json()["numberMatched"])


async def test_queryables_are_a_json_schema(client: AsyncClient) -> None:
    res = await client.get("/v1/collections/route-statistics/queryables")
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/schema+json"
    schema = res.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/api/map/v1/collections/route-statistics/queryables")
    props = schema["properties"]
    assert props["month"] == {
        "title": "month", "description": "First day of the month.", "type": "string",
        "format": "date",
    }  # fmt: skip
    assert props["detections"]["type"] == "integer"
    assert props["border_type"]["enum"] == ["Land", "Sea"]
    assert props["geometry"]["x-ogc-role"] == "primary-geometry"
    routes = (await client.get("/v1/collections/routes/queryables")).json()["properties"]
    assert "sources" not in routes and "countries" not in routes  # not scalars
    assert (await client.get("/v1/collections/nope/queryables")).status_code == 404


async def test_basic_cql2(client: AsyncClient) -> None:
    assert await ids(client, ROUTES, "kind = 'sea'") == {"black-sea", "central-mediterranean"}
    assert "black-sea" not in await ids(client, ROUTES, "kind <> 'sea'")
    assert await ids(client, ROUTES, "valid_to IS NULL") == await ids(client, ROUTES, "INCLUDE")
    assert await ids(client, ROUTES, "valid_to IS NOT NULL") == set()
    both = await ids(client, ROUTES, "kind = 'land' AND NOT (slug = 'western-balkans')")
    assert both == {"eastern-borders", "albania-greece-circular"}
    either = await ids(client, ROUTES, "slug = 'black-sea' OR slug = 'other'")
    assert either == {"black-sea", "other"}
    assert await matched(client, STATS, "detections >= 100000") == 2  # Oct., Nov. 2015
    assert await matched(client, STATS, "month < DATE('2009-02-01')") == await matched(
        client, STATS, "month = DATE('2009-01-01')"
    )
    assert await ids(client, ROUTES, "indicative = false") == set()


async def test_advanced_comparison_operators(client: AsyncClient) -> None:
    assert await ids(client, ROUTES, "name LIKE 'East%'") == {
        "eastern-borders", "eastern-mediterranean"
    }  # fmt: skip
    assert await ids(client, ROUTES, "slug LIKE 'black_sea'") == {"black-sea"}  # _: one char
    assert await ids(client, ROUTES, "slug LIKE 'black_se'") == set()
    assert await ids(client, ROUTES, "slug NOT LIKE '%-%'") == {"other"}
    n = await matched(client, STATS, "detections BETWEEN 1000 AND 2000")
    assert n == await matched(client, STATS, "detections >= 1000 AND detections <= 2000") > 0
    assert await matched(client, STATS, "detections NOT BETWEEN 1 AND 1000000") == 0
    assert await ids(client, POINTS, "country_b IN ('UKR', 'BLR')") == {
        "medyka-shehyni", "terespol-brest", "medininkai-kamenny-log"
    }  # fmt: skip


async def test_case_insensitive_comparison(client: AsyncClient) -> None:
    assert await ids(client, ROUTES, "CASEI(name) = casei('BLACK SEA ROUTE')") == {"black-sea"}
    assert await ids(client, ROUTES, "CASEI(name) LIKE CASEI('%BALKAN%')") == {"western-balkans"}
    assert await ids(client, ROUTES, "name ILIKE '%balkan%'") == {"western-balkans"}  # GDAL


async def test_spatial_functions(client: AsyncClient) -> None:
    assert await ids(client, POINTS, "S_INTERSECTS(geometry, BBOX(19,44,23,47))") == {
        "roszke-horgos", "bajakovo-batrovci"
    }  # fmt: skip
    assert await ids(client, COUNTRIES, "S_INTERSECTS(geometry, POINT(44.5 40.2))") == {"ARM"}
    assert await ids(client, COUNTRIES, "S_INTERSECTS(geometry, BBOX(170,60,-170,70))") == {"RUS"}
    ukraine = "S_WITHIN(geometry, POLYGON((22 45, 41 45, 41 53, 22 53, 22 45)))"
    assert await ids(client, "/v1/collections/capitals/items", ukraine) == {"UKR", "MDA"}
    through_serbia = await ids(client, ROUTES, "S_CROSSES(geometry, LINESTRING(19 44.9, 21 44.9))")
    assert through_serbia == {"western-balkans"}
    inside = await ids(client, COUNTRIES, "S_CONTAINS(geometry, POINT(30.5 50.45))")
    assert inside == {"UKR"}
    far = await ids(client, POINTS, "S_DISJOINT(geometry, BBOX(19,44,23,47))")
    assert "roszke-horgos" not in far and len(far) == 9
    assert await ids(client, POINTS, "S_EQUALS(geometry, POINT(20.33 39.91))") == {"kakavia"}
    assert await ids(client, ROUTES, "S_TOUCHES(geometry, POINT(29.12 41.23))") == {"black-sea"}
    overlapping = await ids(client, COUNTRIES, "S_OVERLAPS(geometry, BBOX(19,44,23,47))")
    assert {"SRB", "HUN", "ROU"} <= overlapping and "FRA" not in overlapping
    # route statistics: spatial filters select by the route's line
    n = await matched(client, STATS, "S_INTERSECTS(geometry, BBOX(41,43,42,44))")
    assert n == 0
    black_sea = await matched(client, STATS, "S_INTERSECTS(geometry, POINT(29.6 42.6))")
    assert black_sea == 75


async def test_temporal_functions(client: AsyncClient) -> None:
    year = "INTERVAL('2020-01-01','2020-12-31')"
    during = await matched(client, STATS, f"T_DURING(month, {year})")
    intersects = await matched(client, STATS, f"T_INTERSECTS(month, {year})")
    jan = await matched(client, STATS, "T_EQUALS(month, DATE('2020-01-01'))")
    assert intersects == during + jan  # the interval's start is not "during"
    assert intersects == await matched(
        client, STATS, "month BETWEEN DATE('2020-01-01') AND DATE('2020-12-31')"
    )
    open_end = await matched(client, STATS, "T_INTERSECTS(month, INTERVAL('2025-03-01','..'))")
    assert open_end == await matched(client, STATS, "month >= DATE('2025-03-01')") > 0
    before = await matched(client, STATS, "T_BEFORE(month, TIMESTAMP('2009-02-01T00:00:00Z'))")
    assert before == await matched(client, STATS, "month = DATE('2009-01-01')")
    after = await matched(client, STATS, "T_AFTER(month, DATE('2025-03-01'))")
    assert after == await matched(client, STATS, "month = DATE('2025-04-01')")
    disjoint = await matched(client, STATS, f"T_DISJOINT(month, {year})")
    assert disjoint + intersects == 11541
    first = await matched(client, STATS, "month = DATE('2020-01-01')")
    last = await matched(client, STATS, "month = DATE('2020-12-01')")
    # an instant is a zero-length interval: it begins, meets or is met by an interval's ends
    assert await matched(client, STATS, f"T_BEGINS(month, {year})") == first
    assert (
        await matched(client, STATS, "T_MEETS(month, INTERVAL('2020-01-01','2020-06-01'))") == first
    )
    assert (
        await matched(client, STATS, "T_METBY(month, INTERVAL('2019-01-01','2020-12-01'))") == last
    )
    assert (
        await matched(client, STATS, "T_ENDS(month, INTERVAL('2019-01-01','2020-12-01'))") == last
    )
    assert await matched(client, STATS, f"T_CONTAINS(month, {year})") == 0
    assert await matched(client, STATS, f"T_OVERLAPS(month, {year})") == 0
    infix = await matched(client, STATS, "month T_AFTER DATE('2025-03-01')")
    assert infix == after
    routes = await ids(client, ROUTES, "T_BEFORE(valid_from, DATE('2010-01-01'))")
    assert len(routes) == 8


async def test_property_property_and_arithmetic(client: AsyncClient) -> None:
    assert len(await ids(client, POINTS, "country_a <> country_b")) == 11
    assert await ids(client, POINTS, "country_a = country_b") == set()
    assert await ids(client, ROUTES, "valid_from < valid_to") == set()
    big = await matched(client, STATS, "detections > 100000")
    assert await matched(client, STATS, "detections / 2 > 50000") == big
    assert await matched(client, STATS, "detections * 2 - 100000 > 100000") == big
    assert await matched(client, STATS, "detections + 1 > 100001") == big


async def test_cql2_json_matches_text(client: AsyncClient) -> None:
    pairs = [
        ("kind = 'land'", {"op": "=", "args": [{"property": "kind"}, "land"]}),
        (
            "S_INTERSECTS(geometry, BBOX(19,44,23,47))",
            {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [19, 44, 23, 47]}]},
        ),
        (
            "S_INTERSECTS(geometry, POINT(29.6 42.6))",
            {
                "op": "s_intersects",
                "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [29.6, 42.6]}],
            },
        ),
        (
            "T_INTERSECTS(month, INTERVAL('2025-03-01','..'))",
            {
                "op": "t_intersects",
                "args": [{"property": "month"}, {"interval": ["2025-03-01", ".."]}],
            },
        ),
        (
            "nationality IN ('SYR','AFG') AND detections > 1000",
            {
                "op": "and",
                "args": [
                    {"op": "in", "args": [{"property": "nationality"}, ["SYR", "AFG"]]},
                    {"op": ">", "args": [{"property": "detections"}, 1000]},
                ],
            },
        ),
        (
            "CASEI(route_name) LIKE CASEI('%BALKAN%')",
            {
                "op": "like",
                "args": [
                    {"op": "casei", "args": [{"property": "route_name"}]},
                    {"op": "casei", "args": ["%BALKAN%"]},
                ],
            },
        ),
    ]
    for text, document in pairs:
        url = STATS if "month" in text or "nationality" in text or "route_name" in text else ROUTES
        if "19,44" in text:
            url = POINTS
        assert await matched(client, url, text) == await matched(
            client, url, json.dumps(document), "cql2-json"
        ), text


async def test_gdal_legacy_filter_language_name(client: AsyncClient) -> None:
    res = await client.get(
        ROUTES,
        params={"filter": "(kind = 'sea') AND (indicative = TRUE)", "filter-lang": "cql-text"},
    )
    assert {f["id"] for f in res.json()["features"]} == {"black-sea", "central-mediterranean"}


@pytest.mark.parametrize(
    ("text", "lang", "field"),
    [
        ("kind = ", "cql2-text", "filter"),
        ("colour = 'red'", "cql2-text", "filter"),
        ("detections = 'many'", "cql2-text", "filter"),
        ("detections / 0 > 1", "cql2-text", "filter"),
        ("detections * 9000000000000000000 > 1", "cql2-text", "filter"),  # overflows in SQL
        ("month > 5", "cql2-text", "filter"),
        ("detections", "cql2-text", "filter"),
        ("S_INTERSECTS(geometry, POINT(200 95))", "cql2-text", "filter"),
        ("S_INTERSECTS(geometry, POLYGON((1 1, 2 2, 1 1)))", "cql2-text", "filter"),
        ("S_INTERSECTS(month, POINT(1 1))", "cql2-text", "filter"),
        ("T_AFTER(detections, DATE('2020-01-01'))", "cql2-text", "filter"),
        ("month = DATE('2020-02-30')", "cql2-text", "filter"),
        ("NOTAFUNCTION(route) = 1", "cql2-text", "filter"),
        ("{not json", "cql2-json", "filter"),
        ('{"op": "frobnicate", "args": []}', "cql2-json", "filter"),
        (
            '{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [1, 2]}]}',
            "cql2-json",
            "filter",
        ),
        (
            json.dumps(
                {
                    "op": "s_intersects",
                    "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": "x"}],
                }
            ),
            "cql2-json",
            "filter",
        ),
        ("kind = 'land'", "sql", "filter-lang"),
    ],
)
async def test_bad_filters_are_400_naming_the_parameter(
    client: AsyncClient, text: str, lang: str, field: str
) -> None:
    res = await client.get(STATS, params={"filter": text, "filter-lang": lang})
    assert res.status_code == 400, res.text
    problem = res.json()
    assert res.headers["content-type"] == "application/problem+json"
    assert problem["errors"][0]["field"] == f"query.{field}"


async def test_filter_crs_is_crs84_only(client: AsyncClient) -> None:
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    ok = await client.get(
        POINTS, params={"filter": "S_INTERSECTS(geometry, BBOX(19,44,23,47))", "filter-crs": crs84}
    )
    assert ok.status_code == 200
    bad = await client.get(POINTS, params={"filter": "INCLUDE", "filter-crs": "EPSG:3857"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "query.filter-crs"


async def test_deep_nesting_is_refused_not_crashed(client: AsyncClient) -> None:
    text = "(" * 300 + "kind = 'land'" + ")" * 300  # parentheses add no depth
    assert (await client.get(ROUTES, params={"filter": text})).status_code == 200
    chain = " AND ".join(["kind = 'land'"] * 400)
    assert (await client.get(ROUTES, params={"filter": chain})).status_code == 400

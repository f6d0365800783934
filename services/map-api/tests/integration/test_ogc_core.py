"""OGC API - Features Part 1 Core and GeoJSON: landing page, conformance, collections, items
with paging, bbox (antimeridian included), datetime, property filters, sortby, properties, and
the 400/404 answers the standard requires."""

from urllib.parse import parse_qs, urlsplit

import pytest
from httpx import AsyncClient

BASE = "http://testserver/api/map/v1"
CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"


def rels(doc: dict) -> dict[str, dict]:
    return {link["rel"]: link for link in doc["links"]}


async def test_landing_page_links_everything_absolutely(client: AsyncClient) -> None:
    res = await client.get("/v1/")
    assert res.status_code == 200 and res.headers["content-type"] == "application/json"
    links = rels(res.json())
    assert links["self"]["href"] == BASE + "/"
    assert links["conformance"]["href"] == BASE + "/conformance"
    assert links["data"]["href"] == BASE + "/collections"
    assert links["service-desc"]["href"] == BASE + "/api"
    assert links["service-doc"]["type"] == "text/html"
    assert links["describedby"]["href"] == "http://testserver/api/map/openapi.json"
    assert (await client.get("/v1")).json() == res.json()  # also without the slash


async def test_the_api_definition_describes_the_ogc_paths(client: AsyncClient) -> None:
    doc = (await client.get("/v1/api")).json()
    assert doc["openapi"].startswith("3.") and doc["servers"] == [{"url": BASE}]
    assert "/collections/{collectionId}/items" in doc["paths"] and "/countries" not in doc["paths"]
    routes = doc["paths"]["/collections/routes/items"]["get"]["parameters"]
    by_name = {p["name"]: p for p in routes}
    assert by_name["kind"]["schema"]["enum"] == ["land", "sea", "air", "mixed"]  # queryable
    assert by_name["limit"]["schema"]["maximum"] == 10_000
    assert "cql-text" in by_name["filter-lang"]["schema"]["enum"]  # what GDAL looks for
    assert "simplify" not in by_name
    full = (await client.get("/openapi.json")).json()  # the service's own document: unchanged
    items = full["paths"]["/v1/collections/{collectionId}/items"]["get"]["parameters"]
    assert "maximum" not in next(p for p in items if p["name"] == "limit")["schema"]


async def test_links_follow_the_forwarded_host_and_scheme(client: AsyncClient) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "imap.example.org"}
    links = rels((await client.get("/v1/", headers=headers)).json())
    assert links["data"]["href"] == "https://imap.example.org/api/map/v1/collections"


async def test_conformance_declares_core_geojson_and_filtering(client: AsyncClient) -> None:
    classes = (await client.get("/v1/conformance")).json()["conformsTo"]
    assert CORE in classes
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json" in classes


async def test_collections_with_extents_and_links(client: AsyncClient) -> None:
    body = (await client.get("/v1/collections")).json()
    by_id = {c["id"]: c for c in body["collections"]}
    assert set(by_id) == {
        "countries", "capitals", "regions", "routes", "crossing-points", "route-statistics",
        "flows",
    }  # fmt: skip
    stats = by_id["route-statistics"]
    assert stats["extent"]["temporal"]["interval"] == [
        ["2009-01-01T00:00:00Z", "2025-04-30T23:59:59Z"]
    ]
    assert stats["itemType"] == "feature" and "Frontex" in stats["attribution"]
    west, south, east, north = by_id["capitals"]["extent"]["spatial"]["bbox"][0]
    assert -25 < west < 0 and 30 < south < 40 and 70 < east < 75 and 60 < north < 65
    assert by_id["routes"]["extent"]["temporal"]["interval"] == [["2009-01-01T00:00:00Z", None]]
    links = by_id["routes"]["links"]
    items = [link for link in links if link["rel"] == "items"]
    assert {link["type"] for link in items} == {"application/geo+json", "text/csv"}
    assert any(link["href"] == BASE + "/collections/routes/queryables" for link in links)
    one = (await client.get("/v1/collections/routes")).json()
    assert one["id"] == "routes" and rels(one)["self"]["href"] == BASE + "/collections/routes"


async def test_unknown_collection_and_feature_are_404(client: AsyncClient) -> None:
    for path in (
        "/v1/collections/nope",
        "/v1/collections/nope/items",
        "/v1/collections/routes/items/nope",
        "/v1/collections/route-statistics/items/x",
    ):
        res = await client.get(path)
        assert res.status_code == 404, path
        assert res.headers["content-type"] == "application/problem+json"


async def test_items_are_geojson_with_counts_and_default_limit(client: AsyncClient) -> None:
    res = await client.get("/v1/collections/countries/items")
    assert res.status_code == 200 and res.headers["content-type"] == "application/geo+json"
    body = res.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == 76 and body["numberReturned"] == 10 == len(body["features"])
    ids = [f["id"] for f in body["features"]]
    assert ids == sorted(ids)  # default order: by ISO3
    feature = body["features"][0]
    assert feature["type"] == "Feature" and len(feature["id"]) == 3
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert rels(body)["collection"]["href"] == BASE + "/collections/countries"


async def test_paging_links_walk_every_feature(client: AsyncClient) -> None:
    seen: list[str] = []
    url = "/v1/collections/capitals/items?limit=20"
    pages = 0
    while url:
        body = (await client.get(url)).json()
        seen += [f["id"] for f in body["features"]]
        links = rels(body)
        assert links["self"]["href"].startswith(BASE + "/collections/capitals/items")
        if pages:
            assert "prev" in links
        url = links["next"]["href"] if "next" in links else ""
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 51


async def test_limit_is_clamped_and_bad_limits_are_400(client: AsyncClient) -> None:
    body = (await client.get("/v1/collections/route-statistics/items?limit=20000")).json()
    assert body["numberReturned"] == 10_000 and body["numberMatched"] == 11_541
    assert parse_qs(urlsplit(rels(body)["next"]["href"]).query)["limit"] == ["10000"]
    for bad in ("0", "-1", "abc", "1.5"):
        res = await client.get(f"/v1/collections/routes/items?limit={bad}")
        assert res.status_code == 400, bad
        assert res.json()["errors"][0]["field"] == "query.limit"
    assert (await client.get("/v1/collections/routes/items?offset=-1")).status_code == 400


async def test_offset_pages(client: AsyncClient) -> None:
    all_ids = [
        f["id"]
        for f in (await client.get("/v1/collections/capitals/items?limit=51")).json()["features"]
    ]
    page = (await client.get("/v1/collections/capitals/items?limit=5&offset=10")).json()
    assert [f["id"] for f in page["features"]] == all_ids[10:15]
    assert page["numberMatched"] == 51


async def test_bbox_selects_and_six_numbers_work(client: AsyncClient) -> None:
    url = "/v1/collections/crossing-points/items"
    four = (await client.get(url, params={"bbox": "19,44,23,47"})).json()
    assert {f["id"] for f in four["features"]} == {"roszke-horgos", "bajakovo-batrovci"}
    six = (await client.get(url, params={"bbox": "19,44,-100,23,47,100"})).json()
    assert six["features"] == four["features"]


async def test_bbox_across_the_antimeridian_finds_russia(client: AsyncClient) -> None:
    body = (
        await client.get("/v1/collections/countries/items", params={"bbox": "170,60,-170,70"})
    ).json()
    assert [f["id"] for f in body["features"]] == ["RUS"]
    west, _, east, _ = body["features"][0]["bbox"]
    assert west > east
    assert (
        await client.get("/v1/collections/countries/items", params={"bbox": "-170,60,170,70"})
    ).json()["numberMatched"] > 5


@pytest.mark.parametrize(
    "bbox",
    ["1,2,3", "a,b,c,d", "10,60,20,50", "10,40,200,50", "10,-95,20,50", "1,2,3,4,5", "nan,1,2,3"],
)
async def test_bad_bbox_is_400_naming_bbox(client: AsyncClient, bbox: str) -> None:
    res = await client.get("/v1/collections/countries/items", params={"bbox": bbox})
    assert res.status_code == 400
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["errors"][0]["field"] == "query.bbox"


async def test_datetime_on_route_statistics(client: AsyncClient) -> None:
    url = "/v1/collections/route-statistics/items"
    month = (
        await client.get(
            url, params={"datetime": "2021-11", "route": "eastern-borders", "limit": 1000}
        )
    ).json()
    assert month["numberMatched"] > 0
    assert {f["properties"]["month"] for f in month["features"]} == {"2021-11-01"}
    instant = await client.get(
        url, params={"datetime": "2021-11-15T12:00:00Z", "route": "eastern-borders"}
    )
    assert instant.json()["numberMatched"] == month["numberMatched"]
    year = (
        await client.get(url, params={"datetime": "2021-01-01/2021-12-31", "limit": 10000})
    ).json()
    assert {f["properties"]["month"][:4] for f in year["features"]} == {"2021"}
    after = (await client.get(url, params={"datetime": "2025-03/..", "limit": 10000})).json()
    assert {f["properties"]["month"] for f in after["features"]} == {"2025-03-01", "2025-04-01"}
    before = (await client.get(url, params={"datetime": "../2009-01-31", "limit": 10000})).json()
    assert {f["properties"]["month"] for f in before["features"]} == {"2009-01-01"}


async def test_datetime_on_route_validity(client: AsyncClient) -> None:
    url = "/v1/collections/routes/items"
    assert (await client.get(url, params={"datetime": "2008-06-01"})).json()["numberMatched"] == 0
    assert (await client.get(url, params={"datetime": "2020-06-01"})).json()["numberMatched"] == 8


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2020-02-30",
        "2021-01-01/2020-01-01",
        "/",
        "2020-01-01/2021/2022",
        "2020-01-01T10:00",
    ],
)
async def test_bad_datetime_is_400(client: AsyncClient, value: str) -> None:
    res = await client.get("/v1/collections/route-statistics/items", params={"datetime": value})
    assert res.status_code == 400 and res.json()["errors"][0]["field"] == "query.datetime"


async def test_property_filters(client: AsyncClient) -> None:
    land = (await client.get("/v1/collections/routes/items?kind=land")).json()
    assert {f["id"] for f in land["features"]} == {
        "eastern-borders", "western-balkans", "albania-greece-circular"
    }  # fmt: skip
    syr = (
        await client.get("/v1/collections/route-statistics/items?nationality=SYR&route=black-sea")
    ).json()
    assert syr["numberMatched"] > 0
    assert all(f["properties"]["nationality"] == "SYR" for f in syr["features"])
    res = await client.get("/v1/collections/routes/items?indicative=maybe")
    assert res.status_code == 400 and res.json()["errors"][0]["field"] == "query.indicative"
    res = await client.get("/v1/collections/routes/items?kind=bicycle")
    assert res.status_code == 400


async def test_unknown_parameters_are_400(client: AsyncClient) -> None:
    for path in ("/v1/collections/routes/items?colour=red", "/v1/collections?foo=1", "/v1/?x=1",
                 "/v1/collections/routes/items?simplify=0.1"):  # fmt: skip
        res = await client.get(path)
        assert res.status_code == 400, path
        assert res.headers["content-type"] == "application/problem+json"


async def test_crs_parameters_naming_crs84_are_accepted(client: AsyncClient) -> None:
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    items = "/v1/collections/capitals/items"
    plain = (await client.get(items, params={"bbox": "40,38,50,42"})).json()
    same = await client.get(items, params={"bbox": "40,38,50,42", "bbox-crs": crs84, "crs": crs84})
    assert same.status_code == 200 and same.json()["features"] == plain["features"]
    first = plain["features"][0]["id"]
    assert (await client.get(f"{items}/{first}", params={"crs": crs84})).status_code == 200
    for name in ("crs", "bbox-crs"):
        res = await client.get(items, params={name: "http://www.opengis.net/def/crs/EPSG/0/3857"})
        assert res.status_code == 400 and res.json()["errors"][0]["field"] == f"query.{name}"
    bad = await client.get(f"{items}/{first}", params={"bbox-crs": crs84})
    assert bad.status_code == 400


async def test_sortby_and_properties(client: AsyncClient) -> None:
    url = "/v1/collections/route-statistics/items"
    body = (
        await client.get(
            url,
            params={"sortby": "-detections", "limit": 3, "properties": "route,month,detections"},
        )
    ).json()
    values = [f["properties"]["detections"] for f in body["features"]]
    assert values == sorted(values, reverse=True) and values[0] == 204286
    assert set(body["features"][0]["properties"]) == {"route", "month", "detections"}
    asc = (await client.get(url, params={"sortby": "+month,nationality", "limit": 2})).json()
    assert [f["properties"]["month"] for f in asc["features"]] == ["2009-01-01", "2009-01-01"]
    empty = (await client.get("/v1/collections/routes/items", params={"properties": ""})).json()
    assert empty["features"][0]["properties"] == {}
    for name, value in (("sortby", "colour"), ("sortby", "countries"), ("properties", "colour")):
        res = await client.get(url, params={name: value})
        assert res.status_code == 400 and res.json()["errors"][0]["field"] == f"query.{name}"


async def test_single_feature(client: AsyncClient) -> None:
    res = await client.get("/v1/collections/routes/items/eastern-borders")
    assert res.status_code == 200 and res.headers["content-type"] == "application/geo+json"
    route = res.json()
    assert route["id"] == "eastern-borders" and route["geometry"]["type"] == "MultiLineString"
    assert route["properties"]["indicative"] is True
    assert rels(route)["collection"]["href"] == BASE + "/collections/routes"
    stat = (await client.get("/v1/collections/route-statistics/items?limit=1")).json()
    fid = stat["features"][0]["id"]
    one = (await client.get(f"/v1/collections/route-statistics/items/{fid}")).json()
    assert one["properties"] == stat["features"][0]["properties"] and one["geometry"] is None


async def test_simplify_and_zoom_lighten_polygons(client: AsyncClient) -> None:
    def vertices(feature: dict) -> int:
        return sum(len(r) for p in feature["geometry"]["coordinates"] for r in p)

    url = "/v1/collections/countries/items/NOR"
    full = vertices((await client.get(url)).json())
    assert vertices((await client.get(url, params={"simplify": 0.1})).json()) < full / 2
    assert vertices((await client.get(url, params={"zoom": 3})).json()) < full / 2
    assert (await client.get(url, params={"simplify": 5})).status_code == 400
    assert (await client.get(url, params={"zoom": 30})).status_code == 400

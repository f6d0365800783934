"""Country boundaries and capitals as GeoJSON from the real migrated and seeded database."""

from httpx import AsyncClient


async def test_all_boundaries_as_a_feature_collection(client: AsyncClient) -> None:
    res = await client.get("/v1/countries", params={"limit": 100})
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/geo+json"
    body = res.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == body["numberReturned"] == 76
    ids = {f["id"] for f in body["features"]}
    assert {"RUS", "XKX", "TUR", "GBR", "CHN"} <= ids
    scope = [f for f in body["features"] if f["properties"]["role"] == "scope"]
    assert len(scope) == 51


async def test_pages_carry_next_links(client: AsyncClient) -> None:
    body = (await client.get("/v1/countries", params={"limit": 30})).json()
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert body["numberReturned"] == 30 and "next" in rels and "prev" not in rels
    assert rels["next"].startswith("http://testserver/api/map/v1/countries")


async def test_bbox_selects_intersecting_countries(client: AsyncClient) -> None:
    body = (
        await client.get("/v1/countries", params={"bbox": "43.5,40,46,41.5", "limit": 100})
    ).json()
    assert {f["id"] for f in body["features"]} >= {"ARM", "AZE", "GEO"}
    assert "FRA" not in {f["id"] for f in body["features"]}


async def test_bbox_across_the_antimeridian_finds_russia(client: AsyncClient) -> None:
    body = (await client.get("/v1/countries", params={"bbox": "175,60,-172,70"})).json()
    assert [f["id"] for f in body["features"]] == ["RUS"]


async def test_russia_has_an_antimeridian_bbox(client: AsyncClient) -> None:
    russia = (await client.get("/v1/countries/rus")).json()
    west, _south, east, _north = russia["bbox"]
    assert west > east  # RFC 7946: spans the antimeridian, not the whole world
    assert 19 < west < 21 and -171 < east < -168
    assert russia["properties"]["name_ru"] == "Россия"


async def test_simplify_reduces_vertices(client: AsyncClient) -> None:
    def vertices(feature: dict) -> int:
        return sum(len(ring) for poly in feature["geometry"]["coordinates"] for ring in poly)

    full = (await client.get("/v1/countries/NOR")).json()
    small = (await client.get("/v1/countries/NOR", params={"simplify": 0.1})).json()
    assert vertices(small) < vertices(full) / 2


async def test_bad_bbox_and_unknown_country_are_problems(client: AsyncClient) -> None:
    bad = await client.get("/v1/countries", params={"bbox": "10,60,20,50"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.bbox"
    missing = await client.get("/v1/countries/ZZZ")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


async def test_capitals(client: AsyncClient) -> None:
    body = (await client.get("/v1/capitals")).json()
    assert body["numberMatched"] == 51
    yerevan = next(f for f in body["features"] if f["id"] == "ARM")
    lon, lat = yerevan["geometry"]["coordinates"]
    assert 44 < lon < 45 and 40 < lat < 40.5


async def test_readiness_and_reseed(client: AsyncClient, db_session) -> None:
    assert (await client.get("/readyz")).status_code == 200
    from map_api.seed import seed

    assert set((await seed(db_session)).values()) == {0}

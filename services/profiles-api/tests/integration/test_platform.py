"""Health, readiness, OpenAPI, docs and idempotent seeding of profiles-api."""

from httpx import AsyncClient
from profiles_api.seed import seed
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def test_health_and_readiness(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["status"] == "ok"
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["migration"]


async def test_readiness_fails_when_migrations_are_behind(client: AsyncClient, app) -> None:
    app.state.head_revision = "not-the-head"
    res = await client.get("/readyz")
    assert res.status_code == 503
    assert res.headers["content-type"] == "application/problem+json"


async def test_openapi_is_3_1_with_v1_paths_tags_and_problem_errors(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": "/api/profiles"}]
    api_paths = [p for p in spec["paths"] if p not in ("/healthz", "/readyz")]
    assert api_paths and all(p.startswith("/v1/") for p in api_paths)
    op = spec["paths"]["/v1/countries/{iso3}"]["get"]
    assert op["summary"] == "Get one state by its ISO3 code (with an ETag)" and op["tags"] == [
        "countries"
    ]
    assert "application/problem+json" in op["responses"]["404"]["content"]


async def test_docs_and_redoc_are_self_hosted(client: AsyncClient) -> None:
    docs = (await client.get("/docs")).text
    assert "/api/profiles/_static/docs/swagger-ui-bundle.js" in docs and "cdn" not in docs
    assert (await client.get("/_static/docs/swagger-ui-bundle.js")).status_code == 200
    assert "redoc.standalone.js" in (await client.get("/redoc")).text


async def test_unknown_route_and_method_are_problems(client: AsyncClient) -> None:
    assert (await client.get("/v1/nothing")).json()["status"] == 404
    res = await client.delete("/v1/countries")
    assert res.status_code == 405 and res.headers["content-type"] == "application/problem+json"


async def test_reseeding_changes_nothing(db_session: AsyncSession) -> None:
    sizes = text(
        "SELECT (SELECT count(*) FROM profiles.observation WHERE source_dataset LIKE 'wdi%'), "
        "(SELECT count(*) FROM profiles.observation), "
        "(SELECT count(*) FROM profiles.bilateral_observation)"
    )
    before = tuple((await db_session.execute(sizes)).one())
    counts = await seed(db_session)
    assert set(counts.values()) == {0}
    assert tuple((await db_session.execute(sizes)).one()) == before
    # WDI datasets: 9,945 tidy values (2000-2024) + 4,130 earlier years from the four WDI API CSV
    # files + 11,706 gdidata values not in the tidy table + 200 DDF values of 1990 and 1995
    assert before[0] == 14075 + 11706 + 200

"""Unit tests of the kit's pure helpers (no database)."""

import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from imap_kit.errors import NotFound, install_error_handlers
from imap_kit.pagination import PageParams
from imap_kit.settings import to_async_url


def test_to_async_url_converts_plain_urls() -> None:
    assert to_async_url("postgresql://u@h:1/d") == "postgresql+asyncpg://u@h:1/d"
    assert to_async_url("postgres://u@h/d") == "postgresql+asyncpg://u@h/d"
    with pytest.raises(ValueError):
        to_async_url("mysql://u@h/d")


def test_page_links_walk_forward_and_back() -> None:
    params = PageParams(limit=10, offset=10, url="http://x/api/p/v1/things?q=1&offset=10&limit=10")
    page = params.page(list(range(10)), total=25)
    assert page.links.next is not None and "offset=20" in page.links.next
    assert page.links.prev is not None and "offset=0" in page.links.prev
    assert "q=1" in page.links.self
    last = PageParams(limit=10, offset=20, url="http://x/t").page([1] * 5, total=25)
    assert last.links.next is None


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/v1/things")
    async def make(body: dict[str, int]) -> dict[str, int]:
        return body

    @app.get("/v1/thing/{n}")
    async def thing(n: int, year: int = Query(ge=1900)) -> dict[str, int]:
        if n == 0:
            raise NotFound("No thing 0.")
        if n == 1:
            raise RuntimeError("boom")
        return {"n": n}

    return app


def test_errors_are_problem_json_with_field_paths() -> None:
    client = TestClient(_app(), raise_server_exceptions=False)
    bad = client.get("/v1/thing/abc?year=10")
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"path.n", "query.year"}
    missing = client.get("/v1/thing/0?year=2000")
    assert missing.status_code == 404 and missing.json()["detail"] == "No thing 0."
    assert missing.json()["instance"] == "/v1/thing/0"
    crash = client.get("/v1/thing/1?year=2000")
    assert crash.status_code == 500 and crash.json()["title"] == "Internal Server Error"
    assert client.get("/nowhere").json()["status"] == 404
    assert client.delete("/v1/thing/2").status_code == 405
    # A lone surrogate in a JSON body is rejected by name, not echoed into an unencodable answer.
    lone = client.post(
        "/v1/things", content=b'{"a": "\\ud800"}', headers={"content-type": "application/json"}
    )
    assert lone.status_code == 422 and lone.json()["errors"][0]["field"] == "body.a"
    assert lone.json()["errors"][0].get("value") is None


def test_middleware_refuses_control_characters_and_big_bodies() -> None:
    from imap_kit.middleware import BodySizeLimitMiddleware, QueryHygieneMiddleware

    app = FastAPI()

    @app.post("/echo")
    async def echo(body: dict[str, str]) -> dict[str, str]:
        return body

    app.add_middleware(BodySizeLimitMiddleware, max_bytes=100)
    app.add_middleware(QueryHygieneMiddleware)
    client = TestClient(app)
    assert client.post("/echo?x=7%0A", json={}).status_code == 400
    big = client.post("/echo", json={"a": "x" * 200})
    assert big.status_code == 413 and big.headers["content-type"] == "application/problem+json"
    assert client.post("/echo", json={"a": "ok"}).json() == {"a": "ok"}

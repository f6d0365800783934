"""The whole platform as a user runs it: three services behind the real nginx gateway.

One stack per test session, on a throwaway database, started with the same launcher code and nginx
template as `./imap run`.
"""

from __future__ import annotations

import json

import pytest
from imapctl.stack import Stack

from .conftest import get

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("prefix", "path", "expect"),
    [
        ("/api/profiles", "/v1/countries/ARM", '"name_en":"Armenia"'),
        ("/api/map", "/v1/countries/ARM", '"type":"Feature"'),
        ("/api/toolbox", "/v1/themes", '"legal-migration"'),
    ],
)
def test_gateway_routes_each_prefix_to_its_service(
    stack: Stack, prefix: str, path: str, expect: str
) -> None:
    status, headers, body = get(stack.gateway_url + prefix + path)
    assert status == 200, body[:300]
    assert expect in body.decode().replace(" : ", ":").replace('": "', '":"')
    assert headers.get("X-Request-ID") or headers.get("x-request-id")


def test_request_id_is_passed_through(stack: Stack) -> None:
    status, headers, _ = get(stack.api_url("profiles") + "/healthz", {"X-Request-ID": "abc-123"})
    assert status == 200
    assert {k.lower(): v for k, v in headers.items()}["x-request-id"] == "abc-123"


def test_gateway_serves_the_client_and_the_docs(stack: Stack) -> None:
    status, _headers, body = get(stack.gateway_url + "/")
    assert status == 200 and b'id="map"' in body
    status, _, body = get(stack.gateway_url + "/api/docs")
    assert status == 200 and b"openapi.json" in body
    for key in ("profiles", "map", "toolbox"):
        status, _, body = get(stack.api_url(key) + "/docs")
        assert status == 200, key
        assert f"/api/{key}/openapi.json".encode() in body
        status, _, _ = get(stack.api_url(key) + "/_static/docs/swagger-ui-bundle.js")
        assert status == 200, key
        status, _, body = get(stack.api_url(key) + "/openapi.json")
        assert json.loads(body)["servers"] == [{"url": f"/api/{key}"}]


def test_links_point_back_through_the_gateway(stack: Stack) -> None:
    _, _, body = get(stack.api_url("profiles") + "/v1/countries?limit=5")
    nxt = json.loads(body)["links"]["next"]
    assert nxt.startswith(stack.api_url("profiles") + "/v1/countries")
    status, _, body = get(nxt)
    assert status == 200 and json.loads(body)["offset"] == 5


def test_errors_through_the_gateway_are_problem_json(stack: Stack) -> None:
    status, headers, body = get(stack.api_url("profiles") + "/v1/countries/ZZZ")
    assert status == 404
    assert {k.lower(): v for k, v in headers.items()}["content-type"] == "application/problem+json"
    assert json.loads(body)["instance"] == "/api/profiles/v1/countries/ZZZ"


def test_readiness_of_every_service(stack: Stack) -> None:
    for key in ("profiles", "map", "toolbox"):
        status, _, body = get(stack.api_url(key) + "/readyz")
        assert status == 200 and json.loads(body)["migration"], key

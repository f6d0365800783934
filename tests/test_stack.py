"""The whole platform as a user runs it: four services behind the real nginx gateway.

One stack per test session, on a throwaway database, started with the same launcher code and nginx
template as `./imap run`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from imapctl.stack import SERVICES, Stack

from .conftest import get

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("prefix", "path", "expect"),
    [
        ("/api/profiles", "/v1/countries/ARM", '"name_en":"Armenia"'),
        ("/api/map", "/v1/countries/ARM", '"type":"Feature"'),
        ("/api/toolbox", "/v1/themes", '"legal-migration"'),
        ("/api/identity", "/.well-known/jwks.json", '"crv":"Ed25519"'),
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
    for key in ("profiles", "map", "toolbox", "identity"):
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
    for key in ("profiles", "map", "toolbox", "identity"):
        status, _, body = get(stack.api_url(key) + "/readyz")
        assert status == 200 and json.loads(body)["migration"], key


def test_identity_api_is_wired_in_first_with_a_key_of_this_stack(stack: Stack) -> None:
    assert list(stack.children) == ["identity", "profiles", "map", "toolbox", "nginx"]
    for key in ("profiles", "map", "toolbox", "identity"):
        env = stack.service_env(SERVICES[key])
        assert env["IMAP_IDENTITY_URL"] == stack.service_url("identity"), key
    # Its development key lives in this stack's state folder, not in the repository's .imap.
    key_dir = stack.service_env(SERVICES["identity"])["IDENTITY_KEY_DIR"]
    assert key_dir == str(stack.state_dir / "identity")
    assert (stack.state_dir / "identity" / "signing-key.pem").is_file()
    _, _, body = get(stack.api_url("identity") + "/.well-known/openid-configuration")
    config = json.loads(body)
    assert config["token_endpoint"] == stack.api_url("identity") + "/v1/token"
    assert config["jwks_uri"] == stack.api_url("identity") + "/.well-known/jwks.json"


def test_stack_starts_identity_first_and_points_services_at_it(tmp_path: Path) -> None:
    # Built, not started: the order and environment a stack would use.
    url = "postgresql://postgres@127.0.0.1:1/unused"
    partial = Stack(url, services=["toolbox", "identity"], state_dir=tmp_path)
    assert [s.key for s in partial.services] == ["identity", "toolbox"]
    env = partial.service_env(SERVICES["toolbox"])
    assert env["IMAP_IDENTITY_URL"] == f"http://127.0.0.1:{partial.ports['identity']}"
    assert partial.service_env(SERVICES["identity"])["IDENTITY_KEY_DIR"] == str(
        tmp_path / "identity"
    )
    # Without identity-api in the stack, a given IMAP_IDENTITY_URL (another identity) is kept.
    elsewhere = {"IMAP_IDENTITY_URL": "http://identity.example:8000"}
    alone = Stack(url, services=["map"], state_dir=tmp_path, env=elsewhere)
    assert alone.service_env(SERVICES["map"])["IMAP_IDENTITY_URL"] == elsewhere["IMAP_IDENTITY_URL"]

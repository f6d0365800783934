"""Signing in and writing through the real gateway: identity-api issues, toolbox-api verifies.

A person signs in exactly as Swagger UI's Authorize button does (the password grant posted to the
`tokenUrl` a service's OpenAPI document names) and edits an initiative with the bearer token; a
partner system writes with an API key until an admin revokes it. The admin comes from the command
line, as on a fresh install: `identity-api create-admin`, the command `./imap run` prints, and
`./imap admin`.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from imapctl.run import first_admin_hint
from imapctl.stack import Stack

from .conftest import REPO, Answer, call

pytestmark = pytest.mark.stack

PASSWORD = "gateway tests passphrase 2026"
IDENTITY_API = Path(sys.executable).with_name("identity-api")
# Like services/toolbox-api/tests/integration/test_workflow.py's NEW.
INITIATIVE: dict[str, Any] = {
    "slug": "gateway-test-circular-migration",
    "title_en": "Test circular migration scheme",
    "title_ru": "Тестовая схема циркулярной миграции",
    "summary_en": "A test record written through the gateway.",
    "summary_ru": "Тестовая запись.",
    "kind": "bilateral",
    "countries": ["GEO", "DEU"],
    "themes": ["legal-migration"],
    "start_year": 2024,
    "source_url": "https://example.org/source",
    "source_title": "Test source",
    "owner_country": "GEO",
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_url(stack: Stack) -> str:
    """Where Swagger UI's Authorize button posts: toolbox-api's OpenAPI `tokenUrl`, resolved."""
    openapi = stack.api_url("toolbox") + "/openapi.json"
    status, _, spec = call("GET", openapi)
    assert status == 200
    flow = spec["components"]["securitySchemes"]["OAuth2"]["flows"]["password"]
    return urllib.parse.urljoin(openapi, flow["tokenUrl"])


def sign_in(stack: Stack, email: str, password: str) -> Answer:
    form = {"grant_type": "password", "username": email, "password": password}
    return call("POST", token_url(stack), headers={"Accept": "application/json"}, form=form)


def create_admin_cli(stack: Stack, email: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "DATABASE_URL": stack.database_url, **env}
    environ.pop("IDENTITY_DATABASE_URL", None)
    argv = [str(IDENTITY_API), "create-admin", "--email", email, "--name", "Gateway Admin"]
    return subprocess.run(argv, env=environ, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def admin_email(stack: Stack) -> str:
    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    done = create_admin_cli(stack, email, IMAP_ADMIN_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert f"created admin {email}" in done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    return email


@pytest.fixture(scope="module")
def admin_token(stack: Stack, admin_email: str) -> str:
    status, _, body = sign_in(stack, admin_email, PASSWORD)
    assert status == 200, body
    return str(body["access_token"])


def test_swagger_ui_sign_in_gets_a_bearer_token(stack: Stack, admin_email: str) -> None:
    assert token_url(stack) == stack.api_url("identity") + "/v1/token"
    status, headers, body = sign_in(stack, admin_email, PASSWORD)
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    assert body["token_type"].lower() == "bearer" and body["expires_in"] > 0
    me_url = stack.api_url("identity") + "/v1/me"
    status, _, me = call("GET", me_url, headers=bearer(body["access_token"]))
    assert status == 200, me
    assert me["kind"] == "user" and me["roles"] == ["admin"] and me["name"] == "Gateway Admin"


def test_admin_drafts_edits_and_publishes_an_initiative(stack: Stack, admin_token: str) -> None:
    api = stack.api_url("toolbox") + "/v1/initiatives"
    admin = bearer(admin_token)
    status, headers, created = call("POST", api, headers=admin, body=INITIATIVE)
    assert status == 201, created
    assert created["status"] == "draft"
    url = f"{api}/{created['id']}"
    assert call("GET", url)[0] == 404  # drafts are not public

    status, headers, read = call("GET", url, headers=admin)
    assert status == 200 and read["title_en"] == INITIATIVE["title_en"]
    etag = headers["etag"]
    changed = {**INITIATIVE, "title_en": "Circular migration scheme, revised"}
    assert call("PUT", url, headers=admin, body=changed)[0] == 428  # If-Match is required
    status, headers, updated = call("PUT", url, headers={**admin, "If-Match": etag}, body=changed)
    assert status == 200, updated
    assert updated["title_en"] == changed["title_en"] and headers["etag"] != etag
    stale = call("PUT", url, headers={**admin, "If-Match": etag}, body=INITIATIVE)
    assert stale[0] == 412  # someone else's (here: our own earlier) version

    status, headers, published = call(
        "POST",
        url + "/transitions",
        headers={**admin, "If-Match": headers["etag"]},
        body={"action": "publish"},
    )
    assert status == 200, published
    assert published["status"] == "published"

    status, _, public = call("GET", url)
    assert status == 200 and public["title_en"] == changed["title_en"]
    listed = call("GET", api + "?country=GEO&limit=1000")[2]
    assert created["id"] in {item["id"] for item in listed["items"]}


def test_partner_key_writes_until_it_is_revoked(stack: Stack, admin_token: str) -> None:
    keys = stack.api_url("identity") + "/v1/api-keys"
    grant = {
        "name": "Gateway test feed",
        "roles": ["partner"],
        "scopes": ["toolbox:write"],
        "countries": ["GEO"],
    }
    status, _, issued = call("POST", keys, headers=bearer(admin_token), body=grant)
    assert status == 201, issued
    assert issued["key"].startswith("imap_")
    partner = {"X-API-Key": issued["key"]}
    api = stack.api_url("toolbox") + "/v1/initiatives"

    def draft(slug: str) -> Answer:
        body = {**INITIATIVE, "slug": slug, "countries": ["GEO"]}
        return call("POST", api, headers=partner, body=body)

    status, _, created = draft("gateway-test-partner-feed")
    assert status == 201, created
    assert created["status"] == "draft" and created["owner_country"] == "GEO"
    armenian = {**INITIATIVE, "slug": "gateway-test-elsewhere", "owner_country": "ARM"}
    assert call("POST", api, headers=partner, body=armenian)[0] == 403  # outside its countries

    status, _, revoked = call("POST", f"{keys}/{issued['id']}/revoke", headers=bearer(admin_token))
    assert status == 200, revoked
    status, headers, problem = draft("gateway-test-after-revocation")
    assert status == 401, problem
    assert headers["content-type"] == "application/problem+json"
    assert issued["key"] not in json.dumps(problem)


def test_wrong_password_is_a_401_problem(stack: Stack, admin_email: str) -> None:
    status, headers, problem = sign_in(stack, admin_email, "not the passphrase at all")
    assert status == 401
    assert headers["content-type"] == "application/problem+json"
    assert headers["www-authenticate"].lower().startswith("bearer")
    assert problem["status"] == 401 and problem["title"] and "access_token" not in problem
    assert problem["instance"] == "/api/identity/v1/token"


def test_jwks_through_the_gateway_verifies_the_token(stack: Stack, admin_token: str) -> None:
    status, headers, jwks = call("GET", stack.api_url("identity") + "/.well-known/jwks.json")
    assert status == 200 and headers["content-type"].startswith("application/")
    kid = jwt.get_unverified_header(admin_token)["kid"]
    key = next(k for k in jwks["keys"] if k["kid"] == kid)
    assert "d" not in key  # public half only
    claims = jwt.decode(
        admin_token,
        jwt.PyJWK(key).key,
        algorithms=["EdDSA"],
        audience="imap",
        issuer="urn:imap:identity",
    )
    assert "admin" in claims["roles"]


def test_the_first_admin_command_imap_run_prints_works(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # `./imap run` runs from the repository root
    line, alternative = first_admin_hint(stack.database_url, local=True)
    assert line.startswith("first admin: DATABASE_URL=") and "./imap admin" in alternative
    words = shlex.split(line.removeprefix("first admin: "))
    env = {**os.environ}
    env.pop("IDENTITY_DATABASE_URL", None)
    env.pop("IMAP_ADMIN_PASSWORD", None)
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    assert env["DATABASE_URL"] == stack.database_url
    done = subprocess.run(
        words, input=PASSWORD + "\n", env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert sign_in(stack, "you@example.org", PASSWORD)[0] == 200


def test_imap_admin_asks_for_the_password_and_creates_the_admin(
    stack: Stack, tmp_path: Path
) -> None:
    email = f"ops-{uuid.uuid4().hex[:8]}@example.org"
    env = {**os.environ, "DATABASE_URL": stack.database_url, "IMAP_STATE_DIR": str(tmp_path)}
    env.pop("IMAP_ADMIN_PASSWORD", None)

    def imap_admin(password: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "imapctl", "admin", "--email", email, "--name", "Ops"]
        return subprocess.run(
            argv, input=password + "\n", env=env, capture_output=True, text=True, timeout=180
        )

    refused = imap_admin("")  # a new account needs a password
    assert refused.returncode != 0 and "password is needed" in refused.stderr
    done = imap_admin(PASSWORD)
    assert done.returncode == 0, done.stderr
    assert f"created admin {email}" in done.stderr
    status, _, body = sign_in(stack, email, PASSWORD)
    assert status == 200, body
    again = imap_admin("")  # idempotent: an existing account keeps its password
    assert again.returncode == 0 and f"admin role ensured for {email}" in again.stderr

"""Cross-service test setup: the four services' chains, apps and seeds in one place, and the
session's running platform (`stack`)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import identity_api.main
import identity_api.seed
import map_api.main
import map_api.seed
import profiles_api.main
import profiles_api.seed
import pytest
import toolbox_api.main
import toolbox_api.seed
from identity_api.settings import IdentitySettings
from imap_kit.testing import create_database, drop_database
from imapctl.stack import Stack
from map_api.settings import MapSettings
from playwright.sync_api import Browser, Page
from profiles_api.settings import ProfilesSettings
from toolbox_api.settings import ToolboxSettings

from .browser_support import guarded_page, launch_browser

REPO = Path(__file__).resolve().parents[1]
BOOTSTRAP_SQL = REPO / "deploy/sql/bootstrap.sql"


@dataclass(frozen=True)
class Service:
    """What the cross-service tests need to know about one service."""

    name: str
    schema: str
    migrations: Path
    create_app: Any
    settings: Any
    seed: Any


# In the order imapctl migrates them: identity-api first.
SERVICES = [
    Service(
        "identity-api",
        "identity",
        identity_api.main.MIGRATIONS,
        identity_api.main.create_app,
        IdentitySettings,
        identity_api.seed.seed,
    ),
    Service(
        "profiles-api",
        "profiles",
        profiles_api.main.MIGRATIONS,
        profiles_api.main.create_app,
        ProfilesSettings,
        profiles_api.seed.seed,
    ),
    Service(
        "map-api",
        "geo",
        map_api.main.MIGRATIONS,
        map_api.main.create_app,
        MapSettings,
        map_api.seed.seed,
    ),
    Service(
        "toolbox-api",
        "toolbox",
        toolbox_api.main.MIGRATIONS,
        toolbox_api.main.create_app,
        ToolboxSettings,
        toolbox_api.seed.seed,
    ),
]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    dist = REPO / "frontend/dist/index.html"
    assert dist.exists(), "build the client first: (cd frontend && npm ci && npm run build)"
    url = create_database("imap_stack")
    # Services check every API key with identity-api instead of trusting an answer cached for 30 s,
    # so a revoked key fails on the very next call.
    env = {"IMAP_API_KEY_CACHE_SECONDS": "0"}
    state = tmp_path_factory.mktemp("stack")
    try:
        with Stack(url, state_dir=state, log_json=False, env=env) as running:
            yield running
    finally:
        drop_database(url)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET without raising on 4xx/5xx."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, dict(res.headers), res.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


Answer = tuple[int, dict[str, str], Any]


def call(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    token: str | None = None,
    if_match: str | None = None,
    body: Any = None,
    form: dict[str, str] | None = None,
) -> Answer:
    """One HTTP request (JSON `body` or urlencoded `form`; a bearer `token`, `If-Match`):
    (status, lower-cased headers, parsed JSON body or None), without raising on 4xx/5xx."""
    sent = {"Accept": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if if_match:
        sent["If-Match"] = if_match
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as res:
            status, got, raw = res.status, res.headers, res.read()
    except urllib.error.HTTPError as err:
        status, got, raw = err.code, err.headers, err.read()
    return status, {k.lower(): v for k, v in got.items()}, json.loads(raw) if raw else None


def api_json(stack: Stack, service: str, path: str) -> Any:
    """GET a service's path (`/v1/...`) directly, asserting 200: the values a test checks the
    client against."""
    status, _, body = get(f"{stack.api_url(service)}{path}")
    assert status == 200, (path, status, body[:300])
    return json.loads(body)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium (see browser_support), one per test module."""
    with launch_browser() as b:
        yield b


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A 1280x800 page that fails the test on a console error or a request off the gateway."""
    with guarded_page(browser, stack) as pg:
        yield pg


def artifacts() -> Path:
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    return out

"""The authorization matrix: every write route of every service, with every kind of caller.

The routes come from the services' OpenAPI documents, so a new write route fails
`test_every_write_route_has_expectations` until someone decides who may call it. Each cell runs
against a fresh record, through the real gateway, with real accounts, tokens and keys from
identity-api (the expired and forged tokens are signed with the stack's own key and a stranger's).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from imap_kit.auth import AuthSettings, Verifier
from imap_kit.errors import Unauthorized
from imapctl.stack import Stack
from profiles_api.imports.registry import IMPORTERS

pytestmark = pytest.mark.stack

SERVICES = ("profiles", "map", "toolbox", "identity")
WRITE = {"post", "put", "patch", "delete"}
PASSWORD = "matrix-tests-Secret-2026"
CALLERS = (
    "anonymous",
    "expired",
    "forged",
    "revoked_key",
    "contributor_other",
    "contributor_own",
    "partner",
    "editor",
    "admin",
)
DENIED = {"anonymous": 401, "expired": 401, "forged": 401, "revoked_key": 401}
# Sign-in and key checks are public by design: they are how callers get and prove credentials.
PUBLIC = {("identity", "POST", "/v1/token"), ("identity", "POST", "/v1/api-keys/introspect")}
INITIATIVE = {
    "slug": "matrix",
    "title_en": "Matrix test initiative",
    "title_ru": "Тестовая инициатива",
    "summary_en": "Written by the authorization matrix test.",
    "summary_ru": "Тест.",
    "kind": "bilateral",
    "countries": ["GEO"],
    "themes": ["legal-migration"],
    "source_url": "https://example.org/matrix",
    "source_title": "Matrix",
    "owner_country": "GEO",
}
# identity-api takes bearer tokens only: any API key, a partner's included, is refused there (401).
IDENTITY = {
    **DENIED,
    "contributor_other": 403,
    "contributor_own": 403,
    "partner": 401,
    "editor": 403,
}
EXPECT: dict[tuple[str, str, str], dict[str, int]] = {
    ("toolbox", "POST", "/v1/initiatives"): {
        **DENIED, "contributor_other": 403, "contributor_own": 201, "partner": 403,
        "editor": 201, "admin": 201,
    },
    ("toolbox", "PUT", "/v1/initiatives/{initiative_id}"): {
        **DENIED, "contributor_other": 404, "contributor_own": 200, "partner": 403,
        "editor": 200, "admin": 200,
    },
    ("toolbox", "POST", "/v1/initiatives/{initiative_id}/transitions"): {
        **DENIED, "contributor_other": 404, "contributor_own": 200, "partner": 403,
        "editor": 200, "admin": 200,
    },
    ("toolbox", "DELETE", "/v1/initiatives/{initiative_id}"): {
        **DENIED, "contributor_other": 404, "contributor_own": 204, "partner": 403,
        "editor": 204, "admin": 204,
    },
    ("profiles", "PATCH", "/v1/countries/{iso3}"): {
        **DENIED, "contributor_other": 403, "contributor_own": 403, "partner": 403,
        "editor": 200, "admin": 200,
    },
    ("profiles", "PUT", "/v1/countries/{iso3}/profile-document"): {
        **DENIED, "contributor_other": 403, "contributor_own": 200, "partner": 403,
        "editor": 200, "admin": 200,
    },
    ("profiles", "PUT", "/v1/countries/{iso3}/profile-document/sections/{part}"): {
        **DENIED, "contributor_other": 403, "contributor_own": 200, "partner": 403,
        "editor": 200, "admin": 200,
    },
    ("profiles", "DELETE", "/v1/countries/{iso3}/profile-document/sections/{part}"): {
        **DENIED, "contributor_other": 403, "contributor_own": 204, "partner": 403,
        "editor": 204, "admin": 204,
    },
    ("profiles", "POST", "/v1/countries/{iso3}/profile-document/transitions"): {
        **DENIED, "contributor_other": 403, "contributor_own": 200, "partner": 403,
        "editor": 200, "admin": 200,
    },
    ("identity", "POST", "/v1/users"): {**IDENTITY, "admin": 201},
    ("identity", "PATCH", "/v1/users/{user_id}"): {**IDENTITY, "admin": 200},
    ("identity", "POST", "/v1/api-keys"): {**IDENTITY, "admin": 201},
    ("identity", "POST", "/v1/api-keys/{key_id}/revoke"): {**IDENTITY, "admin": 200},
}  # fmt: skip
# Every importer's upload route, sent without a file: an authorised caller gets past the guard to
# the 422 naming `file` (real uploads are tested in profiles-api's own tests).
IMPORT_ROUTES = [("profiles", "POST", f"/v1/imports/{i.slug}") for i in IMPORTERS.values()]
EXPECT |= {
    route: {
        **DENIED, "contributor_other": 403, "contributor_own": 403, "partner": 403,
        "editor": 422, "admin": 422,
    }
    for route in IMPORT_ROUTES
}  # fmt: skip


def call(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    body: Any = None,
    form: bool = False,
) -> tuple[int, Any]:
    """One HTTP call; returns (status, parsed JSON or None)."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            raw = res.read()
            return res.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as err:
        raw = err.read()
        return err.code, json.loads(raw) if raw else None


@dataclass
class World:
    """Accounts, credentials and helpers for one stack."""

    stack: Stack
    headers: dict[str, dict[str, str]]

    def url(self, service: str, path: str) -> str:
        return self.stack.api_url(service) + path

    def admin(self) -> dict[str, str]:
        return self.headers["admin"]


def _sign_in(stack: Stack, email: str) -> dict[str, str]:
    status, body = call(
        "POST",
        stack.api_url("identity") + "/v1/token",
        body={"grant_type": "password", "username": email, "password": PASSWORD},
        form=True,
    )
    assert status == 200, body
    return {"Authorization": f"Bearer {body['access_token']}"}


def _minted(stack: Stack, *, expired: bool) -> dict[str, str]:
    """A token signed with the stack's key but expired, or a fresh one signed by a stranger."""
    _, jwks = call("GET", stack.api_url("identity") + "/.well-known/jwks.json")
    kid = jwks["keys"][0]["kid"]
    pem = (Path(stack.state_dir) / "identity" / "signing-key.pem").read_bytes()
    own = serialization.load_pem_private_key(pem, password=None)
    key = own if expired else Ed25519PrivateKey.generate()
    now = int(time.time())
    claims = {
        "iss": os.environ.get("IMAP_AUTH_ISSUER", "urn:imap:identity"),
        "aud": os.environ.get("IMAP_AUTH_AUDIENCE", "imap"),
        "sub": "user:1",
        "iat": now - 7200,
        "exp": now - 3600 if expired else now + 600,
        "roles": ["admin"],
        "countries": [],
    }
    token = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


def create_admin(stack: Stack) -> str:
    """A new admin made with the CLI, as an operator would; returns its email."""
    email = f"admin-{uuid.uuid4().hex[:8]}@matrix.test"
    cli = Path(sys.executable).with_name("identity-api")
    env = {**os.environ, "DATABASE_URL": stack.database_url, "IMAP_ADMIN_PASSWORD": PASSWORD}
    subprocess.run(
        [str(cli), "create-admin", "--email", email, "--name", "Matrix admin"],
        env=env,
        check=True,
        capture_output=True,
    )
    return email


@pytest.fixture(scope="module")
def world(stack: Stack) -> World:
    admin_email = create_admin(stack)
    headers = {"anonymous": {}, "admin": _sign_in(stack, admin_email)}
    for caller, roles, countries in (
        ("editor", ["editor"], []),
        ("contributor_own", ["contributor"], ["GEO"]),
        ("contributor_other", ["contributor"], ["ARM"]),
    ):
        email = f"{caller}-{uuid.uuid4().hex[:8]}@matrix.test"
        user = {
            "email": email,
            "display_name": caller,
            "password": PASSWORD,
            "roles": roles,
            "countries": countries,
        }
        status, body = call(
            "POST", stack.api_url("identity") + "/v1/users", headers=headers["admin"], body=user
        )
        assert status == 201, body
        headers[caller] = _sign_in(stack, email)
    for caller in ("partner", "revoked_key"):
        key = {"name": caller, "roles": ["partner"], "scopes": [], "countries": ["GEO"]}
        status, body = call(
            "POST", stack.api_url("identity") + "/v1/api-keys", headers=headers["admin"], body=key
        )
        assert status == 201, body
        headers[caller] = {"X-API-Key": body["key"]}
        if caller == "revoked_key":
            revoke = stack.api_url("identity") + f"/v1/api-keys/{body['id']}/revoke"
            assert call("POST", revoke, headers=headers["admin"])[0] == 200
    headers["expired"] = _minted(stack, expired=True)
    headers["forged"] = _minted(stack, expired=False)
    return World(stack, headers)


def _new_initiative(world: World) -> str:
    body = {**INITIATIVE, "slug": f"matrix-{uuid.uuid4().hex[:12]}"}
    status, item = call(
        "POST", world.url("toolbox", "/v1/initiatives"), headers=world.admin(), body=body
    )
    assert status == 201, item
    return str(item["id"])


def _new_user(world: World) -> str:
    body = {
        "email": f"target-{uuid.uuid4().hex[:8]}@matrix.test",
        "display_name": "Target",
        "password": PASSWORD,
        "roles": ["editor"],
    }
    status, user = call(
        "POST", world.url("identity", "/v1/users"), headers=world.admin(), body=body
    )
    assert status == 201, user
    return str(user["id"])


def _new_key(world: World) -> str:
    body = {"name": "target", "roles": ["partner"], "scopes": [], "countries": []}
    status, key = call(
        "POST", world.url("identity", "/v1/api-keys"), headers=world.admin(), body=body
    )
    assert status == 201, key
    return str(key["id"])


PROFILE_SECTION = {"body_en": "Written by the matrix.", "body_ru": "Написано тестом."}
PROFILE_DOCUMENT = {
    "sections": [{"part": "A", **PROFILE_SECTION}, {"part": "B3", **PROFILE_SECTION}]
}


def _profile_draft(world: World) -> dict[str, str]:
    """Georgia's profile working copy as a draft with sections A and B3 (an admin's doing)."""
    url = world.url("profiles", "/v1/countries/GEO/profile-document")
    admin = {**world.admin(), "If-Match": "*"}
    status, doc = call("GET", url, headers=world.admin())
    if status == 404:
        status, doc = call("PUT", url, headers=world.admin(), body=PROFILE_DOCUMENT)
        assert status == 201, doc
        return {"iso3": "GEO"}
    back = {"submitted": "return", "published": "reopen", "withdrawn": "reopen"}
    if doc["status"] in back:
        step = {"action": back[doc["status"]], "comment": "matrix"}
        status, moved = call("POST", url + "/transitions", headers=admin, body=step)
        assert status == 200, moved
    status, doc = call("PUT", url, headers=admin, body=PROFILE_DOCUMENT)
    assert status == 200 and doc["status"] == "draft", doc
    return {"iso3": "GEO"}


# For each route: how to fill its path and what to send.
Setup = Callable[[World], tuple[dict[str, str], Any]]
SETUP: dict[tuple[str, str, str], Setup] = {
    ("toolbox", "POST", "/v1/initiatives"): lambda w: (
        {}, {**INITIATIVE, "slug": f"matrix-{uuid.uuid4().hex[:12]}"}
    ),
    ("toolbox", "PUT", "/v1/initiatives/{initiative_id}"): lambda w: (
        {"initiative_id": (i := _new_initiative(w))},
        {**INITIATIVE, "slug": f"matrix-{i}", "title_en": "Edited by the matrix"},
    ),
    ("toolbox", "POST", "/v1/initiatives/{initiative_id}/transitions"): lambda w: (
        {"initiative_id": _new_initiative(w)}, {"action": "submit"}
    ),
    ("toolbox", "DELETE", "/v1/initiatives/{initiative_id}"): lambda w: (
        {"initiative_id": _new_initiative(w)}, None
    ),
    ("profiles", "PATCH", "/v1/countries/{iso3}"): lambda w: (
        {"iso3": "GEO"}, {"comment": "matrix: no change"}
    ),
    ("profiles", "PUT", "/v1/countries/{iso3}/profile-document"): lambda w: (
        _profile_draft(w), PROFILE_DOCUMENT
    ),
    ("profiles", "PUT", "/v1/countries/{iso3}/profile-document/sections/{part}"): lambda w: (
        {**_profile_draft(w), "part": "B3"}, PROFILE_SECTION
    ),
    ("profiles", "DELETE", "/v1/countries/{iso3}/profile-document/sections/{part}"): lambda w: (
        {**_profile_draft(w), "part": "B3"}, None
    ),
    ("profiles", "POST", "/v1/countries/{iso3}/profile-document/transitions"): lambda w: (
        _profile_draft(w), {"action": "submit"}
    ),
    ("identity", "POST", "/v1/users"): lambda w: (
        {},
        {
            "email": f"new-{uuid.uuid4().hex[:8]}@matrix.test",
            "display_name": "New",
            "password": PASSWORD,
            "roles": ["editor"],
        },
    ),
    ("identity", "PATCH", "/v1/users/{user_id}"): lambda w: (
        {"user_id": _new_user(w)}, {"display_name": "Renamed by the matrix"}
    ),
    ("identity", "POST", "/v1/api-keys"): lambda w: (
        {}, {"name": "new", "roles": ["partner"], "scopes": [], "countries": []}
    ),
    ("identity", "POST", "/v1/api-keys/{key_id}/revoke"): lambda w: (
        {"key_id": _new_key(w)}, None
    ),
}  # fmt: skip
SETUP |= {route: lambda w: ({}, None) for route in IMPORT_ROUTES}


# profiles-api statistics: the catalogue and datasets are for editors; values, flows and shortages
# also for contributors of the country (a flow: either end); every cell gets fresh records.
EDITORS_ONLY = {**DENIED, "contributor_other": 403, "contributor_own": 403, "partner": 403}
OWN_COUNTRY = {**DENIED, "contributor_other": 403, "partner": 403}
EXPECT |= {
    ("profiles", "POST", "/v1/indicators"): {**EDITORS_ONLY, "editor": 201, "admin": 201},
    ("profiles", "PUT", "/v1/indicators/{code}"): {**EDITORS_ONLY, "editor": 200, "admin": 200},
    ("profiles", "PATCH", "/v1/indicators/{code}"): {**EDITORS_ONLY, "editor": 200, "admin": 200},
    ("profiles", "DELETE", "/v1/indicators/{code}"): {**EDITORS_ONLY, "editor": 204, "admin": 204},
    ("profiles", "POST", "/v1/datasets"): {**EDITORS_ONLY, "editor": 201, "admin": 201},
    ("profiles", "POST", "/v1/indicators/{code}/observations"): {
        **OWN_COUNTRY, "contributor_own": 201, "editor": 201, "admin": 201,
    },
    ("profiles", "PUT", "/v1/observations/{observation_id}"): {
        **OWN_COUNTRY, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("profiles", "DELETE", "/v1/observations/{observation_id}"): {
        **OWN_COUNTRY, "contributor_own": 204, "editor": 204, "admin": 204,
    },
    ("profiles", "POST", "/v1/flows"): {
        **OWN_COUNTRY, "contributor_own": 201, "editor": 201, "admin": 201,
    },
    ("profiles", "PUT", "/v1/flows/{flow_id}"): {
        **OWN_COUNTRY, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("profiles", "DELETE", "/v1/flows/{flow_id}"): {
        **OWN_COUNTRY, "contributor_own": 204, "editor": 204, "admin": 204,
    },
    ("profiles", "POST", "/v1/shortages"): {
        **OWN_COUNTRY, "contributor_own": 201, "editor": 201, "admin": 201,
    },
    ("profiles", "PUT", "/v1/shortages/{shortage_id}"): {
        **OWN_COUNTRY, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("profiles", "DELETE", "/v1/shortages/{shortage_id}"): {
        **OWN_COUNTRY, "contributor_own": 204, "editor": 204, "admin": 204,
    },
}  # fmt: skip
MATRIX_INDICATOR = {
    "name_en": "Matrix test series",
    "name_ru": "Тестовый ряд",
    "unit": "persons",
    "non_negative": True,
    "definition_en": "Written by the authorization matrix test.",
    "topic": "C",
    "source_organization": "i-Map tests",
    "licence": "CC BY 4.0",
    "source_url": "https://example.org/matrix",
}
SHORTAGE_YEARS = itertools.count(1900)  # a fresh key (GEO, year, 2221) for every record


def _profiles_post(world: World, path: str, body: dict[str, Any]) -> dict[str, Any]:
    status, made = call("POST", world.url("profiles", path), headers=world.admin(), body=body)
    assert status == 201, made
    return dict(made)


def _new_indicator(world: World, kind: str = "country") -> str:
    body = {**MATRIX_INDICATOR, "code": f"MATRIX.{uuid.uuid4().hex[:12]}", "kind": kind}
    return str(_profiles_post(world, "/v1/indicators", body)["code"])


def _observation_body(value: float = 1.0) -> dict[str, Any]:
    return {
        "country_iso3": "GEO", "period": "2020", "value": value, "source_dataset": "wdi_2025-04-15"
    }  # fmt: skip


def _new_observation(world: World) -> str:
    path = f"/v1/indicators/{_new_indicator(world)}/observations"
    return str(_profiles_post(world, path, _observation_body())["id"])


def _flow_body(world: World) -> dict[str, Any]:
    return {
        "indicator_code": _new_indicator(world, "bilateral"),
        "origin_iso3": "GEO", "destination_iso3": "RUS", "period": "2020", "value": 1.0,
        "source_dataset": "wdi_2025-04-15",
    }  # fmt: skip


def _shortage_body() -> dict[str, Any]:
    return {
        "country_iso3": "GEO", "year": next(SHORTAGE_YEARS), "severity": "high",
        "isco_code": "2221", "source_dataset": "ela_eures_2023",
    }  # fmt: skip


def _new_flow(world: World) -> tuple[dict[str, str], dict[str, Any]]:
    """A fresh flow's path parameters and the body that rewrites it."""
    body = _flow_body(world)
    made = _profiles_post(world, "/v1/flows", body)
    return {"flow_id": str(made["id"])}, {**body, "value": 2.0}


def _new_shortage(world: World) -> tuple[dict[str, str], dict[str, Any]]:
    """A fresh skill-shortage record's path parameters and the body that rewrites it."""
    body = _shortage_body()
    made = _profiles_post(world, "/v1/shortages", body)
    return {"shortage_id": str(made["id"])}, {**body, "severity": "critical"}


SETUP |= {
    ("profiles", "POST", "/v1/indicators"): lambda w: (
        {}, {**MATRIX_INDICATOR, "code": f"MATRIX.{uuid.uuid4().hex[:12]}"}
    ),
    ("profiles", "PUT", "/v1/indicators/{code}"): lambda w: (
        {"code": _new_indicator(w)}, {**MATRIX_INDICATOR, "unit": "people"}
    ),
    ("profiles", "PATCH", "/v1/indicators/{code}"): lambda w: (
        {"code": _new_indicator(w)}, {"comment": "matrix: no change"}
    ),
    ("profiles", "DELETE", "/v1/indicators/{code}"): lambda w: ({"code": _new_indicator(w)}, None),
    ("profiles", "POST", "/v1/datasets"): lambda w: (
        {},
        {
            "code": f"matrix_{uuid.uuid4().hex[:12]}", "title": "Matrix", "publisher": "Matrix",
            "licence": "CC BY 4.0", "source_url": "https://example.org/matrix",
        },
    ),
    ("profiles", "POST", "/v1/indicators/{code}/observations"): lambda w: (
        {"code": _new_indicator(w)}, _observation_body()
    ),
    ("profiles", "PUT", "/v1/observations/{observation_id}"): lambda w: (
        {"observation_id": _new_observation(w)}, _observation_body(2.0)
    ),
    ("profiles", "DELETE", "/v1/observations/{observation_id}"): lambda w: (
        {"observation_id": _new_observation(w)}, None
    ),
    ("profiles", "POST", "/v1/flows"): lambda w: ({}, _flow_body(w)),
    ("profiles", "PUT", "/v1/flows/{flow_id}"): _new_flow,
    ("profiles", "DELETE", "/v1/flows/{flow_id}"): lambda w: (_new_flow(w)[0], None),
    ("profiles", "POST", "/v1/shortages"): lambda w: ({}, _shortage_body()),
    ("profiles", "PUT", "/v1/shortages/{shortage_id}"): _new_shortage,
    ("profiles", "DELETE", "/v1/shortages/{shortage_id}"): lambda w: (_new_shortage(w)[0], None),
}  # fmt: skip


# map-api editors' API: routes and crossing points of Georgia and Turkey (Armenia's contributor is
# the other country), drafts made by the admin; a draft of another country is not even visible.
MAP_ROUTE = {
    "type": "Feature",
    "geometry": {"type": "LineString", "coordinates": [[41.64, 41.65], [41.55, 41.52]]},
    "properties": {
        "name_en": "Matrix route", "name_ru": "Тестовый маршрут", "kind": "land",
        "valid_from": "2020-01-01", "description_en": "Written by the matrix.",
        "description_ru": "Тест.", "countries": ["GEO", "TUR"],
    },
}  # fmt: skip
MAP_POINT = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [41.5486, 41.5217]},
    "properties": {
        "name_en": "Matrix crossing", "name_ru": "Тестовый переход", "type": "road",
        "country_a": "GEO", "country_b": "TUR",
    },
}  # fmt: skip
MAP_EDITED = {**OWN_COUNTRY, "contributor_other": 404}  # drafts of GEO: hidden from ARM


def _map_body(kind: dict[str, Any]) -> dict[str, Any]:
    props = {**kind["properties"], "slug": f"matrix-{uuid.uuid4().hex[:12]}"}
    return {**kind, "properties": props}


def _new_map_record(world: World, path: str, kind: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    body = _map_body(kind)
    status, made = call("POST", world.url("map", path), headers=world.admin(), body=body)
    assert status == 201, made
    return str(made["id"]), body


for _path, _kind in (("/v1/routes", MAP_ROUTE), ("/v1/crossing-points", MAP_POINT)):
    EXPECT |= {
        ("map", "POST", _path): {
            **OWN_COUNTRY, "contributor_own": 201, "editor": 201, "admin": 201,
        },
        ("map", "PUT", _path + "/{record_id}"): {
            **MAP_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
        },
        ("map", "PATCH", _path + "/{record_id}"): {
            **MAP_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
        },
        ("map", "POST", _path + "/{record_id}/transitions"): {
            **MAP_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
        },
        ("map", "DELETE", _path + "/{record_id}"): {
            **MAP_EDITED, "contributor_own": 204, "editor": 204, "admin": 204,
        },
    }  # fmt: skip
    SETUP |= {
        ("map", "POST", _path): lambda w, k=_kind: ({}, _map_body(k)),
        ("map", "PUT", _path + "/{record_id}"): lambda w, p=_path, k=_kind: (
            lambda made: ({"record_id": made[0]}, made[1])
        )(_new_map_record(w, p, k)),
        ("map", "PATCH", _path + "/{record_id}"): lambda w, p=_path, k=_kind: (
            {"record_id": _new_map_record(w, p, k)[0]},
            {"type": "Feature", "properties": {"name_en": "Edited by the matrix"}},
        ),
        ("map", "POST", _path + "/{record_id}/transitions"): lambda w, p=_path, k=_kind: (
            {"record_id": _new_map_record(w, p, k)[0]}, {"action": "submit"}
        ),
        ("map", "DELETE", _path + "/{record_id}"): lambda w, p=_path, k=_kind: (
            {"record_id": _new_map_record(w, p, k)[0]}, None
        ),
    }  # fmt: skip


# toolbox-api practices and strategies (Georgia's, drafts made by the admin: hidden from Armenia's
# contributor), and the initiatives import (sent without a file: authorised callers reach the 422
# naming `file`; real uploads are tested in toolbox-api's own tests).
TOOLBOX_EDITED = {**DENIED, "contributor_other": 404, "partner": 403}
MATRIX_STRATEGY = {
    "country": "GEO", "title_en": "Matrix strategy", "title_ru": "Тестовая стратегия",
    "summary_en": "Written by the authorization matrix test.", "summary_ru": "Тест.",
    "objectives": [{"code": "GEO-M1", "theme": "legal-migration", "text_en": "Matrix",
                    "text_ru": "Тест"}],
}  # fmt: skip


def _matrix_practice(world: World) -> dict[str, Any]:
    """A practice body linked to a fresh draft initiative of Georgia."""
    initiative = _new_initiative(world)
    _, item = call("GET", world.url("toolbox", f"/v1/initiatives/{initiative}"),
                   headers=world.admin())  # fmt: skip
    return {
        "slug": f"matrix-{uuid.uuid4().hex[:12]}", "title_en": "Matrix practice",
        "title_ru": "Тестовая практика", "what_en": "Matrix.", "what_ru": "Тест.",
        "conditions_en": "Matrix.", "conditions_ru": "Тест.", "evidence": "described",
        "evidence_note_en": "None.", "evidence_note_ru": "Нет.", "initiatives": [item["slug"]],
        "countries": ["GEO"], "themes": ["legal-migration"],
        "sources": [{"title": "Matrix", "url": "https://example.org/matrix"}],
    }  # fmt: skip


def _new_practice(world: World) -> tuple[dict[str, str], dict[str, Any]]:
    body = _matrix_practice(world)
    status, made = call("POST", world.url("toolbox", "/v1/practices"), headers=world.admin(),
                        body=body)  # fmt: skip
    assert status == 201, made
    return {"practice_id": str(made["id"])}, body


def _no_georgian_strategy(world: World) -> None:
    url = world.url("toolbox", "/v1/strategies/GEO")
    if call("GET", url, headers=world.admin())[0] == 200:
        status, gone = call("DELETE", url, headers={**world.admin(), "If-Match": "*"})
        assert status == 204, gone


def _georgian_strategy_draft(world: World) -> dict[str, str]:
    _no_georgian_strategy(world)
    status, made = call("POST", world.url("toolbox", "/v1/strategies"), headers=world.admin(),
                        body=MATRIX_STRATEGY)  # fmt: skip
    assert status == 201, made
    return {"iso3": "GEO"}


EXPECT |= {
    ("toolbox", "POST", "/v1/practices"): {
        **OWN_COUNTRY, "contributor_own": 201, "editor": 201, "admin": 201,
    },
    ("toolbox", "PUT", "/v1/practices/{practice_id}"): {
        **TOOLBOX_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("toolbox", "POST", "/v1/practices/{practice_id}/transitions"): {
        **TOOLBOX_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("toolbox", "DELETE", "/v1/practices/{practice_id}"): {
        **TOOLBOX_EDITED, "contributor_own": 204, "editor": 204, "admin": 204,
    },
    ("toolbox", "POST", "/v1/strategies"): {
        **OWN_COUNTRY, "contributor_own": 201, "editor": 201, "admin": 201,
    },
    ("toolbox", "PUT", "/v1/strategies/{iso3}"): {
        **TOOLBOX_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("toolbox", "POST", "/v1/strategies/{iso3}/transitions"): {
        **TOOLBOX_EDITED, "contributor_own": 200, "editor": 200, "admin": 200,
    },
    ("toolbox", "DELETE", "/v1/strategies/{iso3}"): {
        **TOOLBOX_EDITED, "contributor_own": 204, "editor": 204, "admin": 204,
    },
    ("toolbox", "POST", "/v1/imports/initiatives"): {
        **DENIED, "contributor_other": 422, "contributor_own": 422, "partner": 403,
        "editor": 422, "admin": 422,
    },
}  # fmt: skip
SETUP |= {
    ("toolbox", "POST", "/v1/practices"): lambda w: ({}, _matrix_practice(w)),
    ("toolbox", "PUT", "/v1/practices/{practice_id}"): lambda w: (
        lambda made: (made[0], {**made[1], "title_en": "Edited by the matrix"})
    )(_new_practice(w)),
    ("toolbox", "POST", "/v1/practices/{practice_id}/transitions"): lambda w: (
        _new_practice(w)[0], {"action": "submit"}
    ),
    ("toolbox", "DELETE", "/v1/practices/{practice_id}"): lambda w: (_new_practice(w)[0], None),
    ("toolbox", "POST", "/v1/strategies"): lambda w: (
        _no_georgian_strategy(w), ({}, MATRIX_STRATEGY)
    )[1],
    ("toolbox", "PUT", "/v1/strategies/{iso3}"): lambda w: (
        _georgian_strategy_draft(w), {**MATRIX_STRATEGY, "title_en": "Edited by the matrix"}
    ),
    ("toolbox", "POST", "/v1/strategies/{iso3}/transitions"): lambda w: (
        _georgian_strategy_draft(w), {"action": "submit"}
    ),
    ("toolbox", "DELETE", "/v1/strategies/{iso3}"): lambda w: (
        _georgian_strategy_draft(w), None
    ),
    ("toolbox", "POST", "/v1/imports/initiatives"): lambda w: ({}, None),
}  # fmt: skip


def test_every_write_route_has_expectations(stack: Stack) -> None:
    found = set()
    for service in SERVICES:
        _, spec = call("GET", stack.api_url(service) + "/openapi.json")
        for path, operations in spec["paths"].items():
            found |= {(service, m.upper(), path) for m in operations if m in WRITE}
    assert found == set(EXPECT) | PUBLIC
    assert set(SETUP) == set(EXPECT)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("route", sorted(EXPECT), ids=lambda r: f"{r[0]} {r[1]} {r[2]}")
def test_write_route_answers_each_caller(
    world: World, route: tuple[str, str, str], caller: str
) -> None:
    service, method, template = route
    params, body = SETUP[route](world)
    url = world.url(service, template.format(**params))
    headers = {**world.headers[caller], "If-Match": "*"}
    status, answer = call(method, url, headers=headers, body=body)
    assert status == EXPECT[route][caller], answer
    if status >= 400:
        assert answer["status"] == status and answer["type"].startswith("https://")


async def test_a_service_can_trust_an_openid_connect_issuer_instead(world: World) -> None:
    """`IMAP_OIDC_ISSUER`: keys found through the issuer's discovery document, not configured."""
    settings = AuthSettings(oidc_issuer=world.url("identity", ""))
    verifier = Verifier(settings)
    try:
        token = world.headers["editor"]["Authorization"].removeprefix("Bearer ")
        principal = await verifier.verify_token(token)
        assert principal.roles == {"editor"} and principal.kind == "user"
        forged = world.headers["forged"]["Authorization"].removeprefix("Bearer ")
        with pytest.raises(Unauthorized):
            await verifier.verify_token(forged)
    finally:
        await verifier.aclose()

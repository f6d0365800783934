"""API keys: shown once, hashed at rest, introspected by the other services, revoked, expired."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from identity_api.api_keys.models import ApiKey
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

pytestmark = pytest.mark.integration

KEY = re.compile(r"^imap_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$")
NEW = {"name": "Ministry of Labour feed", "scopes": ["toolbox:write"], "countries": ["geo"]}


async def _introspect(client: AsyncClient, key: str) -> dict:
    res = await client.post("/v1/api-keys/introspect", json={"key": key})
    assert res.status_code == 200
    return res.json()


async def test_issue_then_introspect(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    expires = (datetime.now(UTC) + timedelta(days=90)).replace(microsecond=0)
    res = await client.post(
        "/v1/api-keys", json={**NEW, "expires_at": expires.isoformat()}, headers=admin
    )
    assert res.status_code == 201, res.text
    created = res.json()
    assert KEY.match(created["key"]) and created["key"].startswith(f"imap_{created['prefix']}_")
    assert created["roles"] == ["partner"] and created["active"] is True
    assert created["created_by"] is not None
    answer = await _introspect(client, created["key"])
    assert answer == {
        "active": True,
        "sub": f"key:{created['prefix']}",
        "name": "Ministry of Labour feed",
        "roles": ["partner"],
        "scopes": ["toolbox:write"],
        "countries": ["GEO"],
        "exp": int(expires.timestamp()),
    }


async def test_the_secret_is_never_shown_again(
    client: AsyncClient, headers_for, db_session: AsyncSession
) -> None:
    admin = await headers_for("admin")
    created = (await client.post("/v1/api-keys", json=NEW, headers=admin)).json()
    secret = created["key"].split("_", 2)[2]
    listed = await client.get("/v1/api-keys", headers=admin)
    assert listed.status_code == 200
    assert secret not in listed.text and created["key"] not in listed.text
    item = next(i for i in listed.json()["items"] if i["id"] == created["id"])
    assert "key" not in item and "key_hash" not in item
    row = await db_session.get(ApiKey, created["id"])
    assert row is not None and secret not in row.key_hash and len(row.key_hash) == 64


async def test_unknown_tampered_and_malformed_keys_are_inactive(
    client: AsyncClient, headers_for
) -> None:
    created = (
        await client.post("/v1/api-keys", json=NEW, headers=await headers_for("admin"))
    ).json()
    key = created["key"]
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    unknown = f"imap_00000000_{key.split('_', 2)[2]}"
    for bad in (tampered, unknown, "imap_short", "", "Bearer nonsense", key + "x"):
        assert await _introspect(client, bad) == {"active": False}, bad


async def test_revoked_keys_stop_working(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    created = (await client.post("/v1/api-keys", json=NEW, headers=admin)).json()
    res = await client.post(f"/v1/api-keys/{created['id']}/revoke", headers=admin)
    assert res.status_code == 200
    assert res.json()["active"] is False and res.json()["revoked_at"] is not None
    assert await _introspect(client, created["key"]) == {"active": False}
    again = await client.post(f"/v1/api-keys/{created['id']}/revoke", headers=admin)
    assert again.json()["revoked_at"] == res.json()["revoked_at"]
    missing = await client.post("/v1/api-keys/999999/revoke", headers=admin)
    assert missing.status_code == 404


async def test_expired_keys_stop_working(
    client: AsyncClient, headers_for, db_session: AsyncSession
) -> None:
    created = (
        await client.post("/v1/api-keys", json=NEW, headers=await headers_for("admin"))
    ).json()
    assert (await _introspect(client, created["key"]))["active"] is True
    past = datetime.now(UTC) - timedelta(seconds=1)
    await db_session.execute(
        update(ApiKey).where(ApiKey.id == created["id"]).values(expires_at=past)
    )
    assert await _introspect(client, created["key"]) == {"active": False}


async def test_introspection_records_last_use(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    created = (await client.post("/v1/api-keys", json=NEW, headers=admin)).json()
    assert created["last_used_at"] is None
    await _introspect(client, created["key"])
    listed = (await client.get("/v1/api-keys", headers=admin)).json()["items"]
    item = next(i for i in listed if i["id"] == created["id"])
    assert item["last_used_at"] is not None


async def test_key_values_are_validated(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    cases = {
        "body.expires_at": {**NEW, "expires_at": past},
        "body.scopes.0": {**NEW, "scopes": ["write everything"]},
        "body.roles.0": {**NEW, "roles": ["root"]},
        "body.countries": {**NEW, "roles": ["contributor"], "countries": []},
    }
    for field, body in cases.items():
        res = await client.post("/v1/api-keys", json=body, headers=admin)
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == field, res.text


async def test_identity_api_takes_no_api_keys_for_its_admin_api(
    client: AsyncClient, headers_for
) -> None:
    body = {**NEW, "roles": ["admin"]}
    created = (
        await client.post("/v1/api-keys", json=body, headers=await headers_for("admin"))
    ).json()
    res = await client.get("/v1/users", headers={"X-API-Key": created["key"]})
    assert res.status_code == 401 and "bearer tokens only" in res.json()["detail"]

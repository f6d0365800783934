"""The admin API for accounts: who may use it, creation rules, ETag/If-Match on changes."""

import pytest
from httpx import AsyncClient

pytestmark = pytest.mark.integration

NEW = {
    "email": "Focal.Point@Example.org",
    "display_name": "Nino Beridze",
    "password": "Tbilisi-Yerevan talks 2026",
    "roles": ["contributor"],
    "countries": ["geo", "XKX"],
}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/users"),
        ("POST", "/v1/users"),
        ("GET", "/v1/users/1"),
        ("PATCH", "/v1/users/1"),
        ("GET", "/v1/api-keys"),
        ("POST", "/v1/api-keys"),
        ("POST", "/v1/api-keys/1/revoke"),
    ],
)
async def test_admin_endpoints_refuse_anonymous_and_editors(
    client: AsyncClient, headers_for, method: str, path: str
) -> None:
    body = {} if method in ("POST", "PATCH") else None
    anonymous = await client.request(method, path, json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    editor = await client.request(method, path, json=body, headers=await headers_for("editor"))
    assert editor.status_code == 403 and editor.json()["detail"] == "This needs one of: admin."


async def test_admin_creates_reads_and_lists_an_account(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    res = await client.post("/v1/users", json=NEW, headers=admin)
    assert res.status_code == 201, res.text
    created = res.json()
    assert created["email"] == "focal.point@example.org"
    assert created["countries"] == ["GEO", "XKX"] and created["is_active"] is True
    assert res.headers["etag"] == 'W/"1"'
    assert res.headers["location"] == f"/api/identity/v1/users/{created['id']}"
    assert "password" not in res.text and "argon2" not in res.text
    one = await client.get(res.headers["location"].removeprefix("/api/identity"), headers=admin)
    assert one.json() == created and one.headers["etag"] == 'W/"1"'
    listed = (await client.get("/v1/users", params={"limit": 1000}, headers=admin)).json()
    assert created in listed["items"] and listed["total"] == len(listed["items"]) >= 2
    missing = await client.get("/v1/users/999999", headers=admin)
    assert missing.status_code == 404 and missing.json()["detail"] == "No user with id 999999."


async def test_new_account_can_sign_in(client: AsyncClient, headers_for, sign_in) -> None:
    await client.post("/v1/users", json=NEW, headers=await headers_for("admin"))
    res = await sign_in("focal.point@example.org", NEW["password"])
    assert res.status_code == 200


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pass", "must be at least 12 characters long"),
        ("focal.point@example.org", "must not be the email address"),
        ("password123456", "is a well-known common password"),
    ],
)
async def test_weak_passwords_are_422_naming_the_field(
    client: AsyncClient, headers_for, password: str, reason: str
) -> None:
    res = await client.post(
        "/v1/users", json={**NEW, "password": password}, headers=await headers_for("admin")
    )
    assert res.status_code == 422
    assert res.json()["errors"] == [{"field": "body.password", "reason": reason}]
    assert password not in res.text  # never echoed


async def test_roles_and_countries_are_validated(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    bad_role = await client.post("/v1/users", json={**NEW, "roles": ["superuser"]}, headers=admin)
    assert bad_role.status_code == 422
    assert bad_role.json()["errors"][0]["field"] == "body.roles.0"
    bad_code = await client.post("/v1/users", json={**NEW, "countries": ["GE"]}, headers=admin)
    assert bad_code.json()["errors"][0]["field"] == "body.countries.0"
    unknown = await client.post("/v1/users", json={**NEW, "countries": ["ZZZ"]}, headers=admin)
    assert unknown.status_code == 422 and "ZZZ" in unknown.json()["detail"]
    nowhere = await client.post("/v1/users", json={**NEW, "countries": []}, headers=admin)
    assert nowhere.status_code == 422
    assert nowhere.json()["errors"][0]["field"] == "body.countries"


async def test_emails_are_unique_whatever_their_case(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    assert (await client.post("/v1/users", json=NEW, headers=admin)).status_code == 201
    again = {**NEW, "email": "FOCAL.POINT@example.org"}
    res = await client.post("/v1/users", json=again, headers=admin)
    assert res.status_code == 409 and "already exists" in res.json()["detail"]


async def test_patch_needs_the_current_etag(client: AsyncClient, headers_for, sign_in) -> None:
    admin = await headers_for("admin")
    user = (await client.post("/v1/users", json=NEW, headers=admin)).json()
    path = f"/v1/users/{user['id']}"
    change = {"roles": ["contributor", "editor"], "password": "a brand new passphrase"}
    missing = await client.patch(path, json=change, headers=admin)
    assert missing.status_code == 428
    ok = await client.patch(path, json=change, headers={**admin, "If-Match": 'W/"1"'})
    assert ok.status_code == 200 and ok.headers["etag"] == 'W/"2"'
    assert ok.json()["roles"] == ["contributor", "editor"] and ok.json()["row_version"] == 2
    stale = await client.patch(
        path, json={"is_active": False}, headers={**admin, "If-Match": 'W/"1"'}
    )
    assert stale.status_code == 412 and 'W/"2"' in stale.json()["detail"]
    assert (await client.get(path, headers=admin)).json()["is_active"] is True
    assert (await sign_in(user["email"], "a brand new passphrase")).status_code == 200
    assert (await sign_in(user["email"], NEW["password"])).status_code == 401


async def test_disabled_account_cannot_sign_in(client: AsyncClient, headers_for, sign_in) -> None:
    admin = await headers_for("admin")
    user = (await client.post("/v1/users", json=NEW, headers=admin)).json()
    res = await client.patch(
        f"/v1/users/{user['id']}", json={"is_active": False}, headers={**admin, "If-Match": 'W/"1"'}
    )
    assert res.status_code == 200
    assert (await sign_in(user["email"], NEW["password"])).status_code == 401


async def test_an_admin_cannot_lock_themselves_out(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    me = (await client.get("/v1/me", headers=admin)).json()
    user_id = me["subject"].removeprefix("user:")
    res = await client.patch(
        f"/v1/users/{user_id}", json={"roles": ["editor"]}, headers={**admin, "If-Match": "*"}
    )
    assert res.status_code == 409 and "your own admin role" in res.json()["detail"]


async def test_patch_keeps_the_contributor_rule(client: AsyncClient, headers_for) -> None:
    admin = await headers_for("admin")
    user = (await client.post("/v1/users", json=NEW, headers=admin)).json()
    res = await client.patch(
        f"/v1/users/{user['id']}", json={"countries": []}, headers={**admin, "If-Match": 'W/"1"'}
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "body.countries"

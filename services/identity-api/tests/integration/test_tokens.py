"""Signing in, and verifying the tokens with nothing but the published JWKS."""

import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from httpx import AsyncClient
from identity_api.keys import KeyRing
from identity_api.tokens.service import Issuer, issue_token

pytestmark = pytest.mark.integration


async def _jwks_client_keys(client: AsyncClient) -> dict[str, jwt.PyJWK]:
    jwks = (await client.get("/.well-known/jwks.json")).json()
    return {k.key_id: k for k in jwt.PyJWKSet.from_dict(jwks).keys}


async def test_token_verifies_with_the_published_jwks(
    client: AsyncClient, make_user, sign_in
) -> None:
    user = await make_user("contributor", countries=("GEO", "arm"))
    res = await sign_in(user.email.upper())  # emails are case-insensitive
    assert res.status_code == 200 and res.headers["cache-control"] == "no-store"
    body = res.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    token = body["access_token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    key = (await _jwks_client_keys(client))[header["kid"]]
    claims = jwt.decode(
        token, key.key, algorithms=["EdDSA"], audience="imap", issuer="urn:imap:identity"
    )
    assert claims["sub"] == f"user:{user.id}"
    assert claims["roles"] == ["contributor"] and claims["countries"] == ["ARM", "GEO"]
    assert claims["email"] == user.email and claims["name"] == user.display_name
    assert claims["exp"] - claims["iat"] == 900 and len(claims["jti"]) == 32


async def test_me_shows_the_principal_other_services_see(
    client: AsyncClient, make_user, sign_in
) -> None:
    user = await make_user("editor")
    token = (await sign_in(user.email)).json()["access_token"]
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json() == {
        "kind": "user",
        "subject": f"user:{user.id}",
        "name": user.display_name,
        "roles": ["editor"],
        "scopes": [],
        "countries": [],
    }
    anonymous = await client.get("/v1/me")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"


async def test_expired_token_is_rejected(client: AsyncClient, app: FastAPI, make_user) -> None:
    user = await make_user("admin")
    issuer = Issuer(app.state.keyring, "urn:imap:identity", "imap", 900)
    old = issue_token(issuer, user, now=datetime.now(UTC) - timedelta(hours=1)).access_token
    key = (await _jwks_client_keys(client))[jwt.get_unverified_header(old)["kid"]]
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(old, key.key, algorithms=["EdDSA"], audience="imap")
    res = await client.get("/v1/users", headers={"Authorization": f"Bearer {old}"})
    assert res.status_code == 401 and res.json()["detail"] == "The bearer token has expired."


async def test_token_signed_by_another_key_is_rejected(
    client: AsyncClient, app: FastAPI, make_user
) -> None:
    user = await make_user("admin")
    real: KeyRing = app.state.keyring
    # Same kid as the real key, forged signature.
    forged_ring = KeyRing(Ed25519PrivateKey.generate())
    claims = {
        "iss": "urn:imap:identity",
        "aud": "imap",
        "sub": f"user:{user.id}",
        "iat": int(time.time()),
        "exp": int(time.time()) + 900,
        "roles": ["admin"],
    }
    forged = jwt.encode(
        claims, forged_ring.signing_key, algorithm="EdDSA", headers={"kid": real.kid}
    )
    key = (await _jwks_client_keys(client))[real.kid]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, key.key, algorithms=["EdDSA"], audience="imap")
    res = await client.get("/v1/users", headers={"Authorization": f"Bearer {forged}"})
    assert res.status_code == 401


async def test_wrong_credentials_do_not_tell_whether_the_email_exists(
    client: AsyncClient, make_user, sign_in
) -> None:
    user = await make_user("editor")
    disabled = await make_user("editor", active=False)
    answers = [
        await sign_in(user.email, "the wrong passphrase"),
        await sign_in("nobody@example.org"),
        await sign_in(disabled.email),  # right password, disabled account
    ]
    for res in answers:
        assert res.status_code == 401
        assert res.headers["content-type"] == "application/problem+json"
        assert res.headers["www-authenticate"].startswith("Bearer")
    assert len({res.json()["detail"] for res in answers}) == 1


async def test_only_the_password_grant_is_offered(client: AsyncClient) -> None:
    form = {"grant_type": "client_credentials", "username": "a@b.org", "password": "x"}
    res = await client.post("/v1/token", data=form)
    assert res.status_code == 400 and "not supported" in res.json()["detail"]
    missing = await client.post("/v1/token", data={"grant_type": "password"})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"body.username", "body.password"}


async def test_jwks_shape_and_caching(client: AsyncClient, app: FastAPI) -> None:
    res = await client.get("/.well-known/jwks.json")
    assert res.headers["cache-control"] == "public, max-age=300"
    (key,) = res.json()["keys"]
    assert key == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": key["x"],
        "kid": app.state.keyring.kid,
        "alg": "EdDSA",
        "use": "sig",
    }


async def test_openid_configuration_points_at_public_urls(client: AsyncClient) -> None:
    direct = (await client.get("/.well-known/openid-configuration")).json()
    assert direct["jwks_uri"] == "http://testserver/api/identity/.well-known/jwks.json"
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "imap.example.org"}
    res = await client.get("/.well-known/openid-configuration", headers=forwarded)
    assert res.headers["cache-control"] == "public, max-age=300"
    body = res.json()
    assert body["issuer"] == "urn:imap:identity"
    assert body["token_endpoint"] == "https://imap.example.org/api/identity/v1/token"
    assert body["jwks_uri"] == "https://imap.example.org/api/identity/.well-known/jwks.json"
    assert body["grant_types_supported"] == ["password"]
    assert body["id_token_signing_alg_values_supported"] == ["EdDSA"]


async def test_swagger_authorize_uses_the_token_endpoint(client: AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    flow = schema["components"]["securitySchemes"]["OAuth2"]["flows"]["password"]
    assert flow["tokenUrl"] == "/api/identity/v1/token"
    token_op = schema["paths"]["/v1/token"]["post"]
    assert "application/x-www-form-urlencoded" in token_op["requestBody"]["content"]

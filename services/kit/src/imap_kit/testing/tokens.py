"""Signing keys and tokens for tests: what identity-api would issue, minted locally.

`TestIssuer().jwks_json` goes into a service's `AuthSettings(jwks=...)`; `token(...)` mints a JWT
for any role, country scope, expiry or (with `wrong_key=True`) a signature no JWKS will accept.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm


class TestIssuer:
    """An Ed25519 key pair standing in for identity-api."""

    __test__ = False  # not a pytest test class

    def __init__(self, issuer: str = "urn:imap:identity", audience: str = "imap") -> None:
        self.issuer = issuer
        self.audience = audience
        self._key = Ed25519PrivateKey.generate()
        self._other = Ed25519PrivateKey.generate()
        jwk: dict[str, Any] = json.loads(OKPAlgorithm.to_jwk(self._key.public_key()))
        self.kid = "test-key"
        self.jwks = {"keys": [{**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}]}

    @property
    def jwks_json(self) -> str:
        return json.dumps(self.jwks)

    def token(
        self,
        *roles: str,
        countries: tuple[str, ...] = (),
        subject: str = "user:1",
        expires_in: int = 900,
        wrong_key: bool = False,
        **claims: Any,
    ) -> str:
        """A signed access token with these roles and countries."""
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": now,
            "exp": now + expires_in,
            "jti": uuid.uuid4().hex,
            "roles": list(roles),
            "countries": list(countries),
            "name": f"Test {'/'.join(roles) or 'user'}",
            **claims,
        }
        key = self._other if wrong_key else self._key
        return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": self.kid})

    def headers(self, *roles: str, **kw: Any) -> dict[str, str]:
        """`Authorization: Bearer ...` for these roles."""
        return {"Authorization": f"Bearer {self.token(*roles, **kw)}"}

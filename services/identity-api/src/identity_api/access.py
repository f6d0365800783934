"""Who may call identity-api: admins for the admin API, anyone signed in for `/v1/me`.

identity-api verifies its own tokens with its own public keys (no HTTP to itself). It takes bearer
tokens only: API keys are for partner systems calling the other services, and managing accounts or
keys is left to people.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from imap_kit.auth import AuthSettings, Principal, PrincipalDep, Verifier, require
from imap_kit.errors import Forbidden, Unauthorized, responses

from identity_api.keys import KeyRing


class SelfVerifier(Verifier):
    """Verifies tokens against identity-api's own key ring and refuses API keys."""

    @classmethod
    def for_keyring(cls, settings: AuthSettings, keyring: KeyRing, old: Verifier) -> SelfVerifier:
        """A verifier pinned to `keyring`'s public keys, reusing `old`'s HTTP client."""
        return cls(settings, http=old.http, keys=keyring.jwks()["keys"])

    async def verify_api_key(self, key: str) -> Principal:
        """API keys are not accepted here."""
        raise Unauthorized(
            "identity-api takes bearer tokens only; API keys are for the other services.",
            error="invalid_request",
        )


async def _signed_in(principal: PrincipalDep) -> Principal:
    if not principal.authenticated:
        raise Unauthorized("Sign in to do this.", error="invalid_request")
    return principal


# The kit's app factory marks routes whose dependencies carry `required_grants` as sign-in only in
# OpenAPI (others list anonymous access as an option); `/v1/me` needs a sign-in but no grant.
_signed_in.required_grants = ()  # type: ignore[attr-defined]

AdminDep = Annotated[Principal, Depends(require("admin"))]
SignedInDep = Annotated[Principal, Depends(_signed_in)]
ADMIN_ERRORS = responses(Unauthorized, Forbidden)

"""identity-api application factory (`uvicorn identity_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app

from identity_api import __version__
from identity_api.access import SelfVerifier
from identity_api.api_keys.router import router as api_keys_router
from identity_api.db import SCHEMA
from identity_api.keys import load_keyring
from identity_api.settings import IdentitySettings
from identity_api.tokens.router import discovery as discovery_router
from identity_api.tokens.router import router as tokens_router
from identity_api.users.router import router as users_router

MIGRATIONS = Path(__file__).parent / "migrations"

SPEC = ServiceSpec(
    name="identity-api",
    schema=SCHEMA,
    title="i-Map identity API",
    version=__version__,
    description=(
        "Accounts, roles and API keys of i-Map, and the tokens every other i-Map service "
        "verifies on its own with the published keys (`/.well-known/jwks.json`).\n\n"
        "Sign in with the **Authorize** button (email and password) to get a bearer token. "
        "Roles: `admin`, `editor`, `contributor` (for the countries in its scope) and `partner`. "
        "Errors are RFC 9457 `application/problem+json`."
    ),
    migrations=MIGRATIONS,
    routers=[tokens_router, discovery_router, users_router, api_keys_router],
    tags=[
        {"name": "tokens", "description": "Sign in: OAuth2 password grant."},
        {"name": "discovery", "description": "JWKS and OpenID Provider metadata."},
        {"name": "users", "description": "Accounts (admins only), and who you are."},
        {"name": "api-keys", "description": "Keys of partner systems, and their introspection."},
    ],
)


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    """Build the identity-api app (settings from the environment when not given)."""
    settings = settings or IdentitySettings()  # type: ignore[call-arg]
    app = build_app(SPEC, settings)
    keyring = load_keyring(settings)
    app.state.keyring = keyring
    # Verify our own tokens with our own keys: no HTTP round trip to ourselves.
    app.state.verifier = SelfVerifier.for_keyring(settings.auth, keyring, app.state.verifier)
    return app

"""Who is calling: JWT bearer tokens and API keys turned into a `Principal`, and `require(...)`.

Tokens are signed by identity-api (or an external OpenID Connect issuer) with asymmetric keys; each
service verifies them on its own against the issuer's JWKS, fetched once and cached (refetched when
a token names an unknown key). API keys (`X-API-Key`) are checked with identity-api's introspection
endpoint and the answer is cached for a few seconds, so revocation takes effect within that time.

Roles: `admin` (everything), `editor` (reviews and publishes anything), `contributor` (drafts and
submits content of the countries in its scope), `partner` (reads restricted data; writes only where
a scope such as `toolbox:write` grants it). Anonymous callers get `ANONYMOUS`.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import httpx
import jwt
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from imap_kit.errors import Forbidden, ServiceUnavailable, Unauthorized

ROLES = ("admin", "editor", "contributor", "partner")
TOKEN_URL = "/api/identity/v1/token"
API_KEY_HEADER = "X-API-Key"
ALGORITHMS = ["EdDSA", "RS256", "ES256", "PS256"]


class AuthSettings(BaseSettings):
    """Token and key verification, shared by every service (no service prefix)."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    identity_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("IMAP_IDENTITY_URL", "identity_url"),
        description="Internal base URL of identity-api (JWKS and API-key introspection).",
    )
    issuer: str = Field(
        default="urn:imap:identity", validation_alias=AliasChoices("IMAP_AUTH_ISSUER", "issuer")
    )
    audience: str = Field(
        default="imap", validation_alias=AliasChoices("IMAP_AUTH_AUDIENCE", "audience")
    )
    jwks: str | None = Field(
        default=None,
        validation_alias=AliasChoices("IMAP_AUTH_JWKS", "jwks"),
        description="Inline JWKS JSON (pinned keys); overrides fetching.",
    )
    oidc_issuer: str | None = Field(
        default=None,
        validation_alias=AliasChoices("IMAP_OIDC_ISSUER", "oidc_issuer"),
        description="Trust this external OpenID Connect issuer instead of identity-api.",
    )
    roles_claim: str = Field(
        default="roles", validation_alias=AliasChoices("IMAP_OIDC_ROLES_CLAIM", "roles_claim")
    )
    countries_claim: str = Field(
        default="countries",
        validation_alias=AliasChoices("IMAP_OIDC_COUNTRIES_CLAIM", "countries_claim"),
    )
    token_url: str = Field(
        default=TOKEN_URL, validation_alias=AliasChoices("IMAP_TOKEN_URL", "token_url")
    )
    api_key_cache_seconds: float = Field(
        default=30.0,
        validation_alias=AliasChoices("IMAP_API_KEY_CACHE_SECONDS", "api_key_cache_seconds"),
    )
    leeway_seconds: int = 30


@dataclass(frozen=True)
class Principal:
    """The caller, as far as authorization cares."""

    kind: Literal["user", "api_key", "anonymous"]
    subject: str | None = None
    roles: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    name: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_editor(self) -> bool:
        """Editors and admins review, publish and edit anything."""
        return bool(self.roles & {"admin", "editor"})

    def has(self, *grants: str) -> bool:
        """True when the caller holds any of these roles or scopes (admins hold everything)."""
        return "admin" in self.roles or bool((self.roles | self.scopes) & set(grants))

    def covers(self, iso3: str | None) -> bool:
        """True when the caller may act for this country (editors and admins: every country)."""
        return self.is_editor or (iso3 is not None and iso3 in self.countries)


ANONYMOUS = Principal(kind="anonymous")


def _principal_from_claims(claims: dict[str, Any], settings: AuthSettings) -> Principal:
    roles = claims.get(settings.roles_claim) or []
    countries = claims.get(settings.countries_claim) or []
    scopes = str(claims.get("scope") or "").split()
    return Principal(
        kind="user",
        subject=str(claims.get("sub")),
        roles=frozenset(r for r in roles if r in ROLES),
        scopes=frozenset(scopes),
        countries=frozenset(str(c).upper() for c in countries),
        name=claims.get("name") or claims.get("email"),
    )


@dataclass
class _KeySet:
    keys: dict[str, jwt.PyJWK] = field(default_factory=dict)
    fetched_at: float = 0.0


class Verifier:
    """Verifies bearer tokens against a JWKS and API keys against identity-api."""

    MAX_AGE = 600.0  # refetch the JWKS every 10 minutes
    MIN_REFETCH = 30.0  # but not more often than this when an unknown kid shows up

    def __init__(
        self,
        settings: AuthSettings,
        http: httpx.AsyncClient | None = None,
        keys: Iterable[dict[str, Any]] | None = None,
    ) -> None:
        self.settings = settings
        self.http = http or httpx.AsyncClient(timeout=5.0)
        self._keyset = _KeySet()
        self._static = keys is not None or settings.jwks is not None
        if keys is None and settings.jwks is not None:
            keys = json.loads(settings.jwks)["keys"]
        if keys is not None:
            self._load(list(keys))
        self._key_cache: dict[str, tuple[float, Principal | None]] = {}
        self.issuer = settings.issuer

    def _load(self, jwks: list[dict[str, Any]]) -> None:
        loaded = {}
        for jwk in jwks:
            try:
                key = jwt.PyJWK(jwk)
            except jwt.PyJWKError:
                continue  # a key type we cannot use; other keys may still verify
            loaded[jwk.get("kid", key.key_id or "")] = key
        self._keyset = _KeySet(loaded, time.monotonic())

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            res = await self.http.get(url)
            res.raise_for_status()
            data: dict[str, Any] = res.json()
            return data
        except (httpx.HTTPError, ValueError) as exc:
            raise ServiceUnavailable(f"Cannot reach the identity provider: {exc}") from exc

    async def _refresh(self) -> None:
        settings = self.settings
        if settings.oidc_issuer:
            base = settings.oidc_issuer.rstrip("/")
            config = await self._get_json(base + "/.well-known/openid-configuration")
            self.issuer = config.get("issuer", base)
            jwks_url = config["jwks_uri"]
        elif settings.identity_url:
            jwks_url = settings.identity_url.rstrip("/") + "/.well-known/jwks.json"
        else:
            raise Unauthorized(
                "This service accepts no tokens: no identity provider is configured."
            )
        self._load((await self._get_json(jwks_url)).get("keys", []))

    async def _key(self, kid: str) -> jwt.PyJWK:
        age = time.monotonic() - self._keyset.fetched_at
        if not self._static and (
            age > self.MAX_AGE or (kid not in self._keyset.keys and age > self.MIN_REFETCH)
        ):
            await self._refresh()
        key = self._keyset.keys.get(kid)
        if key is None:
            raise Unauthorized("The token is signed with an unknown key.")
        return key

    async def verify_token(self, token: str) -> Principal:
        """Decode and check a JWT (signature, expiry, issuer, audience) into a Principal."""
        try:
            kid = jwt.get_unverified_header(token).get("kid", "")
        except jwt.PyJWTError:
            raise Unauthorized("The bearer token is malformed.") from None
        key = await self._key(kid)
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=ALGORITHMS,
                audience=self.settings.audience,
                issuer=self.issuer,
                leeway=self.settings.leeway_seconds,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The bearer token has expired.") from None
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is not valid: {exc}.") from None
        return _principal_from_claims(claims, self.settings)

    async def verify_api_key(self, key: str) -> Principal:
        """Check an API key with identity-api (answers cached briefly)."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        cached = self._key_cache.get(digest)
        now = time.monotonic()
        if cached and now - cached[0] < self.settings.api_key_cache_seconds:
            principal = cached[1]
        else:
            principal = await self._introspect(key)
            self._key_cache[digest] = (now, principal)
        if principal is None:
            raise Unauthorized("The API key is unknown, expired or revoked.", error="invalid_key")
        return principal

    async def _introspect(self, key: str) -> Principal | None:
        if not self.settings.identity_url:
            raise Unauthorized("This service accepts no API keys: identity-api is not configured.")
        url = self.settings.identity_url.rstrip("/") + "/v1/api-keys/introspect"
        try:
            res = await self.http.post(url, json={"key": key})
            res.raise_for_status()
            data = res.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ServiceUnavailable(f"Cannot check the API key: {exc}") from exc
        if not data.get("active"):
            return None
        return Principal(
            kind="api_key",
            subject=data.get("sub"),
            roles=frozenset(r for r in data.get("roles", []) if r in ROLES),
            scopes=frozenset(data.get("scopes", [])),
            countries=frozenset(data.get("countries", [])),
            name=data.get("name"),
        )

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.http.aclose()


oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl=TOKEN_URL,
    auto_error=False,
    scheme_name="OAuth2",
    description="Sign in with an i-Map account (email and password) to get a bearer token.",
)
api_key_scheme = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    scheme_name="APIKey",
    description="A partner system's API key, issued by an admin.",
)


async def get_principal(
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    api_key: Annotated[str | None, Depends(api_key_scheme)],
) -> Principal:
    """The caller: from the bearer token, else the API key, else anonymous."""
    verifier: Verifier = request.app.state.verifier
    if token:
        return await verifier.verify_token(token)
    if api_key:
        return await verifier.verify_api_key(api_key)
    return ANONYMOUS


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*grants: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets through callers holding any of `grants` (roles or scopes)."""

    async def dependency(principal: PrincipalDep) -> Principal:
        if not principal.authenticated:
            raise Unauthorized("Sign in or send an API key to do this.", error="invalid_request")
        if not principal.has(*grants):
            raise Forbidden(f"This needs one of: {', '.join(grants)}.")
        return principal

    setattr(dependency, "required_grants", grants)  # noqa: B010  (read by the app factory)
    return dependency

"""Signing in: failed-attempt limits, password check, and minting the access token."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from identity_api import passwords
from identity_api.keys import ALGORITHM, KeyRing
from identity_api.settings import IdentitySettings
from identity_api.tokens.exceptions import (
    InvalidCredentials,
    TooManySignInAttempts,
    UnsupportedGrantType,
)
from identity_api.tokens.repository import SignInFailureRepository
from identity_api.tokens.schemas import TokenRead
from identity_api.users.models import User
from identity_api.users.repository import UserRepository
from identity_api.users.service import normalise_email

KEEP_FAILURES = timedelta(days=1)  # prune horizon, generous beyond any sensible window


@dataclass(frozen=True)
class Issuer:
    """Everything needed to mint tokens: keys, claims and limits."""

    keyring: KeyRing
    issuer: str
    audience: str
    ttl_seconds: int

    @classmethod
    def from_settings(cls, keyring: KeyRing, settings: IdentitySettings) -> Issuer:
        """The issuer described by identity-api's settings."""
        auth = settings.auth
        return cls(keyring, auth.issuer, auth.audience, settings.token_ttl_seconds)


def issue_token(issuer: Issuer, user: User, *, now: datetime) -> TokenRead:
    """A signed access token for `user`, valid for the issuer's TTL."""
    iat = int(now.timestamp())
    claims = {
        "iss": issuer.issuer,
        "aud": issuer.audience,
        "sub": f"user:{user.id}",
        "iat": iat,
        "exp": iat + issuer.ttl_seconds,
        "jti": uuid.uuid4().hex,
        "roles": list(user.roles),
        "countries": list(user.countries),
        "name": user.display_name,
        "email": user.email,
    }
    token = jwt.encode(
        claims, issuer.keyring.signing_key, algorithm=ALGORITHM, headers={"kid": issuer.keyring.kid}
    )
    return TokenRead(access_token=token, expires_in=issuer.ttl_seconds)


async def check_limits(
    repo: SignInFailureRepository,
    *,
    email: str,
    address: str,
    settings: IdentitySettings,
    now: datetime,
) -> None:
    """Raise 429 (with the wait) when this email or address failed too often in the window."""
    window = timedelta(seconds=settings.sign_in_window_seconds)
    since = now - window
    for limit, key in (
        (settings.max_failures_per_email, {"email": email}),
        (settings.max_failures_per_address, {"address": address}),
    ):
        recent = await repo.recent(since=since, limit=limit, **key)
        if len(recent) >= limit:
            # Allowed again once the oldest of these `limit` failures leaves the window.
            wait = (recent[limit - 1] + window - now).total_seconds()
            raise TooManySignInAttempts(max(1, math.ceil(wait)))


async def sign_in(
    session: AsyncSession,
    issuer: Issuer,
    settings: IdentitySettings,
    *,
    grant_type: str,
    email: str,
    password: str,
    address: str,
    now: datetime | None = None,
) -> TokenRead:
    """Exchange email and password for a token; failures are recorded and limited."""
    if grant_type != "password":
        raise UnsupportedGrantType(grant_type)
    now = now or datetime.now(UTC)
    email, address = normalise_email(email), address[:64]
    failures = SignInFailureRepository(session)
    await failures.lock_email(email)
    await check_limits(failures, email=email, address=address, settings=settings, now=now)
    user = await UserRepository(session).by_email(email)
    matched = await passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not matched or not user.is_active:
        await failures.add(email=email, address=address, at=now)
        await failures.prune(
            before=now - max(KEEP_FAILURES, timedelta(seconds=settings.sign_in_window_seconds))
        )
        raise InvalidCredentials()
    # Only this email's own failures are forgotten: others' still count against the address.
    await failures.clear_email(email)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_password(password)
    return issue_token(issuer, user, now=now)

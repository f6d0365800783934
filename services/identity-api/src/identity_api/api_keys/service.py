"""API key rules: minting, hashing, checking, revoking.

A key is `imap_<prefix>_<secret>`: 8 hex characters that find the row, then 32 random bytes
(`secrets.token_urlsafe(32)`). Only SHA-256 of the secret is stored. A fast hash is right here,
unlike for passwords: the secret has 256 bits of entropy, so there is nothing to guess or look up
in a dictionary, and key stretching (argon2) would only slow down every introspection. Hashes are
compared in constant time all the same.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from imap_kit.errors import FieldError, InvalidInput
from sqlalchemy.ext.asyncio import AsyncSession

from identity_api.api_keys.exceptions import ApiKeyNotFound
from identity_api.api_keys.models import ApiKey
from identity_api.api_keys.repository import ApiKeyRepository
from identity_api.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, Introspection
from identity_api.grants import check_contributor_scope, country_scope, tidy

KEY_FORMAT = re.compile(r"^imap_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")
INACTIVE = Introspection(active=False)


def new_key() -> tuple[str, str, str]:
    """A fresh key: (whole key, prefix, secret)."""
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    return f"imap_{prefix}_{secret}", prefix, secret


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a key's secret part."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def to_read(key: ApiKey, now: datetime | None = None) -> ApiKeyRead:
    """A key as listed, with whether it is usable now."""
    return ApiKeyRead.model_validate(
        {
            **{name: getattr(key, name) for name in ApiKeyRead.model_fields if name != "active"},
            "active": key.active_at(now or datetime.now(UTC)),
        }
    )


async def create_key(
    session: AsyncSession,
    data: ApiKeyCreate,
    *,
    created_by: int | None,
    now: datetime | None = None,
) -> ApiKeyCreated:
    """Issue a key; the answer carries the whole key, which is not kept anywhere."""
    now = now or datetime.now(UTC)
    roles, countries = tidy(data.roles), country_scope(data.countries, where="body.countries")
    check_contributor_scope(roles, countries, where="body.countries")
    if data.expires_at is not None and data.expires_at <= now:
        raise InvalidInput(
            "expires_at must be in the future.",
            errors=[FieldError(field="body.expires_at", reason="must be in the future")],
        )
    repo = ApiKeyRepository(session)
    whole, prefix, secret = new_key()
    while await repo.by_prefix(prefix) is not None:  # 1 in 4 billion, but cheap to rule out
        whole, prefix, secret = new_key()
    key = ApiKey(
        name=data.name,
        prefix=prefix,
        key_hash=hash_secret(secret),
        roles=roles,
        scopes=tidy(data.scopes),
        countries=countries,
        created_by=created_by,
        expires_at=data.expires_at,
    )
    await repo.add(key)
    return ApiKeyCreated(**to_read(key, now).model_dump(), key=whole)


async def list_keys(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[ApiKeyRead], int]:
    """A page of keys, newest first, without secrets."""
    rows, total = await ApiKeyRepository(session).find(limit=limit, offset=offset)
    now = datetime.now(UTC)
    return [to_read(r, now) for r in rows], total


async def revoke_key(session: AsyncSession, key_id: int) -> ApiKeyRead:
    """Revoke a key for good (revoking twice keeps the first time)."""
    repo = ApiKeyRepository(session)
    key = await repo.get(key_id)
    if key is None:
        raise ApiKeyNotFound(key_id)
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await repo.save()
    return to_read(key)


async def introspect(
    session: AsyncSession, key: str, *, touch_seconds: int, now: datetime | None = None
) -> Introspection:
    """What a key grants, or `active: false` for malformed, unknown, revoked or expired keys."""
    now = now or datetime.now(UTC)
    match = KEY_FORMAT.match(key.strip())
    if match is None:
        return INACTIVE
    repo = ApiKeyRepository(session)
    found = await repo.by_prefix(match["prefix"])
    if found is None:
        return INACTIVE
    if not hmac.compare_digest(found.key_hash, hash_secret(match["secret"])):
        return INACTIVE
    if not found.active_at(now):
        return INACTIVE
    if found.last_used_at is None or now - found.last_used_at >= timedelta(seconds=touch_seconds):
        found.last_used_at = now
        await repo.save()
    return Introspection(
        active=True,
        sub=f"key:{found.prefix}",
        name=found.name,
        roles=list(found.roles),
        scopes=list(found.scopes),
        countries=list(found.countries),
        exp=int(found.expires_at.timestamp()) if found.expires_at else None,
    )

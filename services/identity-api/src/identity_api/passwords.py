"""Password hashing (argon2id) and the password policy.

Policy (NIST SP 800-63B style): at least 12 characters, not the account's email, not a well-known
common password (nor one with digits or symbols tacked on). No composition rules.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 takes any length; this bounds the work one request can ask for
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
TRAILING_NOISE = re.compile(r"[\d\W_]+$")

# argon2-cffi's defaults are RFC 9106's low-memory argon2id profile (t=3, m=64 MiB, p=4).
hasher = PasswordHasher()


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-case."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def policy_violation(password: str, *, email: str) -> str | None:
    """Why `password` is not acceptable for the account `email`, or None when it is."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters long"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters long"
    lowered = password.strip().lower()
    address = email.strip().lower()
    if lowered in (address, address.partition("@")[0]) or address in lowered:
        return "must not be the email address"
    common = common_passwords()
    base = TRAILING_NOISE.sub("", lowered)
    if lowered in common or (len(base) >= 4 and base in common):
        return "is a well-known common password"
    if len(set(lowered)) <= 2:
        return "repeats one or two characters"
    return None


async def hash_password(password: str) -> str:
    """The argon2id hash of `password` (computed off the event loop)."""
    return await asyncio.to_thread(hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; spends the same time when there is no account to match."""
    target = password_hash or _dummy_hash()
    try:
        ok = await asyncio.to_thread(hasher.verify, target, password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return hasher.check_needs_rehash(password_hash)


@cache
def _dummy_hash() -> str:
    # Verifying against this when the email is unknown keeps the timing from telling it apart.
    return hasher.hash("no account has this password, it only spends time")

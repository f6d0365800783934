"""Signing keys: the Ed25519 key that signs tokens, its RFC 7638 `kid`, and the published JWKS.

Other services verify tokens on their own with the JWKS, so only public keys leave this service.
Rotation: put the old key's PEM in ``IDENTITY_PREVIOUS_PUBLIC_KEYS`` (public or private PEM; only
the public half is used) and a new signing key in place; tokens signed by either verify until the
old ones expire.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

if TYPE_CHECKING:
    from identity_api.settings import IdentitySettings

ALGORITHM = "EdDSA"
DEV_KEY_FILE = "signing-key.pem"
PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)
PLACEHOLDERS = frozenset(
    {"", "change-me", "changeme", "change_me", "changeit", "secret", "password", "todo", "xxx"}
)
log = logging.getLogger("identity_api.keys")


def is_placeholder(value: str) -> bool:
    """True for an empty or well-known placeholder secret."""
    return value.strip().strip("\"'").lower() in PLACEHOLDERS


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    """The RFC 8037 members of an Ed25519 public key (`kty`, `crv`, `x`)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}


def thumbprint(key: Ed25519PublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url): the key's `kid`."""
    canonical = json.dumps(public_jwk(key), sort_keys=True, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def parse_private_key(pem: str) -> Ed25519PrivateKey:
    """Load an Ed25519 private key from PEM, or raise ValueError saying what is wrong."""
    try:
        key = serialization.load_pem_private_key(pem.strip().encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the signing key is not a PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"the signing key must be Ed25519, not {type(key).__name__}")
    return key


def parse_public_keys(pem: str) -> list[Ed25519PublicKey]:
    """Every Ed25519 public key in a text of PEM blocks (private blocks give their public half)."""
    found: list[Ed25519PublicKey] = []
    for match in PEM_BLOCK.finditer(pem):
        block = match.group(0)
        if "PRIVATE" in match.group(1):
            found.append(parse_private_key(block).public_key())
            continue
        try:
            key = serialization.load_pem_public_key(block.encode())
        except ValueError as exc:
            raise ValueError(f"a previous public key is not valid PEM ({exc})") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("previous public keys must be Ed25519")
        found.append(key)
    if not found:
        raise ValueError("IDENTITY_PREVIOUS_PUBLIC_KEYS holds no PEM block")
    return found


def private_pem(key: Ed25519PrivateKey) -> str:
    """PKCS#8 PEM of a private key."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_or_create_dev_key(key_dir: Path) -> Ed25519PrivateKey:
    """Development: the key kept in `key_dir`, generated (owner-only, 0600) on first use."""
    path = key_dir / DEV_KEY_FILE
    if path.exists():
        return parse_private_key(path.read_text(encoding="utf-8"))
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    try:
        # O_EXCL: two workers starting together must not overwrite each other's key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return parse_private_key(path.read_text(encoding="utf-8"))
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(private_pem(key))
    os.chmod(path, 0o600)
    log.warning("generated a development signing key at %s (not for production)", path)
    return key


@dataclass(frozen=True)
class KeyRing:
    """The signing key and every public key still accepted (current first)."""

    signing_key: Ed25519PrivateKey
    previous: tuple[Ed25519PublicKey, ...] = ()

    @property
    def kid(self) -> str:
        """Key id of the current signing key."""
        return thumbprint(self.signing_key.public_key())

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """The JWKS of all accepted public keys, without duplicates."""
        out: dict[str, dict[str, Any]] = {}
        for key in (self.signing_key.public_key(), *self.previous):
            kid = thumbprint(key)
            out.setdefault(kid, {**public_jwk(key), "kid": kid, "alg": ALGORITHM, "use": "sig"})
        return {"keys": list(out.values())}


def load_keyring(settings: IdentitySettings) -> KeyRing:
    """Build the key ring from settings; in development generate and keep a key when none is set."""
    pem = settings.signing_key_pem()
    if pem is not None and not is_placeholder(pem):
        signing = parse_private_key(pem)
    else:
        # Settings validation already refused this outside development.
        if pem is not None:
            log.warning("IDENTITY_SIGNING_KEY is a placeholder; using a development key instead")
        signing = load_or_create_dev_key(settings.key_dir)
    previous_pem = settings.previous_keys_pem()
    previous = tuple(parse_public_keys(previous_pem)) if previous_pem else ()
    return KeyRing(signing, previous)

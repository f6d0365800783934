"""Signing keys: RFC 7638 thumbprints, the JWKS, the development key kept on disk."""

import base64
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.rsa import generate_private_key
from identity_api import keys


def test_thumbprint_matches_rfc_8037_example() -> None:
    # RFC 8037 appendix A.2/A.3: the Ed25519 example key and its RFC 7638 thumbprint.
    x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    raw = base64.urlsafe_b64decode(x + "=")
    key = Ed25519PublicKey.from_public_bytes(raw)
    assert keys.public_jwk(key) == {"kty": "OKP", "crv": "Ed25519", "x": x}
    assert keys.thumbprint(key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_jwks_lists_current_then_previous_keys_once() -> None:
    current, old = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    ring = keys.KeyRing(current, (old.public_key(), current.public_key()))
    jwks = ring.jwks()["keys"]
    assert [k["kid"] for k in jwks] == [ring.kid, keys.thumbprint(old.public_key())]
    assert all(k["alg"] == "EdDSA" and k["use"] == "sig" and "d" not in k for k in jwks)


def test_previous_keys_accept_public_and_private_pem() -> None:
    a, b = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    public_a = a.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    found = keys.parse_public_keys(public_a.decode() + "\n" + keys.private_pem(b))
    assert [keys.thumbprint(k) for k in found] == [
        keys.thumbprint(a.public_key()),
        keys.thumbprint(b.public_key()),
    ]
    with pytest.raises(ValueError, match="no PEM block"):
        keys.parse_public_keys("not a key")


def test_signing_key_must_be_ed25519_pem() -> None:
    with pytest.raises(ValueError, match="not a PEM private key"):
        keys.parse_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
    rsa = generate_private_key(public_exponent=65537, key_size=2048)
    pem = rsa.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    with pytest.raises(ValueError, match="must be Ed25519"):
        keys.parse_private_key(pem)


def test_development_key_is_kept_owner_only_across_restarts(tmp_path: Path) -> None:
    key_dir = tmp_path / "identity"
    first = keys.load_or_create_dev_key(key_dir)
    path = key_dir / keys.DEV_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = keys.load_or_create_dev_key(key_dir)
    assert keys.thumbprint(again.public_key()) == keys.thumbprint(first.public_key())

"""Settings: production refuses a missing or placeholder signing key; development makes one."""

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from identity_api.keys import load_keyring, private_pem, thumbprint
from identity_api.settings import IdentitySettings
from pydantic import ValidationError

DB = "postgresql://u@localhost/db"


def _settings(**kw: object) -> IdentitySettings:
    return IdentitySettings(database_url=DB, **kw)  # type: ignore[arg-type]


def test_production_without_a_key_fails_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as err:
        _settings(environment="production")
    message = str(err.value)
    assert "IDENTITY_SIGNING_KEY is not set" in message
    assert "IDENTITY_SIGNING_KEY_FILE" in message and "openssl genpkey" in message


@pytest.mark.parametrize("placeholder", ["change-me", "changeme", "secret", " CHANGE-ME "])
def test_production_refuses_placeholder_keys(placeholder: str) -> None:
    with pytest.raises(ValidationError, match="IDENTITY_SIGNING_KEY is a placeholder"):
        _settings(environment="production", signing_key=placeholder)


def test_production_refuses_a_placeholder_in_the_key_file(tmp_path: Path) -> None:
    path = tmp_path / "key.pem"
    path.write_text("changeme\n")
    with pytest.raises(ValidationError, match="placeholder"):
        _settings(environment="production", signing_key_file=path)
    with pytest.raises(ValidationError, match="cannot be read"):
        _settings(environment="production", signing_key_file=tmp_path / "missing.pem")


def test_production_accepts_a_real_key_from_a_file(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "key.pem"
    path.write_text(private_pem(key))
    settings = _settings(environment="production", signing_key_file=path, key_dir=tmp_path / "x")
    assert load_keyring(settings).kid == thumbprint(key.public_key())
    assert not (tmp_path / "x").exists()  # nothing generated


def test_a_key_that_is_not_ed25519_pem_is_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="not a PEM private key"):
        _settings(signing_key="-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----")


def test_development_generates_and_keeps_a_key(tmp_path: Path) -> None:
    first = load_keyring(_settings(key_dir=tmp_path))
    again = load_keyring(_settings(key_dir=tmp_path, signing_key="change-me"))
    assert first.kid == again.kid
    assert (tmp_path / "signing-key.pem").exists()


def test_previous_public_keys_are_published(tmp_path: Path) -> None:
    old = Ed25519PrivateKey.generate()
    ring = load_keyring(_settings(key_dir=tmp_path, previous_public_keys=private_pem(old)))
    assert [k["kid"] for k in ring.jwks()["keys"]][1] == thumbprint(old.public_key())
    with pytest.raises(ValidationError, match="no PEM block"):
        _settings(previous_public_keys="change-me")


def test_limits_and_lifetime_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDENTITY_TOKEN_TTL_SECONDS", "600")
    monkeypatch.setenv("IDENTITY_MAX_FAILURES_PER_EMAIL", "3")
    monkeypatch.setenv("IMAP_AUTH_ISSUER", "https://id.example.org")
    settings = _settings()
    assert settings.token_ttl_seconds == 600 and settings.max_failures_per_email == 3
    assert settings.auth.issuer == "https://id.example.org"

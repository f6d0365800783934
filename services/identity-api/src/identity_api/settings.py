"""identity-api settings (env prefix `IDENTITY_`): signing keys, token lifetime, sign-in limits.

Outside development the signing key must be real: a missing key or a placeholder such as
``change-me`` makes validation fail at start-up instead of signing tokens with a guessable key.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal, Self

from imap_kit.settings import ServiceSettings, database_url_field
from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from identity_api import keys
from identity_api.keys import is_placeholder

KEY_HELP = "generate one with `openssl genpkey -algorithm ed25519`"


def _read(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{name}={path} cannot be read: {exc.strerror}") from None


class IdentitySettings(ServiceSettings):
    """Settings of identity-api."""

    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore", populate_by_name=True)

    database_url: str = database_url_field("IDENTITY_")  # type: ignore[assignment]
    root_path: str = "/api/identity"
    environment: Literal["development", "production"] = "development"
    signing_key: SecretStr | None = Field(
        default=None, description="Ed25519 private key (PEM) that signs tokens."
    )
    signing_key_file: Path | None = Field(default=None, description="File holding that PEM.")
    key_dir: Path = Field(
        default=Path(".imap/identity"),
        description="Development only: where a generated signing key is kept across restarts.",
    )
    previous_public_keys: str | None = Field(
        default=None, description="PEM of earlier keys still published in the JWKS (rotation)."
    )
    previous_public_keys_file: Path | None = None
    token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    sign_in_window_seconds: int = Field(default=900, ge=1)
    max_failures_per_email: int = Field(default=5, ge=1)
    max_failures_per_address: int = Field(default=20, ge=1)
    trusted_proxies: str = Field(
        default="127.0.0.1,::1",
        validation_alias=AliasChoices(
            "IDENTITY_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS", "trusted_proxies"
        ),
        description="Comma-separated addresses/networks (or `*`) whose X-Forwarded-For we trust.",
    )
    api_key_touch_seconds: int = Field(
        default=60, ge=0, description="Update an API key's last_used_at at most this often."
    )

    def signing_key_pem(self) -> str | None:
        """The configured signing key PEM (from the value or the file), or None."""
        if self.signing_key is not None:
            return self.signing_key.get_secret_value()
        if self.signing_key_file is not None:
            return _read(self.signing_key_file, "IDENTITY_SIGNING_KEY_FILE")
        return None

    def previous_keys_pem(self) -> str:
        """PEM blocks of the previous public keys (empty when none)."""
        parts = [self.previous_public_keys or ""]
        if self.previous_public_keys_file is not None:
            parts.append(
                _read(self.previous_public_keys_file, "IDENTITY_PREVIOUS_PUBLIC_KEYS_FILE")
            )
        return "\n".join(p for p in parts if p.strip())

    def trusted_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
        """Trusted proxy networks; None means every peer is trusted (`*`)."""
        items = [i.strip() for i in self.trusted_proxies.split(",") if i.strip()]
        if "*" in items:
            return None
        return [ipaddress.ip_network(i, strict=False) for i in items]

    @model_validator(mode="after")
    def _check_keys(self) -> Self:
        pem = self.signing_key_pem()
        if pem is not None and not is_placeholder(pem):
            keys.parse_private_key(pem)  # a clear ValueError when it is not an Ed25519 PEM key
        elif self.environment == "production":
            what = "is a placeholder" if pem is not None else "is not set"
            raise ValueError(
                f"IDENTITY_SIGNING_KEY {what}; with IDENTITY_ENVIRONMENT=production set "
                f"IDENTITY_SIGNING_KEY or IDENTITY_SIGNING_KEY_FILE to an Ed25519 private key "
                f"in PEM ({KEY_HELP})."
            )
        if self.previous_keys_pem():
            keys.parse_public_keys(self.previous_keys_pem())
        self.trusted_networks()
        return self

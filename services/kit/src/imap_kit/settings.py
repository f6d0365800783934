"""Settings base shared by every service: database, gateway prefix, logging, pool sizes.

Each service subclasses `ServiceSettings` with its own env prefix (``PROFILES_``, ``MAP_``...) and
passes an instance to `create_app`. Settings are never built at import time.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from imap_kit.auth import AuthSettings


def database_url_field(prefix: str) -> object:
    """A `database_url` field from ``<PREFIX>DATABASE_URL``, else ``DATABASE_URL``."""
    return Field(
        validation_alias=AliasChoices(f"{prefix}DATABASE_URL", "DATABASE_URL", "database_url"),
        description="PostgreSQL URL (postgresql://user:pass@host:port/db), used with asyncpg.",
    )


def to_async_url(url: str) -> str:
    """Return the SQLAlchemy asyncpg form of a plain PostgreSQL URL."""
    for plain in ("postgresql+asyncpg://", "postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url[len(plain) :]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


class ServiceSettings(BaseSettings):
    """Settings every i-Map service has. Subclasses set `env_prefix` and `database_url`."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    database_url: str
    root_path: str = Field(default="", description="Public path prefix behind the gateway.")
    log_level: str = "INFO"
    log_json: bool = True
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_statement_timeout_ms: int = 15_000
    default_page_size: int = 50
    max_page_size: int = 1000
    max_body_bytes: int = Field(
        default=1_000_000, description="Largest request body accepted (413 problem beyond)."
    )
    auth: AuthSettings = Field(default_factory=AuthSettings)

    @field_validator("database_url")
    @classmethod
    def _async_url(cls, value: str) -> str:
        return to_async_url(value)

    @field_validator("root_path")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

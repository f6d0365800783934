"""The `api_key` table: only a hash of each key's secret is stored."""

from datetime import datetime

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from identity_api.db import Base
from identity_api.users.models import COUNTRIES_SQL, ROLES_SQL


class ApiKey(Base):
    """A key `imap_<prefix>_<secret>`: the prefix finds the row, the secret's SHA-256 proves it."""

    __tablename__ = "api_key"
    __table_args__ = (
        CheckConstraint(f"roles <@ {ROLES_SQL}", name="roles_known"),
        CheckConstraint(COUNTRIES_SQL, name="countries_iso3"),
        CheckConstraint("key_hash ~ '^[0-9a-f]{64}$'", name="key_hash_sha256"),
        CheckConstraint(
            "NOT ('contributor' = ANY(roles)) OR cardinality(countries) > 0",
            name="contributor_has_country",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{partner}'"))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    countries: Mapped[list[str]] = mapped_column(ARRAY(CHAR(3)), server_default=text("'{}'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    def active_at(self, now: datetime) -> bool:
        """Not revoked and not expired at `now`."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

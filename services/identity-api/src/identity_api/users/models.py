"""The `user` table: one row per person who can sign in."""

from datetime import datetime

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Identity,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from identity_api.db import Base
from identity_api.grants import ROLES

ROLES_SQL = "ARRAY[" + ", ".join(f"'{r}'" for r in ROLES) + "]::text[]"
# Every element an upper-case ISO3 code: the joined list must match the pattern as a whole.
COUNTRIES_SQL = "array_to_string(countries, ',') ~ '^([A-Z]{3}(,[A-Z]{3})*)?$'"


class User(Base):
    """A person with an email, a password hash, roles and a country scope."""

    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower"),
        CheckConstraint(f"roles <@ {ROLES_SQL}", name="roles_known"),
        CheckConstraint(COUNTRIES_SQL, name="countries_iso3"),
        CheckConstraint(
            "NOT ('contributor' = ANY(roles)) OR cardinality(countries) > 0",
            name="contributor_has_country",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    countries: Mapped[list[str]] = mapped_column(ARRAY(CHAR(3)), server_default=text("'{}'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    row_version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    # SQLAlchemy bumps row_version on every UPDATE and adds `WHERE row_version = <read>`, so two
    # edits racing past the If-Match check still cannot both win. eager_defaults reads updated_at
    # back with RETURNING (no lazy load after the flush in async code).
    __mapper_args__ = {"version_id_col": row_version, "eager_defaults": True}  # noqa: RUF012

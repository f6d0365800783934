"""Initiative tables: the initiative, its countries and its themes."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolbox_api.db import Base

KINDS = ("bilateral", "multilateral", "regional")


class Initiative(Base):
    """A partnership initiative or project, summarised in our own words with its source."""

    __tablename__ = "initiative"
    # Fetch server-set timestamps on flush (RETURNING) instead of lazily, which async can't do.
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy's declared name)
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS}", name="kind"),
        CheckConstraint("end_year IS NULL OR end_year >= start_year", name="period"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'published', 'withdrawn')", name="status"
        ),
        CheckConstraint("access IN ('public', 'restricted')", name="access"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    summary_en: Mapped[str] = mapped_column(Text)
    summary_ru: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    start_year: Mapped[int | None] = mapped_column(SmallInteger)
    end_year: Mapped[int | None] = mapped_column(SmallInteger)
    source_url: Mapped[str] = mapped_column(String(500))
    source_title: Mapped[str] = mapped_column(String(500))
    owner_country: Mapped[str] = mapped_column(
        String(3), index=True, doc="The state whose focal points maintain the record."
    )
    status: Mapped[str] = mapped_column(String(20), index=True)
    access: Mapped[str] = mapped_column(String(20))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    countries: Mapped[list["InitiativeCountry"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeCountry.country_iso3"
    )
    themes: Mapped[list["InitiativeTheme"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeTheme.theme_code"
    )


class InitiativeCountry(Base):
    """A participating state (ISO3; the register itself lives in profiles-api)."""

    __tablename__ = "initiative_country"
    __table_args__ = (CheckConstraint("country_iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),)

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    country_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class InitiativeTheme(Base):
    """A thematic area the initiative addresses."""

    __tablename__ = "initiative_theme"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    theme_code: Mapped[str] = mapped_column(
        ForeignKey("theme.code", ondelete="RESTRICT"), primary_key=True, index=True
    )

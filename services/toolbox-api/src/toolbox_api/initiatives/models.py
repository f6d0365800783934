"""Initiative tables: the initiative, its countries (with roles), organisations, themes, corridors
and map routes."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolbox_api.db import Base

KINDS = ("bilateral", "multilateral", "regional")
IMPLEMENTATION = ("planned", "ongoing", "completed", "suspended")
COUNTRY_ROLES = ("implementer", "partner")
ORGANISATION_ROLES = ("implementer", "donor", "partner")
SOURCES_CHECK = "jsonb_typeof(sources) = 'array' AND jsonb_array_length(sources) >= 1"


class Initiative(Base):
    """A partnership initiative or project, summarised in our own words with its sources."""

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
        CheckConstraint(f"implementation_status IN {IMPLEMENTATION}", name="implementation"),
        CheckConstraint(
            "(budget_amount IS NULL) = (budget_currency IS NULL)", name="budget_complete"
        ),
        CheckConstraint("budget_amount IS NULL OR budget_amount >= 0", name="budget_amount"),
        CheckConstraint("budget_currency ~ '^[A-Z]{3}$'", name="budget_currency"),
        CheckConstraint(SOURCES_CHECK, name="sources"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    summary_en: Mapped[str] = mapped_column(Text)
    summary_ru: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))
    start_year: Mapped[int | None] = mapped_column(SmallInteger)
    end_year: Mapped[int | None] = mapped_column(SmallInteger)
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    implementation_status: Mapped[str] = mapped_column(String(20), index=True)
    outcomes_en: Mapped[str] = mapped_column(Text, default="")
    outcomes_ru: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, doc="[{title, url}], the primary source first."
    )
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
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeCountry.position"
    )
    organisations: Mapped[list["InitiativeOrganisation"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeOrganisation.position"
    )
    themes: Mapped[list["InitiativeTheme"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeTheme.theme_code"
    )
    corridors: Mapped[list["InitiativeCorridor"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeCorridor.position"
    )
    routes: Mapped[list["InitiativeRoute"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="InitiativeRoute.route_slug"
    )


class InitiativeCountry(Base):
    """A participating state (ISO3; the register itself lives in profiles-api) and its role."""

    __tablename__ = "initiative_country"
    __table_args__ = (
        CheckConstraint("country_iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),
        CheckConstraint(f"role IN {COUNTRY_ROLES}", name="role"),
    )

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    country_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), doc="implementer or partner.")
    position: Mapped[int] = mapped_column(SmallInteger, default=0, doc="Order as written.")


class Organisation(Base):
    """An organisation named by initiatives (implementer, donor or partner)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), doc="As first written; unique ignoring case.")


Index("uq_organisation_name_folded", func.lower(Organisation.name), unique=True)


class InitiativeOrganisation(Base):
    """An organisation's role in an initiative."""

    __tablename__ = "initiative_organisation"
    __table_args__ = (CheckConstraint(f"role IN {ORGANISATION_ROLES}", name="role"),)

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    organisation: Mapped[Organisation] = relationship(lazy="selectin")


class InitiativeTheme(Base):
    """A thematic area the initiative addresses."""

    __tablename__ = "initiative_theme"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    theme_code: Mapped[str] = mapped_column(
        ForeignKey("theme.code", ondelete="RESTRICT"), primary_key=True, index=True
    )


class InitiativeCorridor(Base):
    """An origin -> destination pair of states the initiative touches."""

    __tablename__ = "initiative_corridor"
    __table_args__ = (
        CheckConstraint("origin_iso3 <> destination_iso3", name="two_ends"),
        CheckConstraint(
            "origin_iso3 ~ '^[A-Z]{3}$' AND destination_iso3 ~ '^[A-Z]{3}$'", name="iso3_format"
        ),
    )

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    origin_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    destination_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class InitiativeRoute(Base):
    """A map-api migration route the initiative touches (by the route's slug)."""

    __tablename__ = "initiative_route"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True
    )
    route_slug: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)

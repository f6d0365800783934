"""Practice tables: the practice and its links to initiatives, countries, themes, corridors and
routes."""

from datetime import datetime
from typing import Any

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
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolbox_api.db import Base
from toolbox_api.initiatives.models import SOURCES_CHECK, Initiative

EVIDENCE = ("evaluated", "reported", "described")


class Practice(Base):
    """A concrete practice that proved useful, with the evidence for it."""

    __tablename__ = "practice"
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy's declared name)
    __table_args__ = (
        CheckConstraint(f"evidence IN {EVIDENCE}", name="evidence"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'published', 'withdrawn')", name="status"
        ),
        CheckConstraint("access IN ('public', 'restricted')", name="access"),
        CheckConstraint(SOURCES_CHECK, name="sources"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    what_en: Mapped[str] = mapped_column(Text, doc="What was done.")
    what_ru: Mapped[str] = mapped_column(Text)
    conditions_en: Mapped[str] = mapped_column(Text, doc="Under which conditions it worked.")
    conditions_ru: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(String(20), index=True)
    evidence_note_en: Mapped[str] = mapped_column(Text)
    evidence_note_ru: Mapped[str] = mapped_column(Text)
    transferability_en: Mapped[str] = mapped_column(Text)
    transferability_ru: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    owner_country: Mapped[str] = mapped_column(String(3), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    access: Mapped[str] = mapped_column(String(20))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    initiatives: Mapped[list["PracticeInitiative"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PracticeInitiative.position"
    )
    countries: Mapped[list["PracticeCountry"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PracticeCountry.position"
    )
    themes: Mapped[list["PracticeTheme"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PracticeTheme.theme_code"
    )
    corridors: Mapped[list["PracticeCorridor"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PracticeCorridor.position"
    )
    routes: Mapped[list["PracticeRoute"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PracticeRoute.route_slug"
    )


class PracticeInitiative(Base):
    """An initiative the practice was distilled from (an initiative in use cannot be deleted)."""

    __tablename__ = "practice_initiative"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    initiative: Mapped[Initiative] = relationship(lazy="selectin")


class PracticeCountry(Base):
    """A state where the practice was applied."""

    __tablename__ = "practice_country"
    __table_args__ = (CheckConstraint("country_iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),)

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True
    )
    country_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class PracticeTheme(Base):
    """A thematic area of the practice."""

    __tablename__ = "practice_theme"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True
    )
    theme_code: Mapped[str] = mapped_column(
        ForeignKey("theme.code", ondelete="RESTRICT"), primary_key=True, index=True
    )


class PracticeCorridor(Base):
    """An origin -> destination pair of states the practice touches."""

    __tablename__ = "practice_corridor"
    __table_args__ = (
        CheckConstraint("origin_iso3 <> destination_iso3", name="two_ends"),
        CheckConstraint(
            "origin_iso3 ~ '^[A-Z]{3}$' AND destination_iso3 ~ '^[A-Z]{3}$'", name="iso3_format"
        ),
    )

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True
    )
    origin_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    destination_iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class PracticeRoute(Base):
    """A map-api migration route the practice touches."""

    __tablename__ = "practice_route"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True
    )
    route_slug: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)

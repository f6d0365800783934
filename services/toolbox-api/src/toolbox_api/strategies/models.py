"""Strategy tables: one strategy per partner country, its ranked priorities, objectives, and
recommendations (linked to an objective, practices and themes) with notes over time."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolbox_api.db import Base
from toolbox_api.practices.models import Practice

RECOMMENDATION_STATUS = ("not_started", "in_progress", "implemented", "dropped")


class Strategy(Base):
    """A partner country's migration partnership strategy (or a demonstration record of one)."""

    __tablename__ = "strategy"
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy's declared name)
    __table_args__ = (
        CheckConstraint("country_iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'published', 'withdrawn')", name="status"
        ),
        CheckConstraint("access IN ('public', 'restricted')", name="access"),
        CheckConstraint("jsonb_typeof(sources) = 'array'", name="sources"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    country_iso3: Mapped[str] = mapped_column(String(3), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    summary_en: Mapped[str] = mapped_column(Text)
    summary_ru: Mapped[str] = mapped_column(Text)
    demonstration: Mapped[bool] = mapped_column(
        Boolean, doc="True unless the text is an official document's."
    )
    adopted_year: Mapped[int | None] = mapped_column(SmallInteger)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(20), index=True)
    access: Mapped[str] = mapped_column(String(20))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    priorities: Mapped[list["StrategyPriority"]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StrategyPriority.rank",
    )
    objectives: Mapped[list["StrategyObjective"]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StrategyObjective.position",
    )
    recommendations: Mapped[list["Recommendation"]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Recommendation.position",
    )

    @property
    def owner_country(self) -> str:
        """The state whose contributors maintain the strategy: its own."""
        return self.country_iso3


class StrategyPriority(Base):
    """A ranked priority (1 = first) in a thematic area."""

    __tablename__ = "strategy_priority"
    __table_args__ = (
        UniqueConstraint("strategy_id", "rank"),
        CheckConstraint("rank >= 1", name="rank"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(SmallInteger)
    theme_code: Mapped[str] = mapped_column(
        ForeignKey("theme.code", ondelete="RESTRICT"), index=True
    )
    text_en: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)


class StrategyObjective(Base):
    """A partnership objective, coded within its strategy (`MDA-O1`)."""

    __tablename__ = "strategy_objective"
    __table_args__ = (UniqueConstraint("strategy_id", "code"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    theme_code: Mapped[str] = mapped_column(
        ForeignKey("theme.code", ondelete="RESTRICT"), index=True
    )
    text_en: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class Recommendation(Base):
    """How to reach an objective: linked practices and themes, a target date, its status."""

    __tablename__ = "strategy_recommendation"
    __table_args__ = (
        UniqueConstraint("strategy_id", "code"),
        CheckConstraint(f"status IN {RECOMMENDATION_STATUS}", name="status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"))
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_objective.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    text_en: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    objective: Mapped[StrategyObjective] = relationship(lazy="selectin", viewonly=True)
    themes: Mapped[list["RecommendationTheme"]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RecommendationTheme.theme_code",
    )
    practices: Mapped[list["RecommendationPractice"]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RecommendationPractice.position",
    )
    notes: Mapped[list["RecommendationNote"]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(RecommendationNote.noted_on, RecommendationNote.id)",
    )


class RecommendationTheme(Base):
    """A thematic area of a recommendation."""

    __tablename__ = "recommendation_theme"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    theme_code: Mapped[str] = mapped_column(
        ForeignKey("theme.code", ondelete="RESTRICT"), primary_key=True, index=True
    )


class RecommendationPractice(Base):
    """A practice a recommendation builds on (a practice in use cannot be deleted)."""

    __tablename__ = "recommendation_practice"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practice.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    practice: Mapped[Practice] = relationship(lazy="selectin")


class RecommendationNote(Base):
    """A dated note on a recommendation's implementation."""

    __tablename__ = "recommendation_note"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_recommendation.id", ondelete="CASCADE"), index=True
    )
    noted_on: Mapped[date] = mapped_column(Date)
    text_en: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)

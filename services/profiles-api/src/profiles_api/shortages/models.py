"""Skill shortages and surpluses by occupation (ISCO-08) and/or sector (NACE Rev. 2)."""

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from profiles_api.db import Base


class SkillShortage(Base):
    """An occupation or sector in shortage or surplus in a country (or a wider area) and year.

    `country_iso3` is empty when the source reports for an area (e.g. the EU-level EURES list);
    `area` then names it, and is the ISO3 code otherwise.
    """

    __tablename__ = "skill_shortage"
    __table_args__ = (
        UniqueConstraint(
            "area",
            "year",
            "isco_code",
            "nace_code",
            "direction",
            "source_dataset",
            name="uq_skill_shortage_key",
            postgresql_nulls_not_distinct=True,
        ),
        CheckConstraint("isco_code IS NOT NULL OR nace_code IS NOT NULL", name="what"),
        CheckConstraint("direction IN ('shortage', 'surplus')", name="direction_values"),
        CheckConstraint(
            "severity IN ('critical', 'high', 'moderate', 'low')", name="severity_values"
        ),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        CheckConstraint("country_iso3 IS NULL OR area = country_iso3", name="area_is_country"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    country_iso3: Mapped[str | None] = mapped_column(
        ForeignKey("country.iso3", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(SmallInteger)
    isco_code: Mapped[str | None] = mapped_column(
        ForeignKey("isco_group.code", ondelete="RESTRICT"), index=True
    )
    nace_code: Mapped[str | None] = mapped_column(
        ForeignKey("nace_activity.code", ondelete="RESTRICT"), index=True
    )
    direction: Mapped[str] = mapped_column(String(10))
    severity: Mapped[str] = mapped_column(String(10))
    occupation_as_reported: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source_dataset: Mapped[str] = mapped_column(
        ForeignKey("dataset.code", ondelete="RESTRICT", onupdate="CASCADE"), index=True
    )
    source_url: Mapped[str | None] = mapped_column(String(300))
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

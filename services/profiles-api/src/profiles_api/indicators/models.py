"""Indicator catalogue, source datasets and country observations."""

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from profiles_api.db import Base

# A period is a year (`2023`), a quarter (`2023-Q1`) or a month (`2023-03`); `year` repeats its
# first four digits so that year filters use an index.
PERIOD_CHECK = (
    "period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$' AND substr(period, 1, 4)::int = year"
)
# Flags, as letters in any order: e estimated, p provisional, b break in series, f forecast,
# u low reliability, c confidential (Eurostat's own letters).
FLAGS_CHECK = "flags ~ '^[bcefpu]*$'"


class Indicator(Base):
    """A statistical series in the catalogue (World Bank codes where the Bank publishes it)."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint("kind IN ('country', 'bilateral')", name="kind_values"),
        CheckConstraint("scale BETWEEN -3 AND 12", name="scale_range"),
    )

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60))
    scale: Mapped[int] = mapped_column(
        SmallInteger, default=0, server_default="0", doc="Power of ten: 6 = values in millions."
    )
    kind: Mapped[str] = mapped_column(
        String(10), default="country", server_default="country", doc="country or bilateral."
    )
    non_negative: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false", doc="Stocks and counts: no value < 0."
    )
    definition_en: Mapped[str] = mapped_column(Text)
    definition_ru: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(10), doc="Part/section of the EC profile template.")
    source_organization: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(String(60))
    source_url: Mapped[str] = mapped_column(String(300))
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Dataset(Base):
    """A source dataset and vintage that observations come from (`wdi_2025-04-15`...).

    `priority` decides which source wins in the default view when several datasets give a value
    for the same country, indicator and period: the highest priority, then the newest vintage.
    """

    __tablename__ = "dataset"
    __table_args__ = (CheckConstraint("code ~ '^[a-z0-9_.-]{1,60}$'", name="code_format"),)

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(String(200))
    vintage: Mapped[date | None] = mapped_column(Date, doc="Publisher's last-updated date.")
    licence: Mapped[str] = mapped_column(String(60))
    source_url: Mapped[str] = mapped_column(String(300))
    priority: Mapped[int] = mapped_column(SmallInteger, default=50, server_default="50")
    note: Mapped[str | None] = mapped_column(Text)


class Observation(Base):
    """One value of an indicator for a country and period from one source dataset."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("indicator_code", "country_iso3", "period", "source_dataset"),
        Index("ix_observation_indicator_year", "indicator_code", "year"),
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint(FLAGS_CHECK, name="flags_format"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code", ondelete="CASCADE"))
    country_iso3: Mapped[str] = mapped_column(
        ForeignKey("country.iso3", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(SmallInteger)
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[float] = mapped_column(Double)
    flags: Mapped[str] = mapped_column(String(6), default="", server_default="")
    note: Mapped[str | None] = mapped_column(Text)
    source_dataset: Mapped[str] = mapped_column(
        ForeignKey("dataset.code", ondelete="RESTRICT", onupdate="CASCADE"), index=True
    )
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

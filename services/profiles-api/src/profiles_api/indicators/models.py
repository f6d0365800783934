"""Indicator and observation tables."""

from sqlalchemy import (
    BigInteger,
    Double,
    ForeignKey,
    Identity,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from profiles_api.db import Base


class Indicator(Base):
    """A statistical series in the catalogue (World Bank codes where the Bank publishes it)."""

    __tablename__ = "indicator"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60))
    definition_en: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(10), doc="Part/section of the EC profile template.")
    source_organization: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(String(60))
    source_url: Mapped[str] = mapped_column(String(300))


class Observation(Base):
    """One value of an indicator for a country and year from one source dataset."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("indicator_code", "country_iso3", "year", "source_dataset"),
        Index("ix_observation_indicator_year", "indicator_code", "year"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code", ondelete="CASCADE"))
    country_iso3: Mapped[str] = mapped_column(
        ForeignKey("country.iso3", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(SmallInteger)
    value: Mapped[float] = mapped_column(Double)
    source_dataset: Mapped[str] = mapped_column(String(60))

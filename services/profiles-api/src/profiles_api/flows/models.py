"""Bilateral observations: a value for an origin-destination pair (migrant stock, remittances)."""

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
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
from profiles_api.indicators.models import FLAGS_CHECK, PERIOD_CHECK


class BilateralObservation(Base):
    """One value of a bilateral indicator for an origin -> destination corridor and period.

    Direction follows the indicator: migrants from origin living in destination; remittances sent
    from origin (the host) to destination (the home country); asylum seekers from origin (their
    citizenship) applying in destination.
    """

    __tablename__ = "bilateral_observation"
    __table_args__ = (
        UniqueConstraint(
            "indicator_code",
            "origin_iso3",
            "destination_iso3",
            "period",
            "source_dataset",
            name="uq_bilateral_observation_key",
        ),
        Index("ix_bilateral_observation_indicator_year", "indicator_code", "year"),
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint(FLAGS_CHECK, name="flags_format"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code", ondelete="CASCADE"))
    origin_iso3: Mapped[str] = mapped_column(
        ForeignKey("country.iso3", ondelete="CASCADE"), index=True
    )
    destination_iso3: Mapped[str] = mapped_column(
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

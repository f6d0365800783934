"""Boundary and capital tables."""

from geoalchemy2 import Geometry
from sqlalchemy import ARRAY, BigInteger, Double, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from map_api.db import SRID, Base


class CountryBoundary(Base):
    """A country polygon: Prague Process states (`scope`) and neighbours (`context`)."""

    __tablename__ = "country_boundary"
    __table_args__ = (Index("ix_country_boundary_geom", "geom", postgresql_using="gist"),)

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_ru: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10), index=True)
    pp_group: Mapped[str | None] = mapped_column(String(40))
    pp_status: Mapped[str | None] = mapped_column(String(40))
    bbox: Mapped[list[float]] = mapped_column(
        ARRAY(Double), doc="RFC 7946 bbox (antimeridian-aware)"
    )
    geom: Mapped[object] = mapped_column(Geometry("MULTIPOLYGON", srid=SRID, spatial_index=False))


class Capital(Base):
    """The capital city of a Prague Process state."""

    __tablename__ = "capital"
    __table_args__ = (Index("ix_capital_geom", "geom", postgresql_using="gist"),)

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    population: Mapped[int | None] = mapped_column(BigInteger)
    geom: Mapped[object] = mapped_column(Geometry("POINT", srid=SRID, spatial_index=False))

"""Region groupings: named sets of states (ISO3) such as EU27 or the Eastern Partnership."""

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from map_api.db import MERCATOR, SRID, Base, tile_band_sql


class Region(Base):
    """A grouping of states, e.g. a Prague Process regional group."""

    __tablename__ = "region"
    __table_args__ = (
        CheckConstraint("code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="code_format"),
        Index("ix_region_geom", "geom", postgresql_using="gist"),
        Index("ix_region_geom_3857", "geom_3857", postgresql_using="gist"),
    )

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_ru: Mapped[str] = mapped_column(String(100))
    description_en: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(500))
    geom: Mapped[object | None] = mapped_column(
        Geometry("MULTIPOLYGON", srid=SRID, spatial_index=False),
        doc="Union of the members' boundaries (derived by the seed).",
    )
    # Web Mercator copies for vector tiles, generated from `geom` (see countries.models).
    geom_3857: Mapped[object | None] = mapped_column(
        Geometry("GEOMETRY", srid=MERCATOR, spatial_index=False),
        Computed(tile_band_sql(None), persisted=True),
        deferred=True,
    )
    geom_3857_z1: Mapped[object | None] = mapped_column(
        Geometry("GEOMETRY", srid=MERCATOR, spatial_index=False),
        Computed(tile_band_sql(1), persisted=True),
        deferred=True,
    )
    geom_3857_z3: Mapped[object | None] = mapped_column(
        Geometry("GEOMETRY", srid=MERCATOR, spatial_index=False),
        Computed(tile_band_sql(3), persisted=True),
        deferred=True,
    )
    geom_3857_z5: Mapped[object | None] = mapped_column(
        Geometry("GEOMETRY", srid=MERCATOR, spatial_index=False),
        Computed(tile_band_sql(5), persisted=True),
        deferred=True,
    )

    members: Mapped[list["RegionMember"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="RegionMember.iso3"
    )


class RegionMember(Base):
    """A state belonging to a region."""

    __tablename__ = "region_member"
    __table_args__ = (CheckConstraint("iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),)

    region_code: Mapped[str] = mapped_column(
        ForeignKey("region.code", ondelete="CASCADE"), primary_key=True
    )
    iso3: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)

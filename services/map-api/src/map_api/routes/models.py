"""Route, crossing point and route statistic tables (schema `geo`, SRID 4326).

Routes and crossing points are editorial records: they carry the workflow columns every service
uses (`status`, `access`, `row_version`), so the editors' API can put them under the workflow,
ETags and country scopes. Geometries drawn by us from public descriptions are flagged `indicative`
(routes) or `approximate` (crossing points) and name their sources.
"""

from datetime import date, datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from map_api.db import SRID, Base

ROUTE_KINDS = ("land", "sea", "air", "mixed")
POINT_TYPES = ("road", "rail", "sea_port", "airport", "green_border")
BORDER_TYPES = ("Land", "Sea")
STATUSES = "status IN ('draft', 'submitted', 'published', 'withdrawn')"
ACCESS = "access IN ('public', 'restricted')"
SOURCES_ARRAY = "jsonb_typeof(sources) = 'array'"


class Workflow:
    """Columns of an editorial record: workflow state, access tier, version and timestamps."""

    status: Mapped[str] = mapped_column(String(20), index=True, server_default="published")
    access: Mapped[str] = mapped_column(String(20), server_default="public")
    row_version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class MigrationRoute(Workflow, Base):
    """A migratory route as Frontex names it, valid for a period (route names change)."""

    __tablename__ = "migration_route"
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy's declared name)
    __table_args__ = (
        CheckConstraint(f"kind IN {ROUTE_KINDS}", name="kind"),
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="validity"),
        CheckConstraint(SOURCES_ARRAY, name="sources_array"),
        CheckConstraint(STATUSES, name="status"),
        CheckConstraint(ACCESS, name="access"),
        CheckConstraint("geom IS NULL OR ST_IsValid(geom)", name="geom_valid"),
        Index("ix_migration_route_geom", "geom", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, doc="Exclusive; null while still in use.")
    description_en: Mapped[str] = mapped_column(Text)
    description_ru: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb"), doc="[{title, url}]"
    )
    countries: Mapped[list[str]] = mapped_column(
        ARRAY(String(3)),
        server_default=text("'{}'"),
        doc="ISO3 codes of the states the route runs through (also the editors' country scope).",
    )
    indicative: Mapped[bool] = mapped_column(
        Boolean, server_default="true", doc="The line is a sketch drawn from public descriptions."
    )
    geom: Mapped[object | None] = mapped_column(
        Geometry("MULTILINESTRING", srid=SRID, spatial_index=False)
    )


class CrossingPoint(Workflow, Base):
    """A border crossing point (or a green-border section) between two states."""

    __tablename__ = "crossing_point"
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy's declared name)
    __table_args__ = (
        CheckConstraint(f"type IN {POINT_TYPES}", name="type"),
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint("country_a ~ '^[A-Z]{3}$' AND country_b ~ '^[A-Z]{3}$'", name="iso3"),
        CheckConstraint("country_a <> country_b", name="two_countries"),
        CheckConstraint(SOURCES_ARRAY, name="sources_array"),
        CheckConstraint(STATUSES, name="status"),
        CheckConstraint(ACCESS, name="access"),
        Index("ix_crossing_point_geom", "geom", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20), index=True)
    country_a: Mapped[str] = mapped_column(String(3), index=True)
    country_b: Mapped[str] = mapped_column(String(3), index=True)
    route_id: Mapped[int | None] = mapped_column(
        ForeignKey("migration_route.id", ondelete="SET NULL"), index=True
    )
    approximate: Mapped[bool] = mapped_column(
        Boolean, server_default="true", doc="The position is approximate (within ~1 km)."
    )
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb"), doc="[{title, url}]"
    )
    geom: Mapped[object] = mapped_column(Geometry("POINT", srid=SRID, spatial_index=False))


class RouteStatistic(Base):
    """Detections of illegal border crossings on a route, per month and nationality (Frontex)."""

    __tablename__ = "route_statistic"
    __table_args__ = (
        UniqueConstraint("route_id", "border_type", "nationality_iso3", "month"),
        CheckConstraint(f"border_type IN {BORDER_TYPES}", name="border_type"),
        CheckConstraint("nationality_iso3 ~ '^[A-Z]{3}$'", name="nationality_format"),
        CheckConstraint("EXTRACT(DAY FROM month) = 1", name="first_of_month"),
        CheckConstraint("detections >= 0", name="non_negative"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("migration_route.id", ondelete="RESTRICT"))
    border_type: Mapped[str] = mapped_column(String(4))
    nationality_iso3: Mapped[str] = mapped_column(
        String(3), index=True, doc="ISO3 code; OOO = other or unknown, STL = stateless (Frontex)."
    )
    month: Mapped[date] = mapped_column(Date, index=True, doc="First day of the month.")
    detections: Mapped[int] = mapped_column(Integer)

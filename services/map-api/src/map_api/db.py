"""Declarative base of map-api: all tables in schema `geo` (SRID 4326)."""

from imap_kit.history import history_tables
from imap_kit.models import make_metadata
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "geo"
SRID = 4326
MERCATOR = 3857
WORLD_METRES = 40075016.68557849  # width of the Web Mercator world
TILE_BANDS = (1, 3, 5)  # zooms the simplified tile geometries are made for


def simplify_tolerance(zoom: int) -> float:
    """Half a screen pixel (512-pixel tiles) at `zoom`, in Web Mercator metres."""
    return WORLD_METRES / (2**zoom * 1024)


def tile_band_sql(zoom: int | None) -> str:
    """SQL of a generated Web Mercator copy of `geom`: full (None) or simplified for `zoom`."""
    mercator = f"ST_Transform(geom, {MERCATOR})"
    if zoom is None:
        return mercator
    return f"ST_SimplifyPreserveTopology({mercator}, {simplify_tolerance(zoom):.2f})"


class Base(DeclarativeBase):
    """Base of every model of this service."""

    metadata = make_metadata(SCHEMA)


HISTORY = history_tables(Base.metadata)  # versions and audit log of editorial records

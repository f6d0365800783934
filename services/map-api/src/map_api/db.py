"""Declarative base of map-api: all tables in schema `geo` (SRID 4326)."""

from imap_kit.models import make_metadata
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "geo"
SRID = 4326


class Base(DeclarativeBase):
    """Base of every model of this service."""

    metadata = make_metadata(SCHEMA)

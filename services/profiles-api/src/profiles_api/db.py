"""Declarative base of profiles-api: all tables in schema `profiles`."""

from imap_kit.history import history_tables
from imap_kit.models import make_metadata
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "profiles"


class Base(DeclarativeBase):
    """Base of every model of this service."""

    metadata = make_metadata(SCHEMA)


HISTORY = history_tables(Base.metadata)

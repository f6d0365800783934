"""Declarative base of identity-api: all tables in schema `identity`."""

from imap_kit.models import make_metadata
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "identity"


class Base(DeclarativeBase):
    """Base of every model of this service."""

    metadata = make_metadata(SCHEMA)

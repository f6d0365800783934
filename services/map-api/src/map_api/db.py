"""Declarative base of map-api: all tables in schema `geo` (SRID 4326)."""

from imap_kit.models import make_base

SCHEMA = "geo"
SRID = 4326
Base = make_base(SCHEMA)

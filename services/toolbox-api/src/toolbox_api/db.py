"""Declarative base of toolbox-api: all tables in schema `toolbox`."""

from imap_kit.models import make_base

SCHEMA = "toolbox"
Base = make_base(SCHEMA)

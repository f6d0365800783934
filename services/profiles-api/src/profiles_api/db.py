"""Declarative base of profiles-api: all tables in schema `profiles`."""

from imap_kit.models import make_base

SCHEMA = "profiles"
Base = make_base(SCHEMA)

"""Alembic environment of map-api: schema `geo`, version table inside it."""

from imap_kit.migrations import run_env
from map_api.countries import models as _countries  # noqa: F401  (register tables)
from map_api.db import SCHEMA, Base

run_env(Base.metadata, SCHEMA)

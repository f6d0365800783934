"""Alembic environment of map-api: schema `geo`, version table inside it."""

from imap_kit.migrations import run_env
from map_api import revisions as _revisions  # noqa: F401  (register tables)
from map_api.countries import models as _countries  # noqa: F401
from map_api.db import SCHEMA, Base
from map_api.regions import models as _regions  # noqa: F401
from map_api.routes import models as _routes  # noqa: F401

run_env(Base.metadata, SCHEMA)

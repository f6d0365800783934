"""Alembic environment of profiles-api: schema `profiles`, version table inside it."""

from imap_kit.migrations import run_env
from profiles_api.classifications import models as _classifications  # noqa: F401
from profiles_api.countries import models as _countries  # noqa: F401  (register tables)
from profiles_api.db import SCHEMA, Base
from profiles_api.documents import models as _documents  # noqa: F401
from profiles_api.flows import models as _flows  # noqa: F401
from profiles_api.imports import models as _imports  # noqa: F401
from profiles_api.indicators import models as _indicators  # noqa: F401
from profiles_api.revision import DataRevision as _revision  # noqa: F401
from profiles_api.shortages import models as _shortages  # noqa: F401

run_env(Base.metadata, SCHEMA)

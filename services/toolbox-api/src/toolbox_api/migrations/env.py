"""Alembic environment of toolbox-api: schema `toolbox`, version table inside it."""

from imap_kit.migrations import run_env
from toolbox_api.common import models as _seed_state  # noqa: F401
from toolbox_api.db import SCHEMA, Base
from toolbox_api.initiatives import models as _initiatives  # noqa: F401  (register tables)
from toolbox_api.practices import models as _practices  # noqa: F401
from toolbox_api.search import models as _search  # noqa: F401
from toolbox_api.strategies import models as _strategies  # noqa: F401
from toolbox_api.themes import models as _themes  # noqa: F401

run_env(Base.metadata, SCHEMA)

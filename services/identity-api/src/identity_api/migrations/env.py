"""Alembic environment of identity-api: schema `identity`, version table inside it."""

from identity_api.api_keys import models as _api_keys  # noqa: F401  (register tables)
from identity_api.db import SCHEMA, Base
from identity_api.tokens import models as _tokens  # noqa: F401
from identity_api.users import models as _users  # noqa: F401
from imap_kit.migrations import run_env

run_env(Base.metadata, SCHEMA)

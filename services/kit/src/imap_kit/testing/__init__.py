"""Test support for real-PostGIS tests: throwaway databases migrated with the real Alembic chain."""

from imap_kit.testing.database import (
    admin_url,
    create_database,
    database_fixture,
    drop_database,
    prepare_database,
)

__all__ = ["admin_url", "create_database", "database_fixture", "drop_database", "prepare_database"]

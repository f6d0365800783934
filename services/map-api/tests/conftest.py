"""map-api test setup: a throwaway PostGIS database migrated with the real chain and seeded."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from imap_kit.auth import AuthSettings
from imap_kit.testing import database_fixture
from imap_kit.testing.tokens import TestIssuer
from map_api.main import MIGRATIONS, create_app
from map_api.seed import seed
from map_api.settings import MapSettings

REPO = Path(__file__).resolve().parents[3]

database_url = database_fixture(
    bootstrap_sql=REPO / "deploy/sql/bootstrap.sql", migrations=MIGRATIONS, seed=seed
)


@pytest.fixture
def app(database_url: str, issuer: TestIssuer) -> FastAPI:
    # Tests change data inside a transaction that is never committed, so no notification
    # reaches the revision watcher: revisions are queried (the watcher has its own test).
    settings = MapSettings(
        database_url=database_url,
        log_json=False,
        auth=AuthSettings(jwks=issuer.jwks_json),
        revision_listen=False,
    )
    return create_app(settings)

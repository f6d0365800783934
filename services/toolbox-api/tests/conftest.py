"""toolbox-api test setup: a throwaway PostGIS database migrated with the real chain and seeded."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from imap_kit.auth import AuthSettings
from imap_kit.testing import database_fixture
from imap_kit.testing.tokens import TestIssuer
from toolbox_api.main import MIGRATIONS, create_app
from toolbox_api.seed import seed
from toolbox_api.settings import ToolboxSettings

REPO = Path(__file__).resolve().parents[3]

database_url = database_fixture(
    bootstrap_sql=REPO / "deploy/sql/bootstrap.sql", migrations=MIGRATIONS, seed=seed
)


@pytest.fixture
def app(database_url: str, issuer: TestIssuer) -> FastAPI:
    settings = ToolboxSettings(
        database_url=database_url, log_json=False, auth=AuthSettings(jwks=issuer.jwks_json)
    )
    return create_app(settings)


@pytest.fixture
def as_(issuer: TestIssuer):
    """Headers for a caller: as_("editor"), as_("contributor", countries=("GEO",)), as_()."""

    def headers(*roles: str, countries: tuple[str, ...] = (), **kw: object) -> dict[str, str]:
        return issuer.headers(*roles, countries=countries, **kw) if roles else {}

    return headers

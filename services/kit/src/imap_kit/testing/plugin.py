"""pytest plugin (auto-loaded via the `pytest11` entry point): per-test rolled-back sessions and an
HTTP client bound to them.

A service's conftest provides two fixtures: `database_url` (from `database_fixture`) and `app`
(its `create_app` with settings pointing at `database_url`). This plugin then offers:

* `db_session`: an `AsyncSession` inside a transaction that is rolled back after the test;
* `client`: an `httpx.AsyncClient` on the app, whose request sessions join that transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from imap_kit.db import get_session
from imap_kit.settings import to_async_url
from imap_kit.testing.tokens import TestIssuer


@pytest.fixture(scope="session")
def issuer() -> TestIssuer:
    """A key pair standing in for identity-api: `AuthSettings(jwks=issuer.jwks_json)`."""
    return TestIssuer()


@pytest_asyncio.fixture
async def db_session(database_url: str) -> AsyncIterator[AsyncSession]:
    """A session whose work, commits included, is rolled back when the test ends."""
    engine = create_async_engine(to_async_url(database_url), poolclass=NullPool)
    async with engine.connect() as conn:
        outer = await conn.begin()
        session = AsyncSession(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()
    await engine.dispose()


@pytest_asyncio.fixture
async def client(app: FastAPI, db_session: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app (lifespan running) whose sessions share `db_session`."""

    async def session_override() -> AsyncIterator[AsyncSession]:
        yield db_session
        await db_session.commit()  # releases the savepoint only

    app.dependency_overrides[get_session] = session_override
    # Requests carry the gateway prefix, as the public links do.
    root = app.state.settings.root_path
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=transport, base_url=f"http://testserver{root}") as c:
            yield c
    app.dependency_overrides.clear()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: needs a real PostGIS database")

"""Throwaway databases: create, bootstrap (PostGIS + schemas), migrate, seed, drop.

Never touches a database that existed before the test run: every database is created here with a
random name and dropped at the end, through the admin URL in ``IMAP_TEST_ADMIN_URL``.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from imap_kit.migrations import upgrade

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
Seeder = Callable[[AsyncSession], Awaitable[object]]


def admin_url() -> str:
    """The maintenance-database URL used to create and drop test databases."""
    return os.environ.get("IMAP_TEST_ADMIN_URL", DEFAULT_ADMIN_URL)


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(prefix: str = "imap_test") -> str:
    """Create an empty database with a random name; return its plain postgresql:// URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"

    async def run() -> None:
        conn = await asyncpg.connect(admin_url())
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(run())
    return _with_db(admin_url(), name)


def drop_database(url: str) -> None:
    """Drop a database made by `create_database`, closing any connection left open."""
    name = urlsplit(url).path.lstrip("/")

    async def run() -> None:
        conn = await asyncpg.connect(admin_url())
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    asyncio.run(run())


def run_sql_file(url: str, path: Path) -> None:
    """Execute a plain SQL script (such as deploy/sql/bootstrap.sql)."""

    sql = path.read_text()

    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


def prepare_database(
    url: str, *, bootstrap_sql: Path, migrations: Path, seed: Seeder | None = None
) -> None:
    """Bootstrap, migrate to head with the real chain, and optionally seed."""
    run_sql_file(url, bootstrap_sql)
    upgrade(migrations, url)
    if seed is not None:
        from imap_kit.cli import run_seed
        from imap_kit.settings import ServiceSettings

        settings = ServiceSettings(database_url=url)
        asyncio.run(run_seed(settings, seed))  # type: ignore[arg-type]


def database_fixture(
    *, bootstrap_sql: Path, migrations: Path, seed: Seeder | None = None
) -> Callable[..., Iterator[str]]:
    """A session-scoped `database_url` fixture for one service's conftest.

    Defined per service (not in the plugin) so each service gets its own throwaway database.
    """

    @pytest.fixture(scope="session")
    def database_url() -> Iterator[str]:
        url = create_database()
        try:
            prepare_database(url, bootstrap_sql=bootstrap_sql, migrations=migrations, seed=seed)
            yield url
        finally:
            drop_database(url)

    return database_url

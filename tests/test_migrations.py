"""All four Alembic chains on one empty database: up, down to base, up again."""

import asyncio

import asyncpg
import pytest
from imap_kit.migrations import downgrade, upgrade
from imap_kit.testing import create_database, drop_database
from imap_kit.testing.database import run_sql_file

from .conftest import BOOTSTRAP_SQL, SERVICES


def _query(url: str, sql: str, *args: object) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(url)
        try:
            return await conn.fetch(sql, *args)
        finally:
            await conn.close()

    return asyncio.run(run())


def _tables(url: str) -> dict[str, set[str]]:
    rows = _query(
        url,
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1::text[])",
        ["public", *(svc.schema for svc in SERVICES)],
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["table_schema"], set()).add(r["table_name"])
    return out


@pytest.fixture
def empty_db() -> str:
    url = create_database("imap_mig")
    run_sql_file(url, BOOTSTRAP_SQL)
    yield url
    drop_database(url)


def test_chains_upgrade_downgrade_upgrade(empty_db: str) -> None:
    for svc in SERVICES:
        upgrade(svc.migrations, empty_db)
    tables = _tables(empty_db)
    for svc in SERVICES:
        assert "alembic_version" in tables[svc.schema], svc.name
        assert len(tables[svc.schema]) > 1, svc.name
    # Nothing of ours in public: only PostGIS's own catalogue table lives there.
    assert tables.get("public", set()) <= {"spatial_ref_sys"}

    for svc in reversed(SERVICES):
        downgrade(svc.migrations, empty_db, "base")
    after = _tables(empty_db)
    for svc in SERVICES:
        assert after.get(svc.schema, set()) <= {"alembic_version"}, svc.name

    for svc in SERVICES:
        upgrade(svc.migrations, empty_db)
    assert _tables(empty_db) == tables

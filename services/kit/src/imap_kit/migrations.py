"""Alembic helpers: one chain per service, its version table inside the service's own schema.

A service's ``migrations/env.py`` is two lines: import its metadata and call `run_env`.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from imap_kit.settings import to_async_url

VERSION_TABLE = "alembic_version"


def alembic_config(script_location: Path, url: str | None = None) -> Config:
    """An Alembic config for a chain, built in code so it works from an installed wheel."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s")
    if url:
        cfg.set_main_option("sqlalchemy.url", to_async_url(url).replace("%", "%%"))
    return cfg


def upgrade(script_location: Path, url: str, revision: str = "head") -> None:
    """Upgrade the chain at `script_location` on the database at `url`."""
    command.upgrade(alembic_config(script_location, url), revision)


def downgrade(script_location: Path, url: str, revision: str = "base") -> None:
    """Downgrade the chain at `script_location` to `revision` (default: empty)."""
    command.downgrade(alembic_config(script_location, url), revision)


def head_revision(script_location: Path) -> str | None:
    """The head revision id of a chain (None when it has no migrations)."""
    return ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()


async def current_revision(conn: AsyncConnection, schema: str) -> str | None:
    """The revision recorded in `<schema>.alembic_version`, or None when not migrated."""
    exists = await conn.scalar(text("SELECT to_regclass(:t)"), {"t": f"{schema}.{VERSION_TABLE}"})
    if exists is None:
        return None
    table = f'"{schema}".{VERSION_TABLE}'  # schema is a code constant, never user input
    return await conn.scalar(text(f"SELECT version_num FROM {table}"))


def run_env(metadata: MetaData, schema: str) -> None:
    """Body of a service's env.py: online migrations (async) filtered to the service's schema."""

    def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
        if type_ == "schema":
            return name == schema
        return True

    def configure(connection: Connection | None = None, **kw: Any) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=True,
            include_name=include_name,
            compare_type=True,
            **kw,
        )

    url = context.config.get_main_option("sqlalchemy.url") or to_async_url(
        os.environ["DATABASE_URL"]
    )
    if context.is_offline_mode():
        configure(url=url, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def do_run(connection: Connection) -> None:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(url, poolclass=NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(do_run)
            await conn.commit()
        await engine.dispose()

    asyncio.run(run_async())

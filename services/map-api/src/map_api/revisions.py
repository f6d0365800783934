"""Data revisions: one counter per table, bumped by statement triggers on every change.

Feature and tile responses derive their ETag from the revisions of the tables under them, so a
revalidation (`If-None-Match`) answers 304 after one tiny query (or none, while the watcher
below listens to the trigger's notifications), and in-process caches know when to drop what they
hold.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import asyncpg
from sqlalchemy import BigInteger, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from starlette.requests import Request

from map_api.db import Base

REVISED_TABLES = (
    "country_boundary",
    "capital",
    "migration_route",
    "crossing_point",
    "route_statistic",
    "region",
    "region_member",
)


class DataRevision(Base):
    """How many write statements have touched a table (monotonic)."""

    __tablename__ = "data_revision"

    table_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)


async def revisions(
    session: AsyncSession, tables: Iterable[str], live: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Current revision of each of `tables` (from `live`, the watcher's snapshot, if given)."""
    if live is not None:
        return {name: live[name] for name in sorted(set(tables)) if name in live}
    rows = await session.execute(
        select(DataRevision.table_name, DataRevision.revision).where(
            DataRevision.table_name.in_(sorted(set(tables)))
        )
    )
    return {name: rev for name, rev in rows}


def live(request: Request) -> Mapping[str, int] | None:
    """The app's in-memory revisions, or None (not listening: query the table)."""
    watcher: RevisionWatcher | None = getattr(request.app.state, "revisions", None)
    return watcher.snapshot() if watcher is not None else None


CHANNEL = "geo_data_revision"  # the bump trigger's NOTIFY channel (payload `table:revision`)
log = logging.getLogger("map_api.revisions")


class RevisionWatcher:
    """The table revisions kept in memory: read once, then updated by the trigger's NOTIFY on a
    dedicated connection (`LISTEN` first, then the read, so no change falls in between).

    While the connection is down (or before it is up) `snapshot()` is None and callers query
    `geo.data_revision` instead; the watcher reconnects in the background.
    """

    def __init__(self, dsn: str, *, retry_seconds: float = 2.0) -> None:
        self.dsn = dsn
        self.retry_seconds = retry_seconds
        self._revisions: dict[str, int] | None = None
        self._conn: asyncpg.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def snapshot(self) -> Mapping[str, int] | None:
        """The current revisions, or None when not listening."""
        return self._revisions

    async def start(self) -> None:
        """Connect and listen (on failure, keep retrying in the background)."""
        if not await self._connect():
            self._retry()

    async def stop(self) -> None:
        """Stop listening and close the connection."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
        self._revisions = None
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()

    async def _connect(self) -> bool:
        try:
            conn = await asyncpg.connect(self.dsn)
            await conn.add_listener(CHANNEL, self._notified)
            conn.add_termination_listener(self._lost)
            rows = await conn.fetch("SELECT table_name, revision FROM geo.data_revision")
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("revision notifications unavailable (%s); querying instead", exc)
            return False
        self._conn = conn
        self._revisions = {r["table_name"]: r["revision"] for r in rows}
        return True

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        table, _, number = payload.rpartition(":")
        current = self._revisions
        if current is not None and number.isdigit():
            current[table] = max(current.get(table, 0), int(number))

    def _lost(self, _conn: Any) -> None:
        self._revisions = None
        if not self._stopping:
            log.warning("revision notifications lost; querying until reconnected")
            self._retry()

    def _retry(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = self.retry_seconds
        while not self._stopping and not await self._connect():
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)

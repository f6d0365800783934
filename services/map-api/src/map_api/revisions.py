"""Data revisions: one counter per table, bumped by statement triggers on every change.

Feature and (later) tile responses derive their ETag from the revisions of the tables under them,
so a revalidation (`If-None-Match`) answers 304 after one tiny query, and in-process caches know
when to drop what they hold.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import BigInteger, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

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


async def revisions(session: AsyncSession, tables: Iterable[str]) -> dict[str, int]:
    """Current revision of each of `tables`."""
    rows = await session.execute(
        select(DataRevision.table_name, DataRevision.revision).where(
            DataRevision.table_name.in_(sorted(set(tables)))
        )
    )
    return {name: rev for name, rev in rows}

"""Idempotent bulk upserts for seed data: re-running a seed changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Table, literal_column, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

BATCH = 1000


@dataclass
class UpsertCounts:
    """What an upsert did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


async def upsert(
    session: AsyncSession,
    table: Table,
    rows: Iterable[Mapping[str, Any]],
    *,
    keys: Sequence[str],
    update: bool = True,
    bump: str | None = None,
) -> UpsertCounts:
    """Insert `rows`, update those whose values changed, leave identical rows untouched.

    With `update=False` existing rows are never touched (editorial content an editor may have
    changed since it was seeded). `bump` names a row-version column to increment on every update,
    so ETags change when an import changes a row.
    """
    counts = UpsertCounts()
    batch: list[Mapping[str, Any]] = []

    async def flush() -> None:
        if not batch:
            return
        stmt = insert(table).values(batch)
        columns = [c for c in batch[0] if c not in keys]
        if columns and update:
            changes: dict[str, Any] = {c: stmt.excluded[c] for c in columns}
            if bump:
                changes[bump] = table.c[bump] + 1
            stmt = stmt.on_conflict_do_update(
                index_elements=list(keys),
                set_=changes,
                where=tuple_(*(table.c[c] for c in columns)).is_distinct_from(
                    tuple_(*(stmt.excluded[c] for c in columns))
                ),
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
        returned = stmt.returning(literal_column("xmax = 0", type_=Boolean))
        flags: Sequence[bool] = (await session.scalars(returned)).all()
        inserted = sum(1 for f in flags if f)
        counts.inserted += inserted
        counts.updated += len(flags) - inserted
        counts.unchanged += len(batch) - len(flags)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            await flush()
    await flush()
    return counts

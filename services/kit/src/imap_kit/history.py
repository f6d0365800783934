"""Versions and the audit log: every write keeps a full snapshot and an append-only audit entry.

Each service creates the two tables in its own schema (`history_tables(metadata)`, migrated with
`append_only_sql` so the audit log refuses UPDATE and DELETE) and calls `record_write` from its
services. Readers list the versions of a record and diff any two; admins query the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from imap_kit.auth import Principal
from imap_kit.errors import NotFound
from imap_kit.logging import request_id_var


@dataclass(frozen=True)
class HistoryTables:
    """A service's version and audit tables."""

    version: Table
    audit: Table


def history_tables(metadata: MetaData) -> HistoryTables:
    """Define `record_version` and `audit_log` on a service's metadata."""
    version = Table(
        "record_version",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("record_type", String(40), nullable=False),
        Column("record_id", String(64), nullable=False),
        Column("version", Integer, nullable=False),
        Column("status", String(20), nullable=True),
        Column("snapshot", JSONB, nullable=False),
        Column("author", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("comment", Text, nullable=True),
        UniqueConstraint("record_type", "record_id", "version"),
    )
    audit = Table(
        "audit_log",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("actor", String(200), nullable=False),
        Column("action", String(40), nullable=False),
        Column("record_type", String(40), nullable=False),
        Column("record_id", String(64), nullable=False),
        Column("before", JSONB, nullable=True),
        Column("after", JSONB, nullable=True),
        Column("request_id", String(128), nullable=True),
        Index("ix_audit_log_record", "record_type", "record_id"),
        Index("ix_audit_log_at", "at"),
    )
    return HistoryTables(version, audit)


def append_only_sql(schema: str, table: str = "audit_log") -> tuple[list[str], list[str]]:
    """(upgrade, downgrade) statements making `schema.table` refuse UPDATE and DELETE."""
    fn = f'"{schema}".{table}_append_only'
    up = [
        f"CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$",
        f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{schema}".{table} '
        f"FOR EACH ROW EXECUTE FUNCTION {fn}()",
    ]
    down = [
        f'DROP TRIGGER IF EXISTS {table}_append_only ON "{schema}".{table}',
        f"DROP FUNCTION IF EXISTS {fn}()",
    ]
    return up, down


def actor(principal: Principal) -> str:
    """How a principal is named in versions and the audit log."""
    return f"{principal.subject} ({principal.name})" if principal.name else str(principal.subject)


async def record_write(
    session: AsyncSession,
    tables: HistoryTables,
    *,
    principal: Principal,
    action: str,
    record_type: str,
    record_id: str,
    version: int,
    status: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    comment: str | None = None,
) -> None:
    """Keep the new version (unless deleted) and append the audit entry."""
    who = actor(principal)
    if after is not None:
        await session.execute(
            insert(tables.version).values(
                record_type=record_type,
                record_id=record_id,
                version=version,
                status=status,
                snapshot=after,
                author=who,
                comment=comment,
            )
        )
    await session.execute(
        insert(tables.audit).values(
            actor=who,
            action=action,
            record_type=record_type,
            record_id=record_id,
            before=before,
            after=after,
            request_id=request_id_var.get(),
        )
    )


class VersionRead(BaseModel):
    """One kept version of a record."""

    version: int
    status: str | None
    author: str
    created_at: datetime
    comment: str | None
    snapshot: dict[str, Any] = Field(description="The full record as it was saved.")


class Change(BaseModel):
    """One field that differs between two versions."""

    field: str
    before: Any
    after: Any


class DiffRead(BaseModel):
    """What changed between two versions of a record."""

    record_id: str
    from_version: int
    to_version: int
    changes: list[Change]


class AuditEntryRead(BaseModel):
    """One write, as the audit log keeps it."""

    id: int
    at: datetime
    actor: str
    action: str
    record_type: str
    record_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None


async def list_versions(
    session: AsyncSession, tables: HistoryTables, record_type: str, record_id: str
) -> list[VersionRead]:
    """All versions of a record, newest first."""
    t = tables.version
    rows = await session.execute(
        select(t)
        .where(t.c.record_type == record_type, t.c.record_id == record_id)
        .order_by(t.c.version.desc())
    )
    return [VersionRead.model_validate(r, from_attributes=True) for r in rows]


async def get_version(
    session: AsyncSession, tables: HistoryTables, record_type: str, record_id: str, version: int
) -> VersionRead:
    """One version of a record, or NotFound."""
    t = tables.version
    row = (
        await session.execute(
            select(t).where(
                t.c.record_type == record_type, t.c.record_id == record_id, t.c.version == version
            )
        )
    ).first()
    if row is None:
        raise NotFound(f"No version {version} of {record_type} {record_id}.")
    return VersionRead.model_validate(row, from_attributes=True)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Field-by-field changes from `old` to `new` (top-level fields, sorted by name)."""
    return [
        Change(field=k, before=old.get(k), after=new.get(k))
        for k in sorted(old.keys() | new.keys())
        if old.get(k) != new.get(k)
    ]


async def diff_versions(
    session: AsyncSession,
    tables: HistoryTables,
    record_type: str,
    record_id: str,
    from_version: int,
    to_version: int,
) -> DiffRead:
    """The changes between two kept versions."""
    a = await get_version(session, tables, record_type, record_id, from_version)
    b = await get_version(session, tables, record_type, record_id, to_version)
    return DiffRead(
        record_id=record_id,
        from_version=from_version,
        to_version=to_version,
        changes=diff(a.snapshot, b.snapshot),
    )


async def query_audit(
    session: AsyncSession,
    tables: HistoryTables,
    *,
    record_type: str | None,
    record_id: str | None,
    actor_contains: str | None,
    limit: int,
    offset: int,
) -> tuple[list[AuditEntryRead], int]:
    """Audit entries, newest first, optionally for one record or actor."""
    t = tables.audit
    query = select(t)
    if record_type:
        query = query.where(t.c.record_type == record_type)
    if record_id:
        query = query.where(t.c.record_id == record_id)
    if actor_contains:
        query = query.where(t.c.actor.contains(actor_contains, autoescape=True))
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(query.order_by(t.c.id.desc()).limit(limit).offset(offset))
    return [AuditEntryRead.model_validate(r, from_attributes=True) for r in rows], total or 0

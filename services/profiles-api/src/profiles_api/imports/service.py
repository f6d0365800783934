"""Import rules: validate a whole file first, then upsert it and record the batch; or reject it.

A rejection changes no statistics: the importer writes nothing before the file has passed every
check, and the request's transaction rolls back. The rejected batch itself is kept all the same,
written in a separate transaction (`record_rejection`), so editors can see what was refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from imap_kit.auth import Principal
from imap_kit.history import actor, record_write
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from profiles_api.db import HISTORY
from profiles_api.imports import wb_api_csv
from profiles_api.imports.exceptions import (
    REJECTIONS,
    ImportBatchNotFound,
    ImportRejected,
    ImportTooLarge,
)
from profiles_api.imports.models import ImportBatch
from profiles_api.imports.repository import ImportRepository
from profiles_api.imports.schemas import ImportBatchRead

WB_API_CSV = "wb_api_csv"
RECORD = "import_batch"


@dataclass(frozen=True)
class ImportFile:
    """A file to import: name, bytes (empty when over the size limit), size and SHA-256."""

    name: str
    content: bytes
    size: int
    sha256: str

    @classmethod
    def of(cls, name: str, content: bytes) -> ImportFile:
        """Wrap bytes read in full (CLI, seed, tests)."""
        return cls(name, content, len(content), hashlib.sha256(content).hexdigest())


def _batch(file: ImportFile, principal: Principal, **values: Any) -> dict[str, Any]:
    return {
        "importer": WB_API_CSV,
        "file_name": file.name[:255],
        "sha256": file.sha256,
        "size_bytes": file.size,
        "created_by": actor(principal),
        **values,
    }


def _rejection(
    file: ImportFile, principal: Principal, parsed: wb_api_csv.ParsedFile
) -> ImportRejected:
    problems = parsed.problems
    errors = problems.listed
    shown = f"the first {len(errors)} are listed" if problems.count > len(errors) else "listed"
    detail = f"'{file.name}' was rejected: {problems.count} error(s), {shown} by line and column."
    batch = _batch(
        file,
        principal,
        status="rejected",
        indicator_code=(parsed.indicator_code or "")[:40] or None,
        source_dataset=f"wdi_{parsed.last_updated}" if parsed.last_updated else None,
        rows_read=parsed.rows_read,
        rejected=problems.count,
        errors=[e.model_dump(mode="json") for e in errors],
    )
    return ImportRejected(detail, errors=errors, batch=batch)


async def _observations(
    repo: ImportRepository, parsed: wb_api_csv.ParsedFile
) -> tuple[list[dict[str, Any]], int]:
    """Observation rows of the register's states; counts the lines skipped (aggregates...)."""
    code = parsed.indicator_code or ""
    if not await repo.indicator_exists(code):
        where = f"line {parsed.indicator_line}, column 4"
        parsed.problems.add(where, "unknown indicator code: not in the catalogue", code)
    register = await repo.wb_codes()
    source = f"wdi_{parsed.last_updated}"
    rows: list[dict[str, Any]] = []
    skipped = 0
    for line in parsed.lines:
        iso3 = register.get(line.wb_code)
        if iso3 is None:
            skipped += 1
            continue
        rows.extend(
            {
                "indicator_code": code,
                "country_iso3": iso3,
                "year": year,
                "value": value,
                "source_dataset": source,
            }
            for _, year, value in line.values
        )
    return rows, skipped


def _parse(file: ImportFile, principal: Principal, max_bytes: int) -> wb_api_csv.ParsedFile:
    if file.size > max_bytes:
        detail = f"'{file.name}' has {file.size} bytes; the limit is {max_bytes}."
        errors = [{"field": "file", "reason": detail, "value": None}]
        batch = _batch(file, principal, status="rejected", rejected=1, errors=errors)
        raise ImportTooLarge(detail, batch=batch)
    try:
        return wb_api_csv.parse(file.content)
    except wb_api_csv.LayoutError as exc:
        parsed = wb_api_csv.ParsedFile()
        parsed.problems.add(exc.error.field, exc.error.reason, exc.error.value)
        raise _rejection(file, principal, parsed) from None


async def apply_wb_api_csv(
    session: AsyncSession,
    file: ImportFile,
    *,
    principal: Principal,
    max_bytes: int,
    record_unchanged: bool = True,
) -> ImportBatch | None:
    """Import one World Bank API CSV file, all or nothing; the applied batch (None when nothing
    changed and `record_unchanged` is off, as the seed does)."""
    parsed = _parse(file, principal, max_bytes)
    repo = ImportRepository(session)
    rows, skipped = await _observations(repo, parsed)
    if parsed.problems.count:
        raise _rejection(file, principal, parsed)
    counts = await repo.upsert_observations(rows)
    if not record_unchanged and not (counts.inserted or counts.updated):
        return None
    batch = await repo.add_batch(
        _batch(
            file,
            principal,
            status="applied",
            indicator_code=parsed.indicator_code,
            source_dataset=f"wdi_{parsed.last_updated}",
            rows_read=parsed.rows_read,
            rows_skipped=skipped,
            values_read=len(rows),
            inserted=counts.inserted,
            updated=counts.updated,
            unchanged=counts.unchanged,
            rejected=0,
            errors=[],
        )
    )
    await _audit(session, principal, batch, action="import")
    return batch


async def _audit(
    session: AsyncSession, principal: Principal, batch: ImportBatch, *, action: str
) -> None:
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action=action,
        record_type=RECORD,
        record_id=str(batch.id),
        version=1,
        status=batch.status,
        before=None,
        after=ImportBatchRead.model_validate(batch).model_dump(mode="json"),
    )


async def record_rejection(
    sessionmaker: async_sessionmaker[AsyncSession], batch: dict[str, Any], principal: Principal
) -> int:
    """Keep a rejected batch in its own transaction (the import's transaction rolls back)."""
    async with sessionmaker() as session, session.begin():
        row = await ImportRepository(session).add_batch(batch)
        await _audit(session, principal, row, action="reject")
        return row.id


async def import_file(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    file: ImportFile,
    *,
    principal: Principal,
    max_bytes: int,
) -> ImportBatch:
    """Apply one file; on rejection record the rejected batch separately and re-raise."""
    try:
        batch = await apply_wb_api_csv(session, file, principal=principal, max_bytes=max_bytes)
    except REJECTIONS as exc:
        batch_id = await record_rejection(sessionmaker, exc.batch, principal)
        exc.detail = f"{exc.detail} Nothing was imported (import batch {batch_id})."
        raise
    assert batch is not None  # record_unchanged is on
    return batch


async def list_batches(
    session: AsyncSession, *, importer: str | None, status: str | None, limit: int, offset: int
) -> tuple[list[ImportBatch], int]:
    """Import batches, newest first."""
    return await ImportRepository(session).find_batches(
        importer=importer, status=status, limit=limit, offset=offset
    )


async def get_batch(session: AsyncSession, batch_id: int) -> ImportBatch:
    """One import batch, or ImportBatchNotFound."""
    batch = await ImportRepository(session).get_batch(batch_id)
    if batch is None:
        raise ImportBatchNotFound(batch_id)
    return batch

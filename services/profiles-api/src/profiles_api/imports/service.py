"""Import rules: parse a whole file, check it, then upsert it and record the batch; or reject it.

A rejection changes no statistics: the importer writes nothing before the file has passed every
check, and the request's transaction rolls back. The rejected batch itself is kept all the same,
written in a separate transaction (`record_rejection`), so editors can see what was refused.

Checks common to every layout (the parsers check their own layout): the indicator is in the
catalogue and of the right kind (country or bilateral), the source dataset is known, the period is
a year, quarter or month in 1900-2100, flags are known letters, stocks and counts are not negative,
and no value appears twice in one file. Metadata files also carry `Update`s to catalogue or register
entries: each must name an existing entry; they are applied after the same checks, in the same
transaction, and counted in the batch as updated or unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from imap_kit.auth import Principal
from imap_kit.history import actor, record_write
from imap_kit.seeding import UpsertCounts
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from profiles_api.db import HISTORY
from profiles_api.imports.common import (
    UPDATABLE,
    LayoutError,
    Parsed,
    Value,
    check_flags,
    check_period,
)
from profiles_api.imports.exceptions import (
    REJECTIONS,
    ImportBatchNotFound,
    ImportRejected,
    ImportTooLarge,
)
from profiles_api.imports.models import ImportBatch
from profiles_api.imports.registry import IMPORTERS, Importer
from profiles_api.imports.repository import ImportRepository
from profiles_api.imports.schemas import ImportBatchRead

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


def _batch(file: ImportFile, importer: Importer, principal: Principal, **values: Any) -> dict:
    return {
        "importer": importer.name,
        "file_name": file.name[:255],
        "sha256": file.sha256,
        "size_bytes": file.size,
        "created_by": actor(principal),
        **values,
    }


def _codes(parsed: Parsed) -> tuple[str | None, str | None]:
    """The indicator and dataset a batch records: the file's, or the one all its values share."""
    indicators = {v.indicator_code for v in parsed.values} | {
        u.key for u in parsed.updates if u.table == "indicator"
    }
    datasets = {v.dataset for v in parsed.values if v.dataset}
    indicator = parsed.indicator_code or (indicators.pop() if len(indicators) == 1 else None)
    dataset = parsed.dataset.code if parsed.dataset else None
    if dataset is None and len(datasets) == 1:
        dataset = datasets.pop()
    return (indicator or "")[:40] or None, (dataset or "")[:60] or None


def _rejection(
    file: ImportFile, importer: Importer, principal: Principal, parsed: Parsed
) -> ImportRejected:
    problems = parsed.problems
    errors = problems.listed
    shown = f"the first {len(errors)} are listed" if problems.count > len(errors) else "listed"
    detail = f"'{file.name}' was rejected: {problems.count} error(s), {shown} by line and column."
    indicator, dataset = _codes(parsed)
    batch = _batch(
        file,
        importer,
        principal,
        status="rejected",
        indicator_code=indicator,
        source_dataset=dataset,
        rows_read=parsed.rows_read,
        rows_skipped=parsed.rows_skipped,
        rejected=problems.count,
        errors=[e.model_dump(mode="json") for e in errors],
    )
    return ImportRejected(detail, errors=errors, batch=batch)


def _parse(
    file: ImportFile,
    importer: Importer,
    principal: Principal,
    register: Any,
    options: Mapping[str, str],
    max_bytes: int,
) -> Parsed:
    if file.size > max_bytes:
        detail = f"'{file.name}' has {file.size} bytes; the limit is {max_bytes}."
        errors = [{"field": "file", "reason": detail, "value": None}]
        batch = _batch(file, importer, principal, status="rejected", rejected=1, errors=errors)
        raise ImportTooLarge(detail, batch=batch)
    try:
        return importer.parse(file.content, register, options)
    except LayoutError as exc:
        parsed = Parsed()
        parsed.problems.add(exc.error.field, exc.error.reason, exc.error.value)
        raise _rejection(file, importer, principal, parsed) from None


def _key(value: Value, dataset: str) -> tuple[str, ...]:
    return (
        value.indicator_code,
        value.country or "",
        value.origin or "",
        value.destination or "",
        value.period,
        dataset,
    )


async def _check(repo: ImportRepository, parsed: Parsed) -> None:
    """The checks every layout shares; problems are added to `parsed.problems`."""
    problems = parsed.problems
    indicators = await repo.indicators({v.indicator_code for v in parsed.values})
    if parsed.indicator_code and parsed.indicator_code not in indicators:
        where = parsed.indicator_where or "file"
        problems.add(where, "unknown indicator code: not in the catalogue", parsed.indicator_code)
    default = parsed.dataset.code if parsed.dataset else ""
    named = {v.dataset for v in parsed.values if v.dataset}
    known = await repo.datasets(named)
    reported: set[str] = set()
    seen: dict[tuple[str, ...], str] = {}
    for v in parsed.values:
        indicator = indicators.get(v.indicator_code)
        if indicator is None:
            if v.indicator_code != parsed.indicator_code and v.indicator_code not in reported:
                reported.add(v.indicator_code)
                problems.add(
                    v.indicator_where or v.where,
                    "unknown indicator code: not in the catalogue",
                    v.indicator_code,
                )
            continue
        kind = "bilateral" if v.pair else "country"
        if indicator.kind != kind:
            problems.add(
                v.indicator_where or v.where,
                f"{v.indicator_code} is a {indicator.kind} indicator; this value is for a "
                f"{'country pair' if v.pair else 'single country'}",
                v.indicator_code,
            )
        if v.dataset and v.dataset not in known and v.dataset not in reported:
            reported.add(v.dataset)
            problems.add(
                v.dataset_where or v.where, "unknown source dataset: describe it first", v.dataset
            )
        if reason := check_period(v.period):
            problems.add(v.where, reason, v.period)
        if reason := check_flags(v.flags):
            problems.add(v.where, reason, v.flags)
        if indicator.non_negative and v.value < 0:
            problems.add(
                v.where,
                f"negative value: {v.indicator_code} ({indicator.unit}) cannot be below 0",
                repr(v.value),
            )
        key = _key(v, v.dataset or default)
        if key in seen:
            problems.add(v.where, f"duplicate value: the same key is at {seen[key]}")
        else:
            seen[key] = v.where
    await _check_updates(repo, parsed)


async def _check_updates(repo: ImportRepository, parsed: Parsed) -> None:
    """Every update names an existing entry and only fields a file may change."""
    for table in {u.table for u in parsed.updates}:
        updates = [u for u in parsed.updates if u.table == table]
        known = await repo.existing(table, {u.key for u in updates})
        for u in updates:
            if u.key not in known:
                place = "catalogue" if table == "indicator" else "register"
                parsed.problems.add(u.where, f"unknown {table} code: not in the {place}", u.key)
            if not set(u.values) <= set(UPDATABLE[table]):
                parsed.problems.add(u.where, f"fields a file cannot change: {sorted(u.values)}")


def _rows(parsed: Parsed) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Observation rows and bilateral rows."""
    default = parsed.dataset.code if parsed.dataset else ""
    single: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    for v in parsed.values:
        row: dict[str, Any] = {
            "indicator_code": v.indicator_code,
            "year": int(v.period[:4]),
            "period": v.period,
            "value": v.value,
            "flags": v.flags,
            "note": v.note,
            "source_dataset": v.dataset or default,
        }
        if v.pair:
            pairs.append(row | {"origin_iso3": v.origin, "destination_iso3": v.destination})
        else:
            single.append(row | {"country_iso3": v.country})
    return single, pairs


async def apply(
    session: AsyncSession,
    importer: Importer,
    file: ImportFile,
    *,
    principal: Principal,
    max_bytes: int,
    options: Mapping[str, str] | None = None,
    record_unchanged: bool = True,
) -> ImportBatch | None:
    """Import one file, all or nothing; the applied batch (None when nothing changed and
    `record_unchanged` is off, as the seed does)."""
    repo = ImportRepository(session)
    register = await repo.register()
    parsed = _parse(file, importer, principal, register, options or {}, max_bytes)
    await _check(repo, parsed)
    if parsed.problems.count:
        raise _rejection(file, importer, principal, parsed)
    if parsed.dataset:
        await repo.ensure_dataset(parsed.dataset)
    single, pairs = _rows(parsed)
    counts = UpsertCounts()
    for done in (
        await repo.upsert_observations(single),
        await repo.upsert_bilateral(pairs),
        await repo.apply_updates(parsed.updates),
    ):
        counts.inserted += done.inserted
        counts.updated += done.updated
        counts.unchanged += done.unchanged
    if not record_unchanged and not (counts.inserted or counts.updated):
        return None
    indicator, dataset = _codes(parsed)
    batch = await repo.add_batch(
        _batch(
            file,
            importer,
            principal,
            status="applied",
            indicator_code=indicator,
            source_dataset=dataset,
            rows_read=parsed.rows_read,
            rows_skipped=parsed.rows_skipped,
            values_read=len(parsed.values) + len(parsed.updates),
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
    importer: Importer,
    file: ImportFile,
    *,
    principal: Principal,
    max_bytes: int,
    options: Mapping[str, str] | None = None,
) -> ImportBatch:
    """Apply one file; on rejection record the rejected batch separately and re-raise."""
    try:
        batch = await apply(
            session, importer, file, principal=principal, max_bytes=max_bytes, options=options
        )
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


__all__ = ["IMPORTERS", "ImportFile", "apply", "import_file"]

"""What every statistics write shares: who may write, field errors, and duplicate keys as 409.

Statistics (observations, flows, skill shortages) are live as soon as they are written: they have
no draft state. Editors and admins write anything. Contributors, and partners holding the
`profiles:write` scope, write the records of the countries in their scope (a flow: either end; an
update: the stored record and its new content). The catalogue (indicators, datasets) and records
of an area wider than one country are for editors only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import check_writer
from imap_kit.errors import Conflict, FieldError, Forbidden, InvalidInput, Unauthorized
from imap_kit.history import record_write
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.db import HISTORY

WRITE_SCOPE = "profiles:write"
UNIQUE_VIOLATION = "23505"


def check_statistics_writer(principal: Principal) -> None:
    """401 for anonymous callers; 403 unless an editor, a contributor or `profiles:write`."""
    check_writer(principal, WRITE_SCOPE)


def check_editor(principal: Principal) -> None:
    """401 for anonymous callers; 403 unless an editor or admin."""
    if not principal.authenticated:
        raise Unauthorized("Sign in or send an API key to write.", error="invalid_request")
    if not principal.is_editor:
        raise Forbidden("Only editors may change the catalogue and area-level records.")


def check_scope(principal: Principal, countries: Iterable[str | None], what: str) -> None:
    """403 unless the caller covers one of `countries` (editors cover every country)."""
    codes = [c for c in countries if c]
    if principal.is_editor or any(principal.covers(c) for c in codes):
        return
    if not codes:
        raise Forbidden(f"Only editors may write {what} that belong to no single country.")
    raise Forbidden(f"You may not write {what} of {' or '.join(codes)}.")


def invalid(*errors: tuple[str, str, Any]) -> InvalidInput:
    """A 422 naming each (field, reason, value)."""
    listed = [
        FieldError(field=f, reason=r, value=v if isinstance(v, (str, int, float)) else None)
        for f, r, v in errors
    ]
    return InvalidInput("; ".join(f"{e.field}: {e.reason}" for e in listed), errors=listed)


def raise_collected(errors: list[tuple[str, str, Any]]) -> None:
    """Raise one 422 for every error collected, if any."""
    if errors:
        raise invalid(*errors)


async def write_unique(
    session: AsyncSession, change: Callable[[], Awaitable[None] | None], duplicate: str
) -> None:
    """Apply `change` and flush inside a savepoint; a unique-key violation becomes a 409.

    The savepoint keeps the session usable after the violation (nothing of the change remains).
    """
    try:
        async with session.begin_nested():
            pending = change()
            if pending is not None:
                await pending
            await session.flush()
    except IntegrityError as exc:
        state = getattr(exc.orig, "sqlstate", None) or getattr(
            exc.orig.__cause__ if exc.orig else None, "sqlstate", None
        )
        if state == UNIQUE_VIOLATION:
            raise Conflict(duplicate) from None
        raise


async def log_write(
    session: AsyncSession,
    principal: Principal,
    *,
    action: str,
    record_type: str,
    record_id: str,
    version: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    comment: str | None = None,
) -> None:
    """Keep the new version (statistics are published as written) and the audit entry."""
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action=action,
        record_type=record_type,
        record_id=record_id,
        version=version,
        status="published" if after is not None else None,
        before=before,
        after=after,
        comment=comment,
    )


async def log_record(
    session: AsyncSession,
    principal: Principal,
    record_type: str,
    record: Any,
    action: str,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    comment: str | None,
) -> None:
    """`log_write` for a record with `id` and `row_version` that was created or updated."""
    await log_write(
        session,
        principal,
        action=action,
        record_type=record_type,
        record_id=str(record.id),
        version=record.row_version,
        before=before,
        after=after,
        comment=comment,
    )


async def delete_record(
    session: AsyncSession,
    principal: Principal,
    record_type: str,
    record: Any,
    before: dict[str, Any],
) -> None:
    """Delete a record and log it; its versions and audit entries stay."""
    record_id = str(record.id)
    await session.delete(record)
    await session.flush()
    await log_write(
        session,
        principal,
        action="delete",
        record_type=record_type,
        record_id=record_id,
        version=0,
        before=before,
        after=None,
    )

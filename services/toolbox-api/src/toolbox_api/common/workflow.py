"""The editorial workflow as the toolbox applies it: who writes, who sees, what is kept.

Every record has a maintaining state (`owner_country` of initiatives and practices, which must be
one of the record's countries; a strategy's country): contributors, and partners with the
`toolbox:write` scope, write the records of the states in their scope; editors write anything.
"""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import Access, Status, check_writer
from imap_kit.errors import Forbidden
from imap_kit.history import record_write
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.db import HISTORY

WRITE_SCOPE = "toolbox:write"


def can_see(principal: Principal, *, status: str, access: str, country: str | None) -> bool:
    """Python twin of `imap_kit.editorial.visible` for records already loaded (linked ones)."""
    if principal.is_editor:
        return True
    published = status == Status.published.value
    if not principal.authenticated:
        return published and access == Access.public.value
    return published or (country is not None and country in principal.countries)


def check_create(principal: Principal, country: str) -> None:
    """401/403 unless the caller may create a record maintained by `country`."""
    check_writer(principal, WRITE_SCOPE)
    if not principal.covers(country):
        raise Forbidden(f"You may not create records of {country}.")


def check_handover(principal: Principal, old: str, new: str) -> None:
    """403 when an edit would hand the record to a state outside the caller's scope."""
    if new != old and not principal.covers(new):
        raise Forbidden(f"You may not hand the record to {new}.")


async def log_write(
    session: AsyncSession,
    principal: Principal,
    *,
    record_type: str,
    record_id: str,
    version: int,
    status: str | None,
    action: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
    comment: str | None = None,
) -> None:
    """Keep the version (unless deleted) and append the audit entry."""
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action=action,
        record_type=record_type,
        record_id=record_id,
        version=version,
        status=status,
        before=before,
        after=after,
        comment=comment,
    )


async def last_version(session: AsyncSession, record_type: str, record_id: str) -> int:
    """The newest kept version of a record (0 if none): a re-created record continues after it."""
    t = HISTORY.version
    query = select(func.max(t.c.version)).where(
        t.c.record_type == record_type, t.c.record_id == record_id
    )
    return (await session.scalar(query)) or 0

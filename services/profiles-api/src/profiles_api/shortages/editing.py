"""Skill-shortage writes: create, update, delete under roles, country scopes and If-Match.

Contributors write their own countries' records; area-level records (e.g. the EU-level EURES
list) are for editors. Content is checked by `validation.check_shortage`, the path the seed uses.
"""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from imap_kit.errors import Conflict
from imap_kit.etag import check_if_match
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.editing import (
    check_scope,
    check_statistics_writer,
    delete_record,
    log_record,
    write_unique,
)
from profiles_api.shortages.exceptions import ShortageNotFound
from profiles_api.shortages.models import SkillShortage as Shortage
from profiles_api.shortages.repository import ShortageRepository
from profiles_api.shortages.schemas import ShortageWrite
from profiles_api.shortages.validation import CONTENT, check_shortage

RECORD = "skill_shortage"
FIELDS = ("id", "country_iso3", "area", *CONTENT)
DUPLICATE = (
    "A record for this area, year, occupation, sector and direction from this dataset exists"
)


def snapshot(shortage: Shortage) -> dict[str, Any]:
    """The record as versions and the audit log keep it."""
    return {name: getattr(shortage, name) for name in FIELDS}


async def _checked(
    session: AsyncSession, principal: Principal, data: ShortageWrite, *, own_id: int | None
) -> dict[str, Any]:
    content = await check_shortage(session, data)
    check_scope(principal, [content["country_iso3"]], "skill shortages")
    other = await ShortageRepository(session).key_holder(content)
    if other is not None and other != own_id:
        raise Conflict(f"{DUPLICATE} (record {other}; change it with PUT /v1/shortages/{other}).")
    return content


async def create_shortage(
    session: AsyncSession, principal: Principal, data: ShortageWrite
) -> Shortage:
    """A new record (editors; contributors for their own countries)."""
    check_statistics_writer(principal)
    content = await _checked(session, principal, data, own_id=None)
    shortage = Shortage(**content, row_version=1)
    await write_unique(session, lambda: session.add(shortage), DUPLICATE + ".")
    await _log(session, principal, shortage, "create", None, data.comment)
    return shortage


async def _locked(
    session: AsyncSession, principal: Principal, shortage_id: int, if_match: str | None
) -> Shortage:
    check_statistics_writer(principal)
    shortage = await ShortageRepository(session).get(shortage_id, for_update=True)
    if shortage is None:
        raise ShortageNotFound(shortage_id)
    check_if_match(if_match, shortage.row_version)
    check_scope(principal, [shortage.country_iso3], "skill shortages")
    return shortage


async def update_shortage(
    session: AsyncSession,
    principal: Principal,
    shortage_id: int,
    data: ShortageWrite,
    *,
    if_match: str | None,
) -> Shortage:
    """Replace a record's content; 412 on a stale ETag."""
    shortage = await _locked(session, principal, shortage_id, if_match)
    content = await _checked(session, principal, data, own_id=shortage.id)
    before = snapshot(shortage)

    def change() -> None:
        for name, value in content.items():
            setattr(shortage, name, value)
        shortage.row_version += 1

    await write_unique(session, change, DUPLICATE + ".")
    await _log(session, principal, shortage, "update", before, data.comment)
    return shortage


async def delete_shortage(
    session: AsyncSession, principal: Principal, shortage_id: int, *, if_match: str | None
) -> None:
    """Remove a record. Its versions and audit entries stay."""
    shortage = await _locked(session, principal, shortage_id, if_match)
    await delete_record(session, principal, RECORD, shortage, snapshot(shortage))


async def _log(
    session: AsyncSession,
    principal: Principal,
    shortage: Shortage,
    action: str,
    before: dict[str, Any] | None,
    comment: str | None,
) -> None:
    await log_record(
        session,
        principal,
        RECORD,
        shortage,
        action,
        before=before,
        after=snapshot(shortage),
        comment=comment,
    )

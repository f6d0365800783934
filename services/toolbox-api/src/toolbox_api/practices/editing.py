"""Practice writes under the editorial workflow (same rules as initiatives).

A practice must name at least one initiative it was distilled from: each slug must be an
initiative the writer may see, else 422 naming the field.
"""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import Status, check_edit, check_transition, check_writer
from imap_kit.errors import Conflict, FieldError
from imap_kit.etag import check_if_match
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.codes import (
    corridor_errors,
    country_error,
    duplicate_errors,
    raise_if,
    route_errors,
    theme_errors,
)
from toolbox_api.common.schemas import TransitionRequest
from toolbox_api.common.workflow import (
    WRITE_SCOPE,
    can_see,
    check_create,
    check_handover,
    log_write,
)
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.practices.exceptions import PracticeNotFound
from toolbox_api.practices.models import Practice
from toolbox_api.practices.repository import PracticeRepository
from toolbox_api.practices.schemas import PracticeWrite
from toolbox_api.practices.service import snapshot

RECORD = "practice"


async def _checked(
    session: AsyncSession, principal: Principal, data: PracticeWrite, *, own_id: int | None
) -> list[int]:
    """The linked initiatives' ids, or 422 naming every bad field (409 for a taken slug)."""
    errors = [
        err
        for i, code in enumerate(data.countries)
        if (err := country_error(code, f"body.countries.{i}"))
    ]
    errors += duplicate_errors(list(data.countries), "body.countries")
    if data.owner_country and data.owner_country not in data.countries:
        errors.append(
            FieldError(
                field="body.owner_country",
                reason="must be one of the practice's countries",
                value=data.owner_country,
            )
        )
    errors += await theme_errors(session, data.themes, "body.themes")
    errors += duplicate_errors(list(data.themes), "body.themes")
    errors += corridor_errors([(c.origin, c.destination) for c in data.corridors], "body.corridors")
    errors += route_errors(data.routes, "body.routes")
    errors += duplicate_errors(list(data.routes), "body.routes")
    errors += duplicate_errors(list(data.initiatives), "body.initiatives")
    found = await InitiativeRepository(session).by_slug(list(data.initiatives))
    ids = []
    for i, slug in enumerate(data.initiatives):
        initiative = found.get(slug)
        if initiative is None or not can_see(
            principal,
            status=initiative.status,
            access=initiative.access,
            country=initiative.owner_country,
        ):
            errors.append(
                FieldError(field=f"body.initiatives.{i}", reason="no such initiative", value=slug)
            )
        else:
            ids.append(initiative.id)
    raise_if(errors)
    if await PracticeRepository(session).slug_taken(data.slug, other_than=own_id):
        raise Conflict(f"Another practice already uses the slug '{data.slug}'.")
    return list(dict.fromkeys(ids))


def content(data: PracticeWrite) -> dict[str, object]:
    """The practice's own columns from a write body."""
    out = data.model_dump(
        include={
            "slug",
            "title_en",
            "title_ru",
            "what_en",
            "what_ru",
            "conditions_en",
            "conditions_ru",
            "evidence",
            "evidence_note_en",
            "evidence_note_ru",
            "transferability_en",
            "transferability_ru",
            "access",
        }
    )
    out["sources"] = [s.stored() for s in data.sources]
    out["owner_country"] = data.owner()
    return out


async def _locked(session: AsyncSession, principal: Principal, practice_id: int) -> Practice:
    check_writer(principal, WRITE_SCOPE)
    practice = await PracticeRepository(session).get_for_update(practice_id, principal)
    if practice is None:
        raise PracticeNotFound(practice_id)
    return practice


async def _log(
    session: AsyncSession,
    principal: Principal,
    practice: Practice,
    *,
    action: str,
    before: dict[str, object] | None,
    comment: str | None = None,
) -> None:
    await log_write(
        session,
        principal,
        record_type=RECORD,
        record_id=str(practice.id),
        version=practice.row_version,
        status=practice.status,
        action=action,
        before=before,
        after=snapshot(practice),
        comment=comment,
    )


async def create_practice(
    session: AsyncSession,
    principal: Principal,
    data: PracticeWrite,
    *,
    status: Status = Status.draft,
    comment: str | None = None,
) -> Practice:
    """A new draft, by an editor or a writer for its owner country."""
    check_create(principal, data.owner())
    initiative_ids = await _checked(session, principal, data, own_id=None)
    repo = PracticeRepository(session)
    practice = await repo.add(Practice(**content(data), status=status, row_version=1))
    await repo.set_links(practice, data, initiative_ids)
    await _log(session, principal, practice, action="create", before=None, comment=comment)
    return practice


async def apply_update(
    session: AsyncSession,
    principal: Principal,
    practice: Practice,
    data: PracticeWrite,
    *,
    comment: str | None = None,
) -> Practice:
    """Replace a (locked, permitted) practice's content, keeping a version."""
    initiative_ids = await _checked(session, principal, data, own_id=practice.id)
    before = snapshot(practice)
    for key, value in content(data).items():
        setattr(practice, key, value)
    practice.row_version += 1
    await PracticeRepository(session).set_links(practice, data, initiative_ids)
    await _log(session, principal, practice, action="update", before=before, comment=comment)
    return practice


async def update_practice(
    session: AsyncSession,
    principal: Principal,
    practice_id: int,
    data: PracticeWrite,
    *,
    if_match: str | None,
) -> Practice:
    """Replace the content; 412 when the record changed since the caller read it."""
    practice = await _locked(session, principal, practice_id)
    check_if_match(if_match, practice.row_version)
    check_edit(principal, status=Status(practice.status), country=practice.owner_country)
    check_handover(principal, practice.owner_country, data.owner())
    return await apply_update(session, principal, practice, data)


async def transition_practice(
    session: AsyncSession,
    principal: Principal,
    practice_id: int,
    step: TransitionRequest,
    *,
    if_match: str | None,
) -> Practice:
    """Submit, publish, return, withdraw or reopen."""
    practice = await _locked(session, principal, practice_id)
    check_if_match(if_match, practice.row_version)
    target = check_transition(
        principal,
        status=Status(practice.status),
        action=step.action,
        country=practice.owner_country,
        comment=step.comment,
    )
    before = snapshot(practice)
    practice.status = target
    practice.row_version += 1
    await session.flush()
    await _log(
        session,
        principal,
        practice,
        action=step.action.value,
        before=before,
        comment=step.comment,
    )
    return practice


async def delete_practice(
    session: AsyncSession, principal: Principal, practice_id: int, *, if_match: str | None
) -> None:
    """Delete (editors; contributors their own drafts); 409 while a strategy builds on it."""
    practice = await _locked(session, principal, practice_id)
    check_if_match(if_match, practice.row_version)
    check_edit(principal, status=Status(practice.status), country=practice.owner_country)
    repo = PracticeRepository(session)
    users = await repo.used_by(practice.id)
    if users:
        raise Conflict(
            f"Strategy recommendations build on this practice ({', '.join(users[:10])}); "
            "unlink them first."
        )
    before = snapshot(practice)
    record_id = str(practice.id)
    await repo.remove(practice)
    await log_write(
        session,
        principal,
        record_type=RECORD,
        record_id=record_id,
        version=0,
        status=None,
        action="delete",
        before=before,
        after=None,
    )

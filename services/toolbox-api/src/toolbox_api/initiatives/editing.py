"""Initiative writes under the editorial workflow: create, update, delete, move through states.

Every write checks who may do it (role, country scope, state), requires the caller's If-Match on
existing records, checks the content (codes, period, links) before anything is written, bumps the
row version, keeps a version snapshot and appends to the audit log.
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
    currency_error,
    duplicate_errors,
    raise_if,
    route_errors,
    theme_errors,
)
from toolbox_api.common.schemas import TransitionRequest
from toolbox_api.common.workflow import (
    WRITE_SCOPE,
    check_create,
    check_handover,
    log_write,
)
from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.models import Initiative
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.initiatives.schemas import InitiativeWrite
from toolbox_api.initiatives.service import snapshot

RECORD = "initiative"


async def content_errors(session: AsyncSession, data: InitiativeWrite) -> list[FieldError]:
    """Everything wrong with the content that the schema alone cannot tell (codes, links)."""
    iso3 = [c.iso3 for c in data.countries]
    errors = [
        err
        for i, code in enumerate(iso3)
        if (err := country_error(code, f"body.countries.{i}.iso3"))
    ]
    errors += duplicate_errors(list(iso3), "body.countries")
    if data.owner_country and data.owner_country not in iso3:
        errors.append(
            FieldError(
                field="body.owner_country",
                reason="must be one of the initiative's countries",
                value=data.owner_country,
            )
        )
    errors += duplicate_errors(
        [(o.name.lower(), o.role) for o in data.organisations], "body.organisations"
    )
    errors += await theme_errors(session, data.themes, "body.themes")
    errors += duplicate_errors(list(data.themes), "body.themes")
    if data.budget and (err := currency_error(data.budget.currency, "body.budget.currency")):
        errors.append(err)
    errors += corridor_errors([(c.origin, c.destination) for c in data.corridors], "body.corridors")
    errors += route_errors(data.routes, "body.routes")
    errors += duplicate_errors(list(data.routes), "body.routes")
    return errors


def content(data: InitiativeWrite) -> dict[str, object]:
    """The initiative's own columns from a write body."""
    out = data.model_dump(
        include={
            "slug",
            "title_en",
            "title_ru",
            "summary_en",
            "summary_ru",
            "description_en",
            "description_ru",
            "kind",
            "start_year",
            "end_year",
            "implementation_status",
            "outcomes_en",
            "outcomes_ru",
            "access",
        }
    )
    out["sources"] = [s.stored() for s in data.sources]
    out["budget_amount"] = data.budget.amount if data.budget else None
    out["budget_currency"] = data.budget.currency if data.budget else None
    out["owner_country"] = data.owner()
    return out


async def _validate(session: AsyncSession, data: InitiativeWrite, *, own_id: int | None) -> None:
    raise_if(await content_errors(session, data))
    if await InitiativeRepository(session).slug_taken(data.slug, other_than=own_id):
        raise Conflict(f"Another initiative already uses the slug '{data.slug}'.")


async def _locked(session: AsyncSession, principal: Principal, initiative_id: int) -> Initiative:
    check_writer(principal, WRITE_SCOPE)  # 401/403 before anything about the record is revealed
    initiative = await InitiativeRepository(session).get_for_update(initiative_id, principal)
    if initiative is None:
        raise InitiativeNotFound(initiative_id)
    return initiative


async def _log(
    session: AsyncSession,
    principal: Principal,
    initiative: Initiative,
    *,
    action: str,
    before: dict[str, object] | None,
    comment: str | None = None,
) -> None:
    await log_write(
        session,
        principal,
        record_type=RECORD,
        record_id=str(initiative.id),
        version=initiative.row_version,
        status=initiative.status,
        action=action,
        before=before,
        after=snapshot(initiative),
        comment=comment,
    )


async def create_initiative(
    session: AsyncSession,
    principal: Principal,
    data: InitiativeWrite,
    *,
    status: Status = Status.draft,
    comment: str | None = None,
) -> Initiative:
    """A new draft, by an editor or a writer for its owner country."""
    check_create(principal, data.owner())
    await _validate(session, data, own_id=None)
    repo = InitiativeRepository(session)
    initiative = await repo.add(Initiative(**content(data), status=status, row_version=1))
    await repo.set_links(initiative, data)
    await _log(session, principal, initiative, action="create", before=None, comment=comment)
    return initiative


async def update_initiative(
    session: AsyncSession,
    principal: Principal,
    initiative_id: int,
    data: InitiativeWrite,
    *,
    if_match: str | None,
) -> Initiative:
    """Replace the content; 412 when the record changed since the caller read it."""
    initiative = await _locked(session, principal, initiative_id)
    check_if_match(if_match, initiative.row_version)
    check_edit(principal, status=Status(initiative.status), country=initiative.owner_country)
    check_handover(principal, initiative.owner_country, data.owner())
    return await apply_update(session, principal, initiative, data)


async def apply_update(
    session: AsyncSession,
    principal: Principal,
    initiative: Initiative,
    data: InitiativeWrite,
    *,
    comment: str | None = None,
) -> Initiative:
    """Replace a (locked, permitted) initiative's content, keeping a version."""
    await _validate(session, data, own_id=initiative.id)
    before = snapshot(initiative)
    for key, value in content(data).items():
        setattr(initiative, key, value)
    initiative.row_version += 1
    await InitiativeRepository(session).set_links(initiative, data)
    await _log(session, principal, initiative, action="update", before=before, comment=comment)
    return initiative


async def transition_initiative(
    session: AsyncSession,
    principal: Principal,
    initiative_id: int,
    step: TransitionRequest,
    *,
    if_match: str | None,
) -> Initiative:
    """Submit, publish, return, withdraw or reopen."""
    initiative = await _locked(session, principal, initiative_id)
    check_if_match(if_match, initiative.row_version)
    target = check_transition(
        principal,
        status=Status(initiative.status),
        action=step.action,
        country=initiative.owner_country,
        comment=step.comment,
    )
    before = snapshot(initiative)
    initiative.status = target
    initiative.row_version += 1
    await session.flush()
    await _log(
        session,
        principal,
        initiative,
        action=step.action.value,
        before=before,
        comment=step.comment,
    )
    return initiative


async def delete_initiative(
    session: AsyncSession, principal: Principal, initiative_id: int, *, if_match: str | None
) -> None:
    """Delete (editors; contributors only their own drafts). Versions and audit stay.

    Refused (409) while practices are distilled from it: unlink them first.
    """
    initiative = await _locked(session, principal, initiative_id)
    check_if_match(if_match, initiative.row_version)
    check_edit(principal, status=Status(initiative.status), country=initiative.owner_country)
    repo = InitiativeRepository(session)
    practices = await repo.practices_of(initiative.id)
    if practices:
        slugs = ", ".join(p.slug for p in practices[:10])
        raise Conflict(
            f"Practices are distilled from this initiative ({slugs}); unlink them first."
        )
    before = snapshot(initiative)
    record_id = str(initiative.id)
    await repo.remove(initiative)
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

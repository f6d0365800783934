"""Initiative writes under the editorial workflow: create, update, delete, move through states.

Every write checks who may do it (role, country scope, state), requires the caller's If-Match on
existing records, bumps the row version, keeps a version snapshot and appends to the audit log.
"""

from imap_kit.auth import Principal
from imap_kit.countries import check_iso3
from imap_kit.editorial import Status, check_edit, check_transition, check_writer
from imap_kit.errors import Conflict, FieldError, Forbidden, InvalidInput
from imap_kit.etag import check_if_match
from imap_kit.history import record_write
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.db import HISTORY
from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.models import Initiative
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.initiatives.schemas import InitiativeWrite, TransitionRequest
from toolbox_api.initiatives.service import snapshot

RECORD = "initiative"
WRITE_SCOPE = "toolbox:write"


async def _validate(
    repo: InitiativeRepository, data: InitiativeWrite, *, own_id: int | None
) -> None:
    check_iso3(data.countries, "body.countries")
    check_iso3([data.owner_country], "body.owner_country")
    unknown = await repo.unknown_themes(data.themes)
    if unknown:
        errors = [FieldError(field="body.themes", reason="unknown theme", value=t) for t in unknown]
        raise InvalidInput(f"Unknown theme(s): {', '.join(unknown)}.", errors=errors)
    if await repo.slug_taken(data.slug, other_than=own_id):
        raise Conflict(f"Another initiative already uses the slug '{data.slug}'.")


def _content(data: InitiativeWrite) -> dict[str, object]:
    out = data.model_dump(exclude={"countries", "themes"})
    out["source_url"] = str(data.source_url)
    return out


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
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action=action,
        record_type=RECORD,
        record_id=str(initiative.id),
        version=initiative.row_version,
        status=initiative.status,
        before=before,
        after=snapshot(initiative),
        comment=comment,
    )


async def create_initiative(
    session: AsyncSession, principal: Principal, data: InitiativeWrite
) -> Initiative:
    """A new draft, by an editor or a writer for its owner country."""
    check_writer(principal, WRITE_SCOPE)
    if not principal.covers(data.owner_country):
        raise Forbidden(f"You may not create records of {data.owner_country}.")
    repo = InitiativeRepository(session)
    await _validate(repo, data, own_id=None)
    initiative = await repo.add(Initiative(**_content(data), status=Status.draft, row_version=1))
    await repo.set_links(initiative, data.countries, data.themes)
    await _log(session, principal, initiative, action="create", before=None)
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
    if data.owner_country != initiative.owner_country and not principal.covers(data.owner_country):
        raise Forbidden(f"You may not hand the record to {data.owner_country}.")
    repo = InitiativeRepository(session)
    await _validate(repo, data, own_id=initiative.id)
    before = snapshot(initiative)
    for key, value in _content(data).items():
        setattr(initiative, key, value)
    initiative.row_version += 1
    await repo.set_links(initiative, data.countries, data.themes)
    await _log(session, principal, initiative, action="update", before=before)
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
    """Delete (editors; contributors only their own drafts). Versions and audit stay."""
    initiative = await _locked(session, principal, initiative_id)
    check_if_match(if_match, initiative.row_version)
    check_edit(principal, status=Status(initiative.status), country=initiative.owner_country)
    before = snapshot(initiative)
    record_id = str(initiative.id)
    await InitiativeRepository(session).remove(initiative)
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action="delete",
        record_type=RECORD,
        record_id=record_id,
        version=0,
        status=None,
        before=before,
        after=None,
    )

"""Profile document writes under the editorial workflow: put the document or one section, delete a
section, move it through the workflow; publishing freezes it as the next edition.

Who may write: editors and admins (any country), contributors of the country, partners with the
`profiles:write` scope for their countries. The country scope is checked before anything about
the document is revealed, so a contributor of another country gets 403 whatever the state.

States: contributors edit drafts; editing a *published* working copy starts the next draft (the
published editions stay what readers see until the next `publish`). A submitted document is
under review: only editors change it (or `return` it with a comment). Editors edit anything; an
edit of a withdrawn document also makes it a draft again.

Concurrency: the document's `row_version` is its ETag; updates, section writes and transitions
need `If-Match` (428 without, 412 when stale). Creating needs no `If-Match` (or `If-None-Match: *`,
which answers 412 if the document already exists); an `If-Match` on a missing document is 412.
"""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import Action, Status, check_transition, check_writer
from imap_kit.errors import Conflict, FieldError, Forbidden, InvalidInput, PreconditionFailed
from imap_kit.etag import check_if_match
from imap_kit.history import actor, record_write
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries import service as country_service
from profiles_api.countries.models import Country
from profiles_api.db import HISTORY
from profiles_api.documents.exceptions import DocumentNotFound, SectionNotFound
from profiles_api.documents.models import ProfileDocument, ProfileEdition, ProfileSection
from profiles_api.documents.repository import DocumentRepository
from profiles_api.documents.schemas import (
    DocumentWrite,
    SectionContent,
    SectionPut,
    TransitionRequest,
    check_part,
)
from profiles_api.documents.service import RECORD, frozen, snapshot
from profiles_api.template import BY_CODE, OUTLINE

WRITE_SCOPE = "profiles:write"
POSITION = {p.code: i for i, p in enumerate(OUTLINE)}


async def _guard(session: AsyncSession, principal: Principal, iso3: str) -> Country:
    check_writer(principal, WRITE_SCOPE)  # 401/403 before anything about the record is revealed
    country = await country_service.get_country(session, iso3)
    if not principal.covers(country.iso3):
        raise Forbidden(f"You may not write the profile of {country.iso3}.")
    return country


async def _locked(session: AsyncSession, principal: Principal, iso3: str) -> ProfileDocument:
    country = await _guard(session, principal, iso3)
    document = await DocumentRepository(session).get(country.iso3, principal, for_update=True)
    if document is None:
        raise DocumentNotFound(country.iso3)
    return document


def _check_edit(principal: Principal, document: ProfileDocument) -> None:
    if principal.is_editor or document.status in (Status.draft, Status.published):
        return
    raise Forbidden(
        f"The profile document is {document.status}: contributors edit drafts; ask an editor "
        "to return or reopen it."
    )


def _edited(document: ProfileDocument) -> None:
    """Bump the version; a published or withdrawn working copy becomes the next draft."""
    if document.status in (Status.published, Status.withdrawn):
        document.status = Status.draft.value
    document.row_version += 1


def _new_section(document: ProfileDocument) -> ProfileSection:
    section = ProfileSection()
    document.sections.append(section)
    return section


def _fill(section: ProfileSection, part: str, content: SectionContent) -> None:
    template = BY_CODE[part]
    section.part = part
    section.position = POSITION[part]
    section.title_en = content.title_en or template.title_en
    section.title_ru = content.title_ru or template.title_ru
    section.body_en = content.body_en
    section.body_ru = content.body_ru
    section.sources = [
        {"title": s.title, "url": str(s.url) if s.url else None} for s in content.sources
    ]


def _replace_sections(document: ProfileDocument, data: DocumentWrite) -> None:
    """Update sections in place, add new ones, drop missing ones (rows of kept parts stay)."""
    wanted = {s.part: s for s in data.sections}
    for section in list(document.sections):
        if section.part not in wanted:
            document.sections.remove(section)
    existing = {s.part: s for s in document.sections}
    for part, content in wanted.items():
        _fill(existing.get(part) or _new_section(document), part, content)


def _set_endorsement(principal: Principal, document: ProfileDocument, data: DocumentWrite) -> None:
    given = data.model_fields_set
    endorsement = data.endorsement or document.endorsement
    note = data.endorsement_note if "endorsement_note" in given else document.endorsement_note
    if (endorsement, note) == (document.endorsement, document.endorsement_note):
        return
    if not principal.is_editor:
        raise Forbidden("Only editors set the endorsement state and its note.")
    document.endorsement, document.endorsement_note = endorsement, note


async def _log(
    session: AsyncSession,
    principal: Principal,
    document: ProfileDocument,
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
        record_id=document.country_iso3,
        version=document.row_version,
        status=document.status,
        before=before,
        after=snapshot(document),
        comment=comment,
    )


async def _create(
    session: AsyncSession, principal: Principal, country: Country, data: DocumentWrite
) -> ProfileDocument:
    document = ProfileDocument(
        country_iso3=country.iso3,
        title_en=data.title_en or f"Extended Migration Profile: {country.name_en}",
        title_ru=data.title_ru or f"Расширенный миграционный профиль: {country.name_ru}",
        status=Status.draft.value,
        access=data.access.value,
        endorsement="not_endorsed",
        endorsement_note=None,
        row_version=1,
    )
    _set_endorsement(principal, document, data)
    _replace_sections(document, data)
    try:
        await DocumentRepository(session).add(document)
    except IntegrityError as exc:  # another request created it at the same moment
        raise Conflict(f"The profile document of {country.iso3} was just created; reload.") from exc
    await _log(session, principal, document, action="create", before=None, comment=data.comment)
    return document


async def put_document(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    data: DocumentWrite,
    *,
    if_match: str | None,
    if_none_match: str | None,
) -> tuple[ProfileDocument, bool]:
    """Create the working copy or replace it whole; returns it and whether it was created."""
    country = await _guard(session, principal, iso3)
    document = await DocumentRepository(session).get(country.iso3, principal, for_update=True)
    if document is None:
        if if_match:
            raise PreconditionFailed(
                f"{country.iso3} has no profile document yet: send no If-Match to create it."
            )
        return await _create(session, principal, country, data), True
    if if_none_match and if_none_match.strip() == "*":
        raise PreconditionFailed(f"The profile document of {country.iso3} already exists.")
    check_if_match(if_match, document.row_version)
    _check_edit(principal, document)
    before = snapshot(document)
    document.title_en = data.title_en or document.title_en
    document.title_ru = data.title_ru or document.title_ru
    document.access = data.access.value
    _set_endorsement(principal, document, data)
    _replace_sections(document, data)
    _edited(document)
    await session.flush()
    await _log(session, principal, document, action="update", before=before, comment=data.comment)
    return document, False


def _part(part: str) -> str:
    code = part.strip().upper()
    try:
        return check_part(code)
    except ValueError as exc:
        error = FieldError(field="path.part", reason=str(exc), value=part)
        raise InvalidInput(f"path.part: {exc}", errors=[error]) from exc


async def put_section(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    part: str,
    data: SectionPut,
    *,
    if_match: str | None,
) -> ProfileDocument:
    """Create or replace one section of the working copy."""
    document = await _locked(session, principal, iso3)
    code = _part(part)
    check_if_match(if_match, document.row_version)
    _check_edit(principal, document)
    before = snapshot(document)
    existing = next((s for s in document.sections if s.part == code), None)
    _fill(existing or _new_section(document), code, data)
    _edited(document)
    await session.flush()
    await _log(
        session, principal, document, action="put_section", before=before, comment=data.comment
    )
    return document


async def delete_section(
    session: AsyncSession, principal: Principal, iso3: str, part: str, *, if_match: str | None
) -> ProfileDocument:
    """Remove one section of the working copy."""
    document = await _locked(session, principal, iso3)
    code = _part(part)
    section = next((s for s in document.sections if s.part == code), None)
    if section is None:
        raise SectionNotFound(document.country_iso3, code)
    check_if_match(if_match, document.row_version)
    _check_edit(principal, document)
    before = snapshot(document)
    await DocumentRepository(session).remove_section(document, section)
    _edited(document)
    await session.flush()
    await _log(session, principal, document, action="delete_section", before=before)
    return document


async def transition(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    step: TransitionRequest,
    *,
    if_match: str | None,
) -> tuple[ProfileDocument, ProfileEdition | None]:
    """Submit, publish, return, withdraw or reopen; `publish` also creates the next edition."""
    document = await _locked(session, principal, iso3)
    check_if_match(if_match, document.row_version)
    target = check_transition(
        principal,
        status=Status(document.status),
        action=step.action,
        country=document.country_iso3,
        comment=step.comment,
    )
    if target == Status.published and not document.sections:
        raise Conflict("Add at least one section before publishing the profile.")
    before = snapshot(document)
    document.status = target.value
    document.row_version += 1
    await session.flush()
    edition = None
    if step.action == Action.publish:
        repo = DocumentRepository(session)
        edition = await repo.add_edition(
            ProfileEdition(
                document_id=document.id,
                edition=(await repo.latest_edition(document.id) or 0) + 1,
                endorsement=document.endorsement,
                content=frozen(document),
                published_by=actor(principal),
            )
        )
    await _log(
        session, principal, document, action=step.action.value, before=before, comment=step.comment
    )
    return document, edition

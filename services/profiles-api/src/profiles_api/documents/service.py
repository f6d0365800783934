"""Profile document reads: the working copy, published editions and their comparison."""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from imap_kit.errors import FieldError, InvalidInput
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries import service as country_service
from profiles_api.documents import diffing
from profiles_api.documents.exceptions import DocumentNotFound, EditionNotFound
from profiles_api.documents.models import ProfileDocument, ProfileEdition, ProfileSection
from profiles_api.documents.repository import DocumentRepository
from profiles_api.documents.schemas import (
    DocumentRead,
    EditionDiff,
    EditionRead,
    EditionSummary,
    SectionRead,
)

RECORD = "profile_document"


def section_content(section: ProfileSection) -> dict[str, Any]:
    """A section as editions and versions keep it."""
    return SectionRead(
        part=section.part,
        title_en=section.title_en,
        title_ru=section.title_ru,
        body_en=section.body_en,
        body_ru=section.body_ru,
        sources=section.sources,  # type: ignore[arg-type]
    ).model_dump(mode="json")


def ordered(document: ProfileDocument) -> list[ProfileSection]:
    """The sections in template order."""
    return sorted(document.sections, key=lambda s: s.position)


def to_read(document: ProfileDocument, latest_edition: int | None) -> DocumentRead:
    """The working copy as the API shows it."""
    return DocumentRead(
        country_iso3=document.country_iso3,
        title_en=document.title_en,
        title_ru=document.title_ru,
        status=document.status,  # type: ignore[arg-type]
        access=document.access,  # type: ignore[arg-type]
        endorsement=document.endorsement,  # type: ignore[arg-type]
        endorsement_note=document.endorsement_note,
        sections=[SectionRead.model_validate(section_content(s)) for s in ordered(document)],
        latest_edition=latest_edition,
        version=document.row_version,
        created_at=document.created_at,
        updated_at=document.updated_at,
    )


def snapshot(document: ProfileDocument) -> dict[str, Any]:
    """The working copy as versions keep it: one top-level key per section (`sections.B3`), so
    that version diffs name the section that changed."""
    out: dict[str, Any] = {
        "title_en": document.title_en,
        "title_ru": document.title_ru,
        "status": document.status,
        "access": document.access,
        "endorsement": document.endorsement,
        "endorsement_note": document.endorsement_note,
    }
    for section in ordered(document):
        content = section_content(section)
        del content["part"]
        out[f"sections.{section.part}"] = content
    return out


def frozen(document: ProfileDocument) -> dict[str, Any]:
    """The content of a new edition: the whole document as published."""
    return {
        "country_iso3": document.country_iso3,
        "title_en": document.title_en,
        "title_ru": document.title_ru,
        "access": document.access,
        "endorsement": document.endorsement,
        "endorsement_note": document.endorsement_note,
        "document_version": document.row_version,
        "sections": [section_content(s) for s in ordered(document)],
    }


def edition_read(edition: ProfileEdition) -> EditionRead:
    """An edition with its frozen content."""
    content = edition.content
    return EditionRead(
        edition=edition.edition,
        published_at=edition.published_at,
        published_by=edition.published_by,
        endorsement=edition.endorsement,  # type: ignore[arg-type]
        country_iso3=content["country_iso3"],
        title_en=content["title_en"],
        title_ru=content["title_ru"],
        access=content["access"],
        endorsement_note=content.get("endorsement_note"),
        sections=[SectionRead.model_validate(s) for s in content["sections"]],
    )


async def get_document(
    session: AsyncSession, principal: Principal, iso3: str
) -> tuple[ProfileDocument, int | None]:
    """The working copy the caller may see and its latest edition number, or 404."""
    country = await country_service.get_country(session, iso3)
    repo = DocumentRepository(session)
    document = await repo.get(country.iso3, principal)
    if document is None:
        raise DocumentNotFound(country.iso3)
    return document, await repo.latest_edition(document.id)


async def ensure_visible(session: AsyncSession, principal: Principal, iso3: str) -> None:
    """404 unless the caller may see the working copy (for its versions and diffs)."""
    await get_document(session, principal, iso3)


async def list_editions(
    session: AsyncSession, principal: Principal, iso3: str, *, limit: int, offset: int
) -> tuple[list[EditionSummary], int]:
    """Published editions the caller may read, newest first (404 for an unknown country)."""
    country = await country_service.get_country(session, iso3)
    rows, total = await DocumentRepository(session).editions(
        country.iso3, principal, limit=limit, offset=offset
    )
    return [EditionSummary.model_validate(r, from_attributes=True) for r in rows], total


async def get_edition(
    session: AsyncSession, principal: Principal, iso3: str, number: int | None
) -> ProfileEdition | None:
    """Edition `number` (or the newest one) the caller may read; None when there is none."""
    country = await country_service.get_country(session, iso3)
    return await DocumentRepository(session).edition(country.iso3, principal, number)


async def require_edition(
    session: AsyncSession, principal: Principal, iso3: str, number: int
) -> ProfileEdition:
    """Edition `number`, or EditionNotFound."""
    edition = await get_edition(session, principal, iso3, number)
    if edition is None:
        raise EditionNotFound(iso3.upper(), number)
    return edition


async def diff_editions(
    session: AsyncSession, principal: Principal, iso3: str, number: int, against: int | None
) -> EditionDiff:
    """Section-level changes from edition `against` (default: the previous one) to `number`."""
    new = await require_edition(session, principal, iso3, number)
    if against is None and number > 1:
        against = number - 1
    if against is not None and against >= number:
        reason = f"must be an earlier edition than {number}"
        raise InvalidInput(
            f"against: {reason}", errors=[FieldError(field="query.against", reason=reason)]
        )
    old = await require_edition(session, principal, iso3, against) if against else None
    old_content: dict[str, Any] = old.content if old else {"sections": []}
    return EditionDiff(
        country_iso3=new.content["country_iso3"],
        edition=number,
        against=against,
        fields=diffing.compare_fields(old_content, new.content),
        sections=diffing.compare_sections(
            old_content["sections"],
            new.content["sections"],
            old_label=f"edition-{against}" if against else "none",
            new_label=f"edition-{number}",
        ),
    )

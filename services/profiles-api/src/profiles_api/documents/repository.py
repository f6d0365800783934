"""Profile document and edition queries (never commits; the request session does)."""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import Access, Status, visible
from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.documents.models import ProfileDocument, ProfileEdition, ProfileSection


def _document_visible(principal: Principal) -> ColumnElement[bool]:
    return visible(
        principal,
        status=ProfileDocument.status,
        access=ProfileDocument.access,
        country=ProfileDocument.country_iso3,
    )


def edition_visible(principal: Principal) -> ColumnElement[bool]:
    """Editions a caller may read (joined with their document).

    Editors and the country's own writers see every edition. Others see none while the document
    is withdrawn; otherwise signed-in callers see all editions and anonymous ones the editions
    frozen as public.
    """
    if principal.is_editor:
        return true()
    own = (
        ProfileDocument.country_iso3.in_(sorted(principal.countries))
        if principal.countries
        else false()
    )
    live = ProfileDocument.status != Status.withdrawn.value
    if not principal.authenticated:
        return and_(live, ProfileEdition.content["access"].astext == Access.public.value)
    return or_(own, live)


class DocumentRepository:
    """Reads and writes working copies, their sections and editions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(
        self, iso3: str, principal: Principal, *, for_update: bool = False
    ) -> ProfileDocument | None:
        """The country's working copy if the caller may see it (locked for writers)."""
        query = select(ProfileDocument).where(
            ProfileDocument.country_iso3 == iso3, _document_visible(principal)
        )
        if for_update:
            # Concurrent writers queue here, so the second sees the first's row version.
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def exists(self, iso3: str) -> bool:
        query = select(ProfileDocument.id).where(ProfileDocument.country_iso3 == iso3)
        return await self.session.scalar(query) is not None

    async def add(self, document: ProfileDocument) -> ProfileDocument:
        self.session.add(document)
        await self.session.flush()
        # A new document without sections has its (empty) collection unloaded after the flush;
        # load it now, since async code cannot load it lazily later.
        await self.session.refresh(document, ["sections"])
        return document

    async def remove_section(self, document: ProfileDocument, section: ProfileSection) -> None:
        document.sections.remove(section)
        await self.session.flush()

    async def latest_edition(self, document_id: int) -> int | None:
        query = select(func.max(ProfileEdition.edition)).where(
            ProfileEdition.document_id == document_id
        )
        return await self.session.scalar(query)

    async def add_edition(self, edition: ProfileEdition) -> ProfileEdition:
        self.session.add(edition)
        await self.session.flush()
        await self.session.refresh(edition)
        return edition

    def _editions(self, iso3: str, principal: Principal) -> Select[ProfileEdition]:
        return (
            select(ProfileEdition)
            .join(ProfileDocument, ProfileDocument.id == ProfileEdition.document_id)
            .where(ProfileDocument.country_iso3 == iso3, edition_visible(principal))
        )

    async def editions(
        self, iso3: str, principal: Principal, *, limit: int, offset: int
    ) -> tuple[list[ProfileEdition], int]:
        """The editions the caller may read, newest first."""
        query = self._editions(iso3, principal)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(ProfileEdition.edition.desc()).limit(limit).offset(offset)
        )
        return list(rows), total or 0

    async def edition(
        self, iso3: str, principal: Principal, number: int | None
    ) -> ProfileEdition | None:
        """Edition `number`, or the newest the caller may read when `number` is None."""
        query = self._editions(iso3, principal)
        if number is not None:
            query = query.where(ProfileEdition.edition == number)
        return await self.session.scalar(query.order_by(ProfileEdition.edition.desc()).limit(1))

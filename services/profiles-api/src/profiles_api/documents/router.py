"""Profile document endpoints: the working copy under the editorial workflow, its versions, and the
published editions with their section-level comparison."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response, status
from imap_kit.auth import PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    responses,
)
from imap_kit.etag import IfMatchDep, set_etag
from imap_kit.history import DiffRead, VersionRead, diff_versions, get_version, list_versions
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.db import HISTORY
from profiles_api.documents import editing, service
from profiles_api.documents.exceptions import DocumentNotFound, EditionNotFound, SectionNotFound
from profiles_api.documents.schemas import (
    DocumentRead,
    DocumentWrite,
    EditionDiff,
    EditionRead,
    EditionSummary,
    SectionPut,
    TransitionRequest,
    TransitionResult,
)

router = APIRouter(prefix="/v1/countries/{iso3}", tags=["profiles"])

Iso3Path = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 3166-1 alpha-3 code, case-insensitive (Kosovo: XKX).",
        examples=["GEO"],
    ),
]
PartPath = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z][0-9]?$",
        description="Template part or section: A, B, B1-B4, C, C1-C5, D, E, F, G.",
        examples=["B3"],
    ),
]
EditionNo = Annotated[int, Path(ge=1, le=1_000_000, description="Edition number.")]
VersionNo = Annotated[int, Path(ge=1, le=1_000_000, description="Version number.")]
IfNoneMatch = Annotated[
    str | None,
    Header(description="`*` to create only: 412 if the document already exists.", examples=["*"]),
]
DOC = "/profile-document"
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)

CREATED: dict[int | str, dict[str, Any]] = {201: {"description": "Created", "model": DocumentRead}}


async def _read(session: SessionDep, principal: PrincipalDep, iso3: str) -> DocumentRead:
    document, latest = await service.get_document(session, principal, iso3)
    return service.to_read(document, latest)


@router.get(DOC, response_model=DocumentRead, responses=responses(DocumentNotFound))
async def get_profile_document(
    session: SessionDep, principal: PrincipalDep, iso3: Iso3Path, response: Response
) -> DocumentRead:
    """Get a country's profile working copy (with an ETag).

    Drafts and submissions are visible to the country's contributors and to editors; a published
    working copy to everyone (restricted ones to signed-in callers). Readers normally want
    `/profile` or `/profile/editions`, which show what was published.
    """
    document = await _read(session, principal, iso3)
    set_etag(response, document.version)
    return document


@router.put(
    DOC,
    response_model=DocumentRead,
    responses=CREATED | WRITE_ERRORS,
)
async def put_profile_document(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    body: DocumentWrite,
    if_match: IfMatchDep,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> DocumentRead:
    """Create or replace a country's profile working copy with all its sections.

    Contributors of the country, editors and admins. Creating: no If-Match (or `If-None-Match: *`)
    → 201. Replacing: If-Match with the ETag you read (428 without, 412 if stale). Sections not in
    the body are removed. `endorsement` and its note are set by editors only (omitted =
    unchanged). Editing a published working copy starts the next draft.
    """
    document, created = await editing.put_document(
        session, principal, iso3, body, if_match=if_match, if_none_match=if_none_match
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"/v1/countries/{document.country_iso3}{DOC}"
    set_etag(response, document.row_version)
    return await _read(session, principal, iso3)


@router.put(f"{DOC}/sections/{{part}}", response_model=DocumentRead, responses=WRITE_ERRORS)
async def put_profile_section(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    part: PartPath,
    body: SectionPut,
    if_match: IfMatchDep,
    response: Response,
) -> DocumentRead:
    """Create or replace one section of the working copy (If-Match: the document's ETag)."""
    document = await editing.put_section(session, principal, iso3, part, body, if_match=if_match)
    set_etag(response, document.row_version)
    return await _read(session, principal, iso3)


@router.delete(
    f"{DOC}/sections/{{part}}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS | responses(SectionNotFound),
)
async def delete_profile_section(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    part: PartPath,
    if_match: IfMatchDep,
) -> Response:
    """Remove one section of the working copy (If-Match: the document's ETag)."""
    document = await editing.delete_section(session, principal, iso3, part, if_match=if_match)
    answer = Response(status_code=status.HTTP_204_NO_CONTENT)
    set_etag(answer, document.row_version)
    return answer


@router.post(f"{DOC}/transitions", response_model=TransitionResult, responses=WRITE_ERRORS)
async def transition_profile_document(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    body: TransitionRequest,
    if_match: IfMatchDep,
    response: Response,
) -> TransitionResult:
    """Move the working copy through the workflow: submit, publish, return, withdraw or reopen.

    `publish` (editors) freezes the whole document as the next edition and returns it. While a
    document is withdrawn its editions are hidden from readers.
    """
    document, edition = await editing.transition(session, principal, iso3, body, if_match=if_match)
    set_etag(response, document.row_version)
    return TransitionResult(
        document=await _read(session, principal, iso3),
        edition=service.edition_read(edition) if edition else None,
    )


@router.get(
    f"{DOC}/versions", response_model=list[VersionRead], responses=responses(DocumentNotFound)
)
async def list_profile_document_versions(
    session: SessionDep, principal: PrincipalDep, iso3: Iso3Path
) -> Any:
    """List the kept versions of the working copy, newest first (every write keeps one)."""
    await service.ensure_visible(session, principal, iso3)
    return await list_versions(session, HISTORY, service.RECORD, iso3.upper())


@router.get(
    f"{DOC}/versions/{{version}}", response_model=VersionRead, responses=responses(NotFound)
)
async def get_profile_document_version(
    session: SessionDep, principal: PrincipalDep, iso3: Iso3Path, version: VersionNo
) -> Any:
    """Get one kept version of the working copy with its full snapshot."""
    await service.ensure_visible(session, principal, iso3)
    return await get_version(session, HISTORY, service.RECORD, iso3.upper(), version)


@router.get(f"{DOC}/diff", response_model=DiffRead, responses=responses(NotFound))
async def diff_profile_document_versions(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    from_version: Annotated[int, Query(alias="from", ge=1, le=1_000_000)],
    to_version: Annotated[int, Query(alias="to", ge=1, le=1_000_000)],
) -> Any:
    """Compare two versions of the working copy field by field (`sections.B3`...)."""
    await service.ensure_visible(session, principal, iso3)
    return await diff_versions(
        session, HISTORY, service.RECORD, iso3.upper(), from_version, to_version
    )


@router.get(
    "/profile/editions",
    response_model=Page[EditionSummary],
    responses=responses(CountryNotFound),
)
async def list_profile_editions(
    session: SessionDep, principal: PrincipalDep, page: PageParamsDep, iso3: Iso3Path
) -> Page[EditionSummary]:
    """List the published editions of a country's profile, newest first."""
    items, total = await service.list_editions(
        session, principal, iso3, limit=page.limit, offset=page.offset
    )
    return page.page(items, total)


@router.get(
    "/profile/editions/{edition}",
    response_model=EditionRead,
    responses=responses(EditionNotFound),
)
async def get_profile_edition(
    session: SessionDep, principal: PrincipalDep, iso3: Iso3Path, edition: EditionNo
) -> EditionRead:
    """Get one published edition: the document frozen as it was published."""
    found = await service.require_edition(session, principal, iso3, edition)
    return service.edition_read(found)


@router.get(
    "/profile/editions/{edition}/diff",
    response_model=EditionDiff,
    responses=responses(EditionNotFound, InvalidInput),
)
async def diff_profile_editions(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    edition: EditionNo,
    against: Annotated[
        int | None,
        Query(ge=1, le=1_000_000, description="An earlier edition; default: the previous one."),
    ] = None,
) -> EditionDiff:
    """Compare an edition with an earlier one, section by section, with unified text diffs.

    Sections added, removed or changed from edition `against` (default: the previous one) to
    this one, with a unified diff of each language's title and body; unchanged sections are left
    out. Edition 1 without `against` is compared with nothing (everything is added).
    """
    return await service.diff_editions(session, principal, iso3, edition, against)

"""Practice endpoints: reading (access tiers, workflow state) and editing."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from imap_kit.auth import PrincipalDep
from imap_kit.countries import Iso3
from imap_kit.db import SessionDep
from imap_kit.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    responses,
)
from imap_kit.etag import IfMatchDep, set_etag
from imap_kit.formats import TABULAR, Format, FormatDep, respond
from imap_kit.history_routes import add_history_routes
from imap_kit.pagination import Page, PageParamsDep

from toolbox_api.common.codes import Evidence, RouteSlug, ThemeCode, raise_if, route_errors
from toolbox_api.common.schemas import TransitionRequest
from toolbox_api.db import HISTORY
from toolbox_api.practices import editing, service
from toolbox_api.practices.exceptions import PracticeNotFound
from toolbox_api.practices.schemas import EVIDENCE_DOC, PracticeDetail, PracticeRead, PracticeWrite

router = APIRouter(prefix="/v1/practices", tags=["practices"])

PracticeId = Annotated[int, Path(ge=1, le=2**62, examples=[1])]
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    PracticeNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)


@router.get("", response_model=Page[PracticeRead], responses=TABULAR)
async def list_practices(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    fmt: FormatDep,
    country: Annotated[
        list[Iso3] | None,
        Query(
            description="State where it was applied, ISO3 (repeatable: any of).", examples=[["MDA"]]
        ),
    ] = None,
    theme: Annotated[
        list[ThemeCode] | None, Query(description="Thematic area code (repeatable: any of).")
    ] = None,
    evidence: Annotated[
        list[Evidence] | None, Query(description="Evidence grade (repeatable: any of).")
    ] = None,
    initiative: Annotated[
        int | None,
        Query(ge=1, le=2**62, description="Only practices distilled from this initiative (id)."),
    ] = None,
    route: Annotated[
        list[RouteSlug] | None, Query(description="map-api route slug (repeatable: any of).")
    ] = None,
) -> Page[PracticeRead] | Response:
    """List practices you may see, strongest evidence first, then by title.

    Evidence grades, strongest first: `evaluated` (an independent evaluation found results),
    `reported` (results reported by implementers), `described` (described only).
    """
    raise_if(route_errors(list(route or []), "query.route"))
    items, total = await service.list_practices(
        session,
        principal,
        countries=list(country or []),
        themes=list(theme or []),
        evidence=list(evidence or []),
        initiative_id=initiative,
        routes=list(route or []),
        limit=page.limit,
        offset=page.offset,
    )
    if fmt is not Format.json:
        return await respond(
            page.page([service.to_row(i) for i in items], total), fmt, name="practices"
        )
    return page.page(items, total)


@router.get("/{practice_id}", response_model=PracticeDetail, responses=responses(PracticeNotFound))
async def get_practice(
    session: SessionDep, principal: PrincipalDep, practice_id: PracticeId, response: Response
) -> PracticeDetail:
    """Get one practice with its initiatives, countries, themes, corridors, routes, sources and
    Markdown rendered as safe HTML (with an ETag)."""
    practice = await service.get_practice(session, principal, practice_id)
    set_etag(response, practice.row_version)
    return service.to_detail(practice, principal)


@router.post(
    "",
    response_model=PracticeDetail,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
    description=(
        "Create a draft practice (contributors for their countries, editors, scoped partners).\n\n"
        "422 names each bad field: an initiative slug that does not exist (or that you may not "
        "see), unknown country, theme or route codes, active content in text; 409 when the slug "
        f"is taken.\n\n{EVIDENCE_DOC}"
    ),
)
async def create_practice(
    session: SessionDep, principal: PrincipalDep, body: PracticeWrite, response: Response
) -> PracticeDetail:
    """Create a draft practice."""
    practice = await editing.create_practice(session, principal, body)
    set_etag(response, practice.row_version)
    response.headers["Location"] = f"{router.prefix}/{practice.id}"
    return service.to_detail(practice, principal)


@router.put("/{practice_id}", response_model=PracticeDetail, responses=WRITE_ERRORS)
async def update_practice(
    session: SessionDep,
    principal: PrincipalDep,
    practice_id: PracticeId,
    body: PracticeWrite,
    if_match: IfMatchDep,
    response: Response,
) -> PracticeDetail:
    """Replace a practice's content (If-Match required; contributors edit their drafts only)."""
    practice = await editing.update_practice(
        session, principal, practice_id, body, if_match=if_match
    )
    set_etag(response, practice.row_version)
    return service.to_detail(practice, principal)


@router.post("/{practice_id}/transitions", response_model=PracticeDetail, responses=WRITE_ERRORS)
async def transition_practice(
    session: SessionDep,
    principal: PrincipalDep,
    practice_id: PracticeId,
    body: TransitionRequest,
    if_match: IfMatchDep,
    response: Response,
) -> PracticeDetail:
    """Move a practice through the workflow: submit, publish, return, withdraw or reopen."""
    practice = await editing.transition_practice(
        session, principal, practice_id, body, if_match=if_match
    )
    set_etag(response, practice.row_version)
    return service.to_detail(practice, principal)


@router.delete("/{practice_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_practice(
    session: SessionDep, principal: PrincipalDep, practice_id: PracticeId, if_match: IfMatchDep
) -> Response:
    """Delete a practice (editors; contributors their own drafts). Its history stays; 409 while
    a strategy recommendation builds on it."""
    await editing.delete_practice(session, principal, practice_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


add_history_routes(
    router,
    path="",
    record_type="practice",
    tables=HISTORY,
    id_param=PracticeId,
    ensure_visible=service.ensure_visible,
)

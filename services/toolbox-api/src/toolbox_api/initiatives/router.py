"""Initiative endpoints: reading (filtered by access tier and workflow state) and editing."""

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

from toolbox_api.common.codes import (
    CountryRole,
    ImplementationStatus,
    RouteSlug,
    raise_if,
    route_errors,
)
from toolbox_api.common.schemas import TransitionRequest
from toolbox_api.db import HISTORY
from toolbox_api.initiatives import editing, service
from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.schemas import (
    InitiativeDetail,
    InitiativeRead,
    InitiativeWrite,
    Kind,
    ThemeCode,
)

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"])

InitiativeId = Annotated[int, Path(ge=1, le=2**62, examples=[1])]
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    InitiativeNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)


@router.get("", response_model=Page[InitiativeRead], responses=TABULAR)
async def list_initiatives(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    fmt: FormatDep,
    country: Annotated[
        list[Iso3] | None,
        Query(description="Participating state, ISO3 (repeatable: any of).", examples=[["MDA"]]),
    ] = None,
    role: Annotated[
        CountryRole | None,
        Query(description="With `country`: only where it has this role."),
    ] = None,
    theme: Annotated[
        list[ThemeCode] | None,
        Query(
            description="Thematic area code (repeatable: any of).", examples=[["legal-migration"]]
        ),
    ] = None,
    kind: Annotated[list[Kind] | None, Query(description="Kind (repeatable: any of).")] = None,
    implementation_status: Annotated[
        list[ImplementationStatus] | None,
        Query(description="Implementation status (repeatable: any of)."),
    ] = None,
    route: Annotated[
        list[RouteSlug] | None,
        Query(description="map-api route slug it touches (repeatable: any of)."),
    ] = None,
) -> Page[InitiativeRead] | Response:
    """List initiatives you may see, filtered by country, theme, kind, status and route, newest
    first.

    Anonymous callers see published public records; signed-in users and partners also published
    restricted ones; contributors also their countries' drafts; editors everything. CSV and XLSX
    give one flat row per initiative (countries split by role, lists joined with `;`).
    """
    raise_if(route_errors(list(route or []), "query.route"))
    items, total = await service.list_initiatives(
        session,
        principal,
        countries=list(country or []),
        role=role,
        themes=list(theme or []),
        kinds=list(kind or []),
        implementation=list(implementation_status or []),
        routes=list(route or []),
        limit=page.limit,
        offset=page.offset,
    )
    if fmt is not Format.json:
        return await respond(
            page.page([service.to_row(i) for i in items], total), fmt, name="initiatives"
        )
    return page.page(items, total)


@router.get(
    "/{initiative_id}", response_model=InitiativeDetail, responses=responses(InitiativeNotFound)
)
async def get_initiative(
    session: SessionDep, principal: PrincipalDep, initiative_id: InitiativeId, response: Response
) -> InitiativeDetail:
    """Get one initiative with its countries, organisations, themes, sources, corridors, routes,
    practices, Markdown rendered as safe HTML and workflow state (with an ETag)."""
    initiative = await service.get_initiative(session, principal, initiative_id)
    set_etag(response, initiative.row_version)
    return await service.to_detail(session, principal, initiative)


@router.post(
    "",
    response_model=InitiativeDetail,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
)
async def create_initiative(
    session: SessionDep, principal: PrincipalDep, body: InitiativeWrite, response: Response
) -> InitiativeDetail:
    """Create a draft initiative (contributors for their countries, editors, scoped partners).

    422 names each bad field: unknown country, theme, route or currency codes, an end year before
    the start year, an owner that is not one of the countries, active content in text; 409 when
    the slug is taken.
    """
    initiative = await editing.create_initiative(session, principal, body)
    set_etag(response, initiative.row_version)
    response.headers["Location"] = f"{router.prefix}/{initiative.id}"
    return await service.to_detail(session, principal, initiative)


@router.put("/{initiative_id}", response_model=InitiativeDetail, responses=WRITE_ERRORS)
async def update_initiative(
    session: SessionDep,
    principal: PrincipalDep,
    initiative_id: InitiativeId,
    body: InitiativeWrite,
    if_match: IfMatchDep,
    response: Response,
) -> InitiativeDetail:
    """Replace an initiative's content (If-Match required; contributors edit their drafts only)."""
    initiative = await editing.update_initiative(
        session, principal, initiative_id, body, if_match=if_match
    )
    set_etag(response, initiative.row_version)
    return await service.to_detail(session, principal, initiative)


@router.post(
    "/{initiative_id}/transitions", response_model=InitiativeDetail, responses=WRITE_ERRORS
)
async def transition_initiative(
    session: SessionDep,
    principal: PrincipalDep,
    initiative_id: InitiativeId,
    body: TransitionRequest,
    if_match: IfMatchDep,
    response: Response,
) -> InitiativeDetail:
    """Move an initiative through the workflow: submit, publish, return, withdraw or reopen."""
    initiative = await editing.transition_initiative(
        session, principal, initiative_id, body, if_match=if_match
    )
    set_etag(response, initiative.row_version)
    return await service.to_detail(session, principal, initiative)


@router.delete("/{initiative_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_initiative(
    session: SessionDep, principal: PrincipalDep, initiative_id: InitiativeId, if_match: IfMatchDep
) -> Response:
    """Delete an initiative (editors; contributors their own drafts). Its history stays; 409
    while practices are distilled from it."""
    await editing.delete_initiative(session, principal, initiative_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


add_history_routes(
    router,
    path="",
    record_type="initiative",
    tables=HISTORY,
    id_param=InitiativeId,
    ensure_visible=service.ensure_visible,
)

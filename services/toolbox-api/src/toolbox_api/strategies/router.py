"""Strategy endpoints: the country's strategy page, the list, and editing."""

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
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.history_routes import add_history_routes
from imap_kit.pagination import Page, PageParamsDep
from pydantic import StringConstraints

from toolbox_api.common.schemas import TransitionRequest
from toolbox_api.db import HISTORY
from toolbox_api.strategies import editing, service
from toolbox_api.strategies.exceptions import StrategyNotFound
from toolbox_api.strategies.schemas import StrategyRead, StrategySummary, StrategyWrite

router = APIRouter(prefix="/v1/strategies", tags=["strategies"])

Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True),
    Path(description="The partner country, ISO3 (any case).", examples=["MDA"]),
]
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    StrategyNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)


@router.get("", response_model=Page[StrategySummary], responses=TABULAR)
async def list_strategies(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    fmt: FormatDep,
    country: Annotated[
        list[Iso3] | None, Query(description="Partner country, ISO3 (repeatable: any of).")
    ] = None,
    demonstration: Annotated[
        bool | None, Query(description="true: only demonstration records; false: only official.")
    ] = None,
) -> Page[StrategySummary] | Response:
    """List the partner countries' strategies you may see, by country code."""
    items, total = await service.list_strategies(
        session,
        principal,
        countries=list(country or []),
        demonstration=demonstration,
        limit=page.limit,
        offset=page.offset,
    )
    return await respond(page.page(items, total), fmt, name="strategies")


@router.get("/{iso3}", response_model=StrategyRead, responses=responses(StrategyNotFound))
async def get_strategy(
    session: SessionDep, principal: PrincipalDep, iso3: Country, response: Response
) -> StrategyRead:
    """Get a country's strategy page: ranked priorities, objectives with their recommendations,
    each recommendation's themes, target date, status, notes and the practices it builds on
    (with an ETag). A `demonstration` strategy was written by the i-Map team from public
    documents and is not an official text."""
    strategy = await service.get_strategy(session, principal, iso3)
    set_etag(response, strategy.row_version)
    return service.to_read(strategy, principal)


@router.post(
    "",
    response_model=StrategyRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
)
async def create_strategy(
    session: SessionDep, principal: PrincipalDep, body: StrategyWrite, response: Response
) -> StrategyRead:
    """Create a country's draft strategy (its contributors, editors, scoped partners); 409 when
    the country has one.

    422 names each bad field: unknown country or theme codes, a recommendation serving an
    objective the strategy does not have, a practice that does not exist, ranks that do not run
    1..n, an official strategy without a source, active content in text.
    """
    strategy = await editing.create_strategy(session, principal, body)
    set_etag(response, strategy.row_version)
    response.headers["Location"] = f"{router.prefix}/{strategy.country_iso3}"
    return service.to_read(strategy, principal)


@router.put("/{iso3}", response_model=StrategyRead, responses=WRITE_ERRORS)
async def update_strategy(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Country,
    body: StrategyWrite,
    if_match: IfMatchDep,
    response: Response,
) -> StrategyRead:
    """Replace a strategy whole (If-Match required; contributors edit their drafts only)."""
    strategy = await editing.update_strategy(session, principal, iso3, body, if_match=if_match)
    set_etag(response, strategy.row_version)
    return service.to_read(strategy, principal)


@router.post("/{iso3}/transitions", response_model=StrategyRead, responses=WRITE_ERRORS)
async def transition_strategy(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Country,
    body: TransitionRequest,
    if_match: IfMatchDep,
    response: Response,
) -> StrategyRead:
    """Move a strategy through the workflow: submit, publish, return, withdraw or reopen."""
    strategy = await editing.transition_strategy(session, principal, iso3, body, if_match=if_match)
    set_etag(response, strategy.row_version)
    return service.to_read(strategy, principal)


@router.delete("/{iso3}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_strategy(
    session: SessionDep, principal: PrincipalDep, iso3: Country, if_match: IfMatchDep
) -> Response:
    """Delete a strategy (editors; contributors their own drafts). Its history stays and goes on
    if the country's strategy is written again."""
    await editing.delete_strategy(session, principal, iso3, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


add_history_routes(
    router,
    path="",
    record_type="strategy",
    tables=HISTORY,
    id_param=Country,
    ensure_visible=service.ensure_visible,
)

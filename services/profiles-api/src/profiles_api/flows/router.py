"""Bilateral flow endpoints: corridors (`/v1/flows`), a country's partners, and editors' writes."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response, status
from imap_kit.auth import Principal, PrincipalDep
from imap_kit.countries import Iso3
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
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.history_routes import add_history_routes
from imap_kit.pagination import Page, PageParams, PageParamsDep
from pydantic import StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.router import Iso3Path
from profiles_api.countries.schemas import PPGroup
from profiles_api.db import HISTORY
from profiles_api.flows import editing, service
from profiles_api.flows.exceptions import FlowNotFound
from profiles_api.flows.repository import FlowFilter
from profiles_api.flows.schemas import Direction, FlowRead, FlowWrite, PartnerRead
from profiles_api.indicators.dependencies import (
    PeriodsDep,
    SourceQuery,
    SourcesDep,
    YearQuery,
    page_params,
)
from profiles_api.indicators.periods import PERIOD_PATTERN
from profiles_api.indicators.schemas import CODE_PATTERN
from profiles_api.indicators.sources import SourceChoice

router = APIRouter(prefix="/v1/flows", tags=["flows"])
partners_router = APIRouter(prefix="/v1/countries", tags=["flows"])

FlowId = Annotated[int, Path(ge=1, le=2**62, description="Flow id.", examples=[1])]
IndicatorQuery = Annotated[
    str,
    Query(
        pattern=CODE_PATTERN,
        description="A bilateral indicator (`/v1/indicators?kind=bilateral`).",
        examples=["KNOMAD.MIG.BILAT"],
    ),
]
Codes = Annotated[list[Iso3] | None, Query(description="ISO3 codes (repeatable).")]
Groups = Annotated[list[PPGroup] | None, Query(description="Prague Process groups (repeatable).")]
Corridor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$")]
READ_ERRORS = {**responses(NotFound, InvalidInput), **TABULAR}
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    FlowNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)
Sort = Literal[
    "value", "-value", "year", "-year", "origin", "-origin", "destination", "-destination"
]


def _flow_filter(
    indicator: IndicatorQuery,
    periods: PeriodsDep,
    sources: SourcesDep,
    origin: Codes = None,
    destination: Codes = None,
    corridor: Annotated[
        list[Corridor] | None,
        Query(description="`ORIGIN-DESTINATION` pairs (repeatable).", examples=[["GEO-RUS"]]),
    ] = None,
    country: Annotated[
        list[Iso3] | None, Query(description="Flows with this country at either end.")
    ] = None,
    group: Annotated[
        list[PPGroup] | None, Query(description="Flows with a member of this group at either end.")
    ] = None,
    origin_group: Groups = None,
    destination_group: Groups = None,
) -> FlowFilter:
    pairs = [tuple(c.upper().split("-")) for c in corridor or []]
    return FlowFilter(
        indicator,
        origins=list(origin or []),
        destinations=list(destination or []),
        countries=list(country or []),
        corridors=[(a, b) for a, b in pairs],
        groups=list(group or []),
        origin_groups=list(origin_group or []),
        destination_groups=list(destination_group or []),
        periods=periods,
        sources=sources,
    )


@router.get("", response_model=Page[FlowRead], responses=READ_ERRORS)
async def list_flows(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    flt: Annotated[FlowFilter, Depends(_flow_filter)],
    sort: Annotated[
        Sort, Query(description="Order by this key (`-` for descending); largest first by default.")
    ] = "-value",
) -> Page[FlowRead] | Response:
    """Values of one bilateral indicator by corridor (origin -> destination), JSON, CSV or XLSX.

    One value per corridor and period by default: from the source dataset with the highest
    priority, then the newest vintage (`source=` for one dataset, `all_sources=true` for all).
    404 for an unknown indicator or a country outside the register; 422 for a country indicator.
    """
    items, total = await service.list_flows(
        session, flt, sort=sort, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name=f"flows-{flt.indicator_code}")


@router.get("/{flow_id}", response_model=FlowRead, responses=responses(FlowNotFound))
async def get_flow(session: SessionDep, flow_id: FlowId, response: Response) -> FlowRead:
    """Get one flow by id (with an ETag for editing)."""
    return await _answer(session, flow_id, response)


@router.post(
    "",
    response_model=FlowRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
)
async def create_flow(
    session: SessionDep, principal: PrincipalDep, body: FlowWrite, response: Response
) -> FlowRead:
    """Add a bilateral value (editors; contributors for corridors touching their countries).

    422 naming the field for an unknown or country indicator, a country outside the register,
    the same country at both ends, an unknown dataset, a bad period or a negative stock; 409 when
    the corridor already has a value for the period and dataset.
    """
    flow = await editing.create_flow(session, principal, body)
    response.headers["Location"] = f"{router.prefix}/{flow.id}"
    return await _answer(session, flow.id, response)


@router.put("/{flow_id}", response_model=FlowRead, responses=WRITE_ERRORS)
async def update_flow(
    session: SessionDep,
    principal: PrincipalDep,
    flow_id: FlowId,
    body: FlowWrite,
    if_match: IfMatchDep,
    response: Response,
) -> FlowRead:
    """Replace a flow's content (If-Match required)."""
    await editing.update_flow(session, principal, flow_id, body, if_match=if_match)
    return await _answer(session, flow_id, response)


@router.delete("/{flow_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_flow(
    session: SessionDep, principal: PrincipalDep, flow_id: FlowId, if_match: IfMatchDep
) -> Response:
    """Delete a flow (If-Match required). Its versions and audit entries stay."""
    await editing.delete_flow(session, principal, flow_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _answer(session: AsyncSession, flow_id: int, response: Response) -> FlowRead:
    read = await service.get_flow(session, flow_id)
    set_etag(response, read.version)
    return read


async def _ensure_flow(session: AsyncSession, principal: Principal, flow_id: int) -> None:
    await service.get_flow(session, flow_id)


add_history_routes(
    router,
    path="",
    record_type="flow",
    tables=HISTORY,
    id_param=FlowId,
    ensure_visible=_ensure_flow,
)

PartnersPageDep = Annotated[PageParams, Depends(page_params(10))]


@partners_router.get("/{iso3}/partners", response_model=Page[PartnerRead], responses=READ_ERRORS)
async def country_partners(
    session: SessionDep,
    page: PartnersPageDep,
    fmt: FormatDep,
    iso3: Iso3Path,
    indicator: IndicatorQuery,
    direction: Annotated[
        Direction,
        Query(
            description="`inbound`: partners are origins (who comes to / sends to the country); "
            "`outbound`: partners are destinations."
        ),
    ] = "inbound",
    year: YearQuery = None,
    period: Annotated[
        str | None,
        Query(pattern=PERIOD_PATTERN, description="A period instead of `year` (`2023-03`)."),
    ] = None,
    source: SourceQuery = None,
) -> Page[PartnerRead] | Response:
    """A country's top partners for a bilateral indicator, largest first (JSON, CSV or XLSX).

    `limit` is the N of the top N (10 by default); `offset` pages further down the ranking. The
    period is `year` (annual value) or `period`; without either, the latest period with a value
    for the country in that direction. Values are in the default view (or `source=`).
    """
    items, total = await service.partners(
        session,
        iso3,
        indicator=indicator,
        direction=direction,
        year=year,
        period=period,
        sources=SourceChoice(source=source),
        limit=page.limit,
        offset=page.offset,
    )
    return await respond(page.page(items, total), fmt, name=f"partners-{iso3.upper()}")

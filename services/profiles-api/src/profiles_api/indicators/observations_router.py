"""Observation endpoints: values by country in the source-wins view, the country × year table,
and the editors' writes (`/v1/indicators/{code}/observations`, `/v1/observations/{id}`)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response, status
from imap_kit.auth import Principal, PrincipalDep
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
from imap_kit.pagination import Page, PageParams, PageParamsDep
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.schemas import PPGroup
from profiles_api.db import HISTORY
from profiles_api.indicators import editing, service
from profiles_api.indicators.dependencies import (
    PeriodsDep,
    SourceQuery,
    SourcesDep,
    YearFromQuery,
    YearQuery,
    YearToQuery,
    page_params,
)
from profiles_api.indicators.exceptions import IndicatorNotFound, ObservationNotFound
from profiles_api.indicators.observation_schemas import (
    FlatRow,
    ObservationRead,
    ObservationWrite,
    TableRow,
)
from profiles_api.indicators.periods import Frequency, PeriodFilter
from profiles_api.indicators.repository import ObservationFilter
from profiles_api.indicators.router import CodePath
from profiles_api.indicators.sources import SourceChoice

router = APIRouter(prefix="/v1/indicators", tags=["indicators"])
records = APIRouter(prefix="/v1/observations", tags=["indicators"])

ObservationId = Annotated[int, Path(ge=1, le=2**62, description="Observation id.", examples=[1])]
READ_ERRORS = {**responses(IndicatorNotFound, InvalidInput), **TABULAR}
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    ObservationNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)
Countries = Annotated[
    list[Iso3] | None, Query(description="ISO3 codes (repeatable).", examples=[["ARM", "GEO"]])
]
Groups = Annotated[
    list[PPGroup] | None,
    Query(description="Prague Process groups (repeatable).", examples=[["Central Asia"]]),
]


def _observation_filter(
    code: CodePath,
    periods: PeriodsDep,
    sources: SourcesDep,
    country: Countries = None,
    group: Groups = None,
) -> ObservationFilter:
    return ObservationFilter(code, list(country or []), list(group or []), periods, sources)


FilterDep = Annotated[ObservationFilter, Depends(_observation_filter)]
Sort = Literal["country", "-country", "year", "-year", "value", "-value"]


@router.get("/{code}/observations", response_model=Page[ObservationRead], responses=READ_ERRORS)
async def list_observations(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    flt: FilterDep,
    sort: Annotated[
        Sort,
        Query(description="Order by this key (`-` for descending), then country and period."),
    ] = "country",
) -> Page[ObservationRead] | Response:
    """Values of one indicator by country and period (JSON, CSV or XLSX).

    By default one value per country and period: from the source dataset with the highest
    priority, then the newest vintage (`source=` for one dataset, `all_sources=true` for all).
    Every row carries its period, flags, note, source dataset, unit and scale.
    """
    items, total = await service.list_observations(
        session, flt, sort=sort, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name=f"observations-{flt.indicator_code}")


@router.get("/{code}/latest", response_model=Page[ObservationRead], responses=READ_ERRORS)
async def latest_observations(
    session: SessionDep, page: PageParamsDep, fmt: FormatDep, flt: FilterDep
) -> Page[ObservationRead] | Response:
    """Each country's most recent value of one indicator (within the filters), by country.

    The most recent period is the one ending last; a year wins over its fourth quarter and its
    December. With `all_sources=true` every source's value for that period is listed.
    """
    items, total = await service.latest_observations(
        session, flt, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name=f"latest-{flt.indicator_code}")


TablePageDep = Annotated[PageParams, Depends(page_params(100))]


def _table_filter(
    code: CodePath,
    year: YearQuery = None,
    year_from: YearFromQuery = None,
    year_to: YearToQuery = None,
    source: SourceQuery = None,
    country: Countries = None,
    group: Groups = None,
) -> ObservationFilter:
    if year is not None:
        year_from = year_to = year
    periods = PeriodFilter(year_from, year_to, Frequency.A)
    return ObservationFilter(
        code, list(country or []), list(group or []), periods, SourceChoice(source=source)
    )


@router.get("/{code}/table", response_model=Page[TableRow], responses=READ_ERRORS)
async def indicator_table(
    session: SessionDep,
    page: TablePageDep,
    fmt: FormatDep,
    flt: Annotated[ObservationFilter, Depends(_table_filter)],
) -> Page[TableRow] | Response:
    """One row per country, one column per year: an indicator as a spreadsheet (JSON/CSV/XLSX).

    Annual values in the default view (or `source=`); every register state in the filter gets a
    row, by English name, with null for the years without a value. Without `year_from`/`year_to`
    the columns span the years with values. CSV and XLSX have one column per year, then the
    flags (`2020=e;...`) and the source datasets of the row.
    """
    rows, total, years = await service.table(session, flt, limit=page.limit, offset=page.offset)
    listed = page.page(rows, total)
    if fmt is Format.json:
        return listed
    flat = page.page([FlatRow(**row.flat(years)) for row in rows], total)
    return await respond(flat, fmt, name=f"table-{flt.indicator_code}")


@router.post(
    "/{code}/observations",
    response_model=ObservationRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, IndicatorNotFound, Conflict, InvalidInput),
)
async def create_observation(
    session: SessionDep,
    principal: PrincipalDep,
    code: CodePath,
    body: ObservationWrite,
    response: Response,
) -> ObservationRead:
    """Add a value of a country indicator (editors; contributors for their own countries).

    422 naming the field for an unknown country or dataset, a bad period or flag, a value that is
    not a finite number or is negative for a stock or count; 409 when the indicator already has a
    value for the country, period and dataset.
    """
    observation = await editing.create_observation(session, principal, code, body)
    response.headers["Location"] = f"{records.prefix}/{observation.id}"
    return await _answer(session, observation.id, response)


@records.get(
    "/{observation_id}", response_model=ObservationRead, responses=responses(ObservationNotFound)
)
async def get_observation(
    session: SessionDep, observation_id: ObservationId, response: Response
) -> ObservationRead:
    """Get one observation by id (with an ETag for editing)."""
    return await _answer(session, observation_id, response)


@records.put("/{observation_id}", response_model=ObservationRead, responses=WRITE_ERRORS)
async def update_observation(
    session: SessionDep,
    principal: PrincipalDep,
    observation_id: ObservationId,
    body: ObservationWrite,
    if_match: IfMatchDep,
    response: Response,
) -> ObservationRead:
    """Replace an observation's content (If-Match required; its indicator stays)."""
    await editing.update_observation(session, principal, observation_id, body, if_match=if_match)
    return await _answer(session, observation_id, response)


@records.delete("/{observation_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_observation(
    session: SessionDep,
    principal: PrincipalDep,
    observation_id: ObservationId,
    if_match: IfMatchDep,
) -> Response:
    """Delete an observation (If-Match required). Its versions and audit entries stay."""
    await editing.delete_observation(session, principal, observation_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _answer(
    session: AsyncSession, observation_id: int, response: Response
) -> ObservationRead:
    read = await service.get_observation(session, observation_id)
    set_etag(response, read.version)
    return read


async def _ensure_observation(session: AsyncSession, principal: Principal, record: int) -> None:
    await service.get_observation(session, record)


add_history_routes(
    records,
    path="",
    record_type="observation",
    tables=HISTORY,
    id_param=ObservationId,
    ensure_visible=_ensure_observation,
)

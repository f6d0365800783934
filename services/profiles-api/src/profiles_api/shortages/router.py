"""Skill-shortage endpoints: occupations (ISCO-08) and sectors (NACE Rev. 2) in shortage or
surplus, by country or area and year; editors' writes."""

from typing import Annotated

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
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.history_routes import add_history_routes
from imap_kit.pagination import Page, PageParamsDep
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.db import HISTORY
from profiles_api.indicators.dependencies import (
    SourceQuery,
    YearFromQuery,
    YearQuery,
    YearToQuery,
)
from profiles_api.shortages import editing, service
from profiles_api.shortages.exceptions import ShortageNotFound
from profiles_api.shortages.repository import ShortageFilter
from profiles_api.shortages.schemas import (
    AreaCode,
    Direction,
    IscoCode,
    NaceCode,
    Severity,
    ShortageRead,
    ShortageWrite,
)

router = APIRouter(prefix="/v1/shortages", tags=["shortages"])

ShortageId = Annotated[int, Path(ge=1, le=2**62, description="Record id.", examples=[1])]
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    ShortageNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)


def _filter(
    country: Annotated[
        list[Iso3] | None,
        Query(
            description="ISO3 codes (repeatable); includes the area-level records of the areas "
            "covering them (EU-level lists for EU members, Norway and Switzerland).",
            examples=[["DEU"]],
        ),
    ] = None,
    area: Annotated[
        list[AreaCode] | None,
        Query(description="Exactly these areas: `EU27-NO-CH` or ISO3 codes (repeatable)."),
    ] = None,
    year: YearQuery = None,
    year_from: YearFromQuery = None,
    year_to: YearToQuery = None,
    occupation: Annotated[
        list[IscoCode] | None,
        Query(
            description="ISCO-08 codes at any level; each matches its sub-groups (`22` matches "
            "2221 nursing professionals).",
            examples=[["22"]],
        ),
    ] = None,
    sector: Annotated[
        list[NaceCode] | None,
        Query(
            description="NACE Rev. 2 codes at any level; each matches the items below it (`F` "
            "matches 43.21 electrical installation).",
            examples=[["F"]],
        ),
    ] = None,
    direction: Annotated[Direction | None, Query(description="shortage or surplus.")] = None,
    severity: Annotated[
        list[Severity] | None, Query(description="critical, high, moderate, low (repeatable).")
    ] = None,
    source: SourceQuery = None,
) -> ShortageFilter:
    if year is not None:
        year_from = year_to = year
    return ShortageFilter(
        countries=list(country or []),
        areas=list(area or []),
        year_from=year_from,
        year_to=year_to,
        occupations=list(occupation or []),
        sectors=list(sector or []),
        direction=direction,
        severities=list(severity or []),
        source=source,
    )


@router.get("", response_model=Page[ShortageRead], responses={**responses(InvalidInput), **TABULAR})
async def list_shortages(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    flt: Annotated[ShortageFilter, Depends(_filter)],
    include_areas: Annotated[
        bool,
        Query(description="With `country`: also the records of areas covering the country."),
    ] = True,
) -> Page[ShortageRead] | Response:
    """Occupations and sectors in shortage or surplus, newest year first (JSON, CSV or XLSX).

    Rows carry the ISCO-08 and NACE titles, the source's own wording and the source dataset.
    A country's list includes the area-level records covering it: the EU-level EURES list
    (area `EU27-NO-CH`) applies to the EU member states, Norway and Switzerland. 422 for an
    ISCO-08 or NACE code the reference tables do not hold.
    """
    items, total = await service.list_shortages(
        session, flt, include_areas=include_areas, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name="shortages")


@router.get("/{shortage_id}", response_model=ShortageRead, responses=responses(ShortageNotFound))
async def get_shortage(
    session: SessionDep, shortage_id: ShortageId, response: Response
) -> ShortageRead:
    """Get one skill-shortage record (with an ETag for editing)."""
    return await _answer(session, shortage_id, response)


@router.post(
    "",
    response_model=ShortageRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
)
async def create_shortage(
    session: SessionDep, principal: PrincipalDep, body: ShortageWrite, response: Response
) -> ShortageRead:
    """Add a skill-shortage record (editors; contributors for their own countries).

    422 naming the field for an unknown country, area, ISCO-08 or NACE code or dataset, or a
    record with neither occupation nor sector; 409 when the same record exists.
    """
    shortage = await editing.create_shortage(session, principal, body)
    response.headers["Location"] = f"{router.prefix}/{shortage.id}"
    return await _answer(session, shortage.id, response)


@router.put("/{shortage_id}", response_model=ShortageRead, responses=WRITE_ERRORS)
async def update_shortage(
    session: SessionDep,
    principal: PrincipalDep,
    shortage_id: ShortageId,
    body: ShortageWrite,
    if_match: IfMatchDep,
    response: Response,
) -> ShortageRead:
    """Replace a skill-shortage record's content (If-Match required)."""
    await editing.update_shortage(session, principal, shortage_id, body, if_match=if_match)
    return await _answer(session, shortage_id, response)


@router.delete("/{shortage_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_shortage(
    session: SessionDep, principal: PrincipalDep, shortage_id: ShortageId, if_match: IfMatchDep
) -> Response:
    """Delete a skill-shortage record (If-Match required). Its history stays."""
    await editing.delete_shortage(session, principal, shortage_id, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _answer(session: AsyncSession, shortage_id: int, response: Response) -> ShortageRead:
    read = await service.get_shortage(session, shortage_id)
    set_etag(response, read.version)
    return read


async def _ensure(session: AsyncSession, principal: Principal, shortage_id: int) -> None:
    await service.get_shortage(session, shortage_id)


add_history_routes(
    router,
    path="",
    record_type="skill_shortage",
    tables=HISTORY,
    id_param=ShortageId,
    ensure_visible=_ensure,
)

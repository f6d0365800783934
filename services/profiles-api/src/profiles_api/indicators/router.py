"""Indicator catalogue endpoints (read; editors write) and the data-gap matrix."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
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
from pydantic import StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.schemas import PPGroup
from profiles_api.db import HISTORY
from profiles_api.indicators import editing, service
from profiles_api.indicators.exceptions import IndicatorNotFound
from profiles_api.indicators.repository import GapFilter
from profiles_api.indicators.schemas import (
    CODE_PATTERN,
    DataGapRead,
    IndicatorCreate,
    IndicatorPatch,
    IndicatorRead,
    IndicatorUpdate,
)

router = APIRouter(prefix="/v1/indicators", tags=["indicators"])

CodePath = Annotated[
    str,
    Path(
        pattern=CODE_PATTERN,
        description="Indicator code, e.g. a World Bank WDI code.",
        examples=["SP.POP.TOTL"],
    ),
]
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    IndicatorNotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)


@router.get("", response_model=Page[IndicatorRead], responses=TABULAR)
async def list_indicators(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    topic: Annotated[
        str | None,
        Query(
            pattern=r"^[A-G][0-9]?$",
            description="Only indicators of this profile-template part or section (e.g. B3, C).",
            examples=["B3"],
        ),
    ] = None,
    kind: Annotated[
        Literal["country", "bilateral"] | None,
        Query(description="Only country indicators or only bilateral (flow) indicators."),
    ] = None,
) -> Page[IndicatorRead] | Response:
    """List the indicator catalogue (JSON, CSV or XLSX)."""
    items, total = await service.list_indicators(
        session, topic=topic, kind=kind, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name="indicators")


@router.get("/{code}", response_model=IndicatorRead, responses=responses(IndicatorNotFound))
async def get_indicator(session: SessionDep, code: CodePath, response: Response) -> IndicatorRead:
    """Get one indicator with its definition, source and coverage (with an ETag)."""
    indicator = await service.get_indicator(session, code)
    set_etag(response, indicator.version)
    return indicator


@router.post(
    "",
    response_model=IndicatorRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
)
async def create_indicator(
    session: SessionDep, principal: PrincipalDep, body: IndicatorCreate, response: Response
) -> IndicatorRead:
    """Add an indicator to the catalogue (editors; 409 when the code is taken)."""
    indicator = await editing.create_indicator(session, principal, body)
    return await _answer(session, indicator.code, response, created=True)


@router.put("/{code}", response_model=IndicatorRead, responses=WRITE_ERRORS)
async def replace_indicator(
    session: SessionDep,
    principal: PrincipalDep,
    code: CodePath,
    body: IndicatorUpdate,
    if_match: IfMatchDep,
    response: Response,
) -> IndicatorRead:
    """Replace a catalogue entry's content (editors; If-Match required).

    Its kind cannot change while it holds values, nor can it become non-negative while it holds
    negative values (409).
    """
    await editing.update_indicator(
        session,
        principal,
        code,
        body.model_dump(exclude={"comment"}),
        comment=body.comment,
        if_match=if_match,
    )
    return await _answer(session, code, response)


@router.patch("/{code}", response_model=IndicatorRead, responses=WRITE_ERRORS)
async def update_indicator(
    session: SessionDep,
    principal: PrincipalDep,
    code: CodePath,
    body: IndicatorPatch,
    if_match: IfMatchDep,
    response: Response,
) -> IndicatorRead:
    """Change some fields of a catalogue entry (editors; If-Match required)."""
    await editing.update_indicator(
        session,
        principal,
        code,
        body.model_dump(exclude_unset=True, exclude={"comment"}),
        comment=body.comment,
        if_match=if_match,
    )
    return await _answer(session, code, response)


@router.delete("/{code}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def delete_indicator(
    session: SessionDep, principal: PrincipalDep, code: CodePath, if_match: IfMatchDep
) -> Response:
    """Remove an indicator from the catalogue (editors; 409 while it holds any value)."""
    await editing.delete_indicator(session, principal, code, if_match=if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _answer(
    session: AsyncSession, code: str, response: Response, *, created: bool = False
) -> IndicatorRead:
    read = await service.get_indicator(session, code)
    set_etag(response, read.version)
    if created:
        response.headers["Location"] = f"{router.prefix}/{code}"
    return read


async def _ensure_indicator(session: AsyncSession, principal: Principal, code: str) -> None:
    await service.get_indicator(session, code)


add_history_routes(
    router,
    path="",
    record_type="indicator",
    tables=HISTORY,
    id_param=CodePath,
    ensure_visible=_ensure_indicator,
)

gaps_router = APIRouter(prefix="/v1/data-gaps", tags=["indicators"])


@gaps_router.get("", response_model=Page[DataGapRead], responses={**TABULAR, **responses(422)})
async def data_gaps(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    year_from: Annotated[int, Query(ge=1900, le=2100, examples=[2010])] = 2000,
    year_to: Annotated[int, Query(ge=1900, le=2100, examples=[2020])] = 2023,
    country: Annotated[list[Iso3] | None, Query(description="ISO3 codes (repeatable).")] = None,
    group: Annotated[list[PPGroup] | None, Query(description="Prague Process groups.")] = None,
    indicator: Annotated[
        list[Annotated[str, StringConstraints(pattern=CODE_PATTERN)]] | None,
        Query(description="Indicator codes (repeatable).", examples=[["SM.POP.TOTL"]]),
    ] = None,
    source: Annotated[
        str | None,
        Query(
            pattern=r"^[a-z0-9_.-]{1,60}$",
            description="Count only this dataset's values (a gap in this source).",
        ),
    ] = None,
    only_gaps: Annotated[bool, Query(description="Leave out complete cells.")] = True,
) -> Page[DataGapRead] | Response:
    """The data-gap matrix: which years of which country indicator are missing for which country.

    A year counts as available when any source gives a value for any period in it (or, with
    `source`, when that dataset does). Bilateral indicators are not part of the matrix.
    """
    flt = GapFilter(
        year_from, year_to, list(country or []), list(group or []), list(indicator or []), source
    )
    items, total = await service.data_gaps(
        session, flt, only_gaps=only_gaps, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name="data-gaps")

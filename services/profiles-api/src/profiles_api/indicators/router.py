"""Indicator endpoints."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from imap_kit.countries import Iso3
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.pagination import Page, PageParamsDep
from pydantic import StringConstraints

from profiles_api.countries.schemas import PPGroup
from profiles_api.indicators import service
from profiles_api.indicators.exceptions import IndicatorNotFound
from profiles_api.indicators.repository import GapFilter, ObservationFilter
from profiles_api.indicators.schemas import DataGapRead, IndicatorRead, ObservationRead

router = APIRouter(prefix="/v1/indicators", tags=["indicators"])

CodePath = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9._]{1,40}$",
        description="Indicator code, e.g. a World Bank WDI code.",
        examples=["SP.POP.TOTL"],
    ),
]


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
) -> Page[IndicatorRead] | Response:
    """List the indicator catalogue (JSON, CSV or XLSX)."""
    items, total = await service.list_indicators(
        session, topic=topic, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name="indicators")


@router.get("/{code}", response_model=IndicatorRead, responses=responses(IndicatorNotFound))
async def get_indicator(session: SessionDep, code: CodePath) -> IndicatorRead:
    """Get one indicator with its definition, source and coverage."""
    return await service.get_indicator(session, code)


def _observation_filter(
    code: CodePath,
    country: Annotated[
        list[Iso3] | None,
        Query(description="ISO3 codes (repeatable).", examples=[["ARM", "GEO"]]),
    ] = None,
    group: Annotated[
        list[PPGroup] | None,
        Query(description="Prague Process groups (repeatable).", examples=[["Central Asia"]]),
    ] = None,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="A single year.", examples=[2020])
    ] = None,
    year_from: Annotated[
        int | None, Query(ge=1900, le=2100, description="First year (inclusive).")
    ] = None,
    year_to: Annotated[
        int | None, Query(ge=1900, le=2100, description="Last year (inclusive).")
    ] = None,
) -> ObservationFilter:
    if year is not None:
        year_from = year_to = year
    return ObservationFilter(code, list(country or []), year_from, year_to, list(group or []))


FilterDep = Annotated[ObservationFilter, Depends(_observation_filter)]
Sort = Literal["country", "-country", "year", "-year", "value", "-value"]


@router.get(
    "/{code}/observations",
    response_model=Page[ObservationRead],
    responses={**responses(IndicatorNotFound), **TABULAR},
)
async def list_observations(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    flt: FilterDep,
    sort: Annotated[
        Sort, Query(description="Order by this key (`-` for descending), then country and year.")
    ] = "country",
) -> Page[ObservationRead] | Response:
    """Yearly values of one indicator by country (JSON, CSV or XLSX)."""
    items, total = await service.list_observations(
        session, flt, sort=sort, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name=f"observations-{flt.indicator_code}")


@router.get(
    "/{code}/latest",
    response_model=Page[ObservationRead],
    responses={**responses(IndicatorNotFound), **TABULAR},
)
async def latest_observations(
    session: SessionDep, page: PageParamsDep, fmt: FormatDep, flt: FilterDep
) -> Page[ObservationRead] | Response:
    """Each country's most recent value of one indicator (within the filters), by country."""
    items, total = await service.latest_observations(
        session, flt, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name=f"latest-{flt.indicator_code}")


gaps_router = APIRouter(prefix="/v1/data-gaps", tags=["indicators"])


@gaps_router.get("", response_model=Page[DataGapRead], responses=TABULAR)
async def data_gaps(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    year_from: Annotated[int, Query(ge=1900, le=2100, examples=[2010])] = 2000,
    year_to: Annotated[int, Query(ge=1900, le=2100, examples=[2020])] = 2023,
    country: Annotated[list[Iso3] | None, Query(description="ISO3 codes (repeatable).")] = None,
    group: Annotated[list[PPGroup] | None, Query(description="Prague Process groups.")] = None,
    indicator: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._]{1,40}$")]] | None,
        Query(description="Indicator codes (repeatable).", examples=[["SM.POP.TOTL"]]),
    ] = None,
    only_gaps: Annotated[bool, Query(description="Leave out complete cells.")] = True,
) -> Page[DataGapRead] | Response:
    """The data-gap matrix: which years of which indicator are missing for which country."""
    flt = GapFilter(
        year_from, year_to, list(country or []), list(group or []), list(indicator or [])
    )
    items, total = await service.data_gaps(
        session, flt, only_gaps=only_gaps, limit=page.limit, offset=page.offset
    )
    return await respond(page.page(items, total), fmt, name="data-gaps")

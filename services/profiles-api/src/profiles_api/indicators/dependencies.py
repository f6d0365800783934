"""Query parameters shared by every statistics read: years and periods, sources, page sizes."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from imap_kit.pagination import MAX_LIMIT, MAX_OFFSET, PageParams
from imap_kit.urls import public_url

from profiles_api.indicators.periods import PERIOD_PATTERN, Frequency, PeriodFilter
from profiles_api.indicators.sources import SourceChoice

PeriodQuery = Annotated[
    str | None,
    Query(
        pattern=PERIOD_PATTERN,
        description="A year (`2020`), quarter (`2020-Q1`) or month (`2020-03`), inclusive; "
        "sets the frequency when `frequency` is not given.",
    ),
]


SourceQuery = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z0-9_.-]{1,60}$",
        description="Only values of this source dataset (see /v1/datasets).",
        examples=["wdi_2025-04-15"],
    ),
]
YearQuery = Annotated[
    int | None, Query(ge=1900, le=2100, description="A single year.", examples=[2020])
]
YearFromQuery = Annotated[
    int | None, Query(ge=1900, le=2100, description="First year (inclusive).")
]
YearToQuery = Annotated[int | None, Query(ge=1900, le=2100, description="Last year (inclusive).")]


def _periods(
    year: YearQuery = None,
    year_from: YearFromQuery = None,
    year_to: YearToQuery = None,
    frequency: Annotated[
        Frequency | None,
        Query(description="Only annual (`A`), quarterly (`Q`) or monthly (`M`) values."),
    ] = None,
    period_from: PeriodQuery = None,
    period_to: PeriodQuery = None,
) -> PeriodFilter:
    if year is not None:
        year_from = year_to = year
    return PeriodFilter(year_from, year_to, frequency, period_from, period_to)


PeriodsDep = Annotated[PeriodFilter, Depends(_periods)]


def _sources(
    source: SourceQuery = None,
    all_sources: Annotated[
        bool,
        Query(
            description="Every source's value of each cell instead of the default view (one "
            "value per cell: the source with the highest priority, then the newest vintage)."
        ),
    ] = False,
) -> SourceChoice:
    return SourceChoice(source=source, all_sources=all_sources)


SourcesDep = Annotated[SourceChoice, Depends(_sources)]


def page_params(default: int) -> Callable[..., PageParams]:
    """A `limit`/`offset` dependency with its own default page size."""

    def dependency(
        request: Request,
        limit: Annotated[
            int,
            Query(
                ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).", examples=[default]
            ),
        ] = default,
        offset: Annotated[
            int, Query(ge=0, le=MAX_OFFSET, description="Number of records to skip.")
        ] = 0,
    ) -> PageParams:
        return PageParams(limit=limit, offset=offset, url=public_url(request))

    return dependency

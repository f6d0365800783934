"""Country endpoints."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.countries import service
from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.countries.schemas import CountryRead, PPGroup

router = APIRouter(prefix="/v1/countries", tags=["countries"])

Iso3Path = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 3166-1 alpha-3 code, case-insensitive (Kosovo: XKX).",
        examples=["ARM"],
    ),
]


@router.get("", response_model=Page[CountryRead])
async def list_countries(
    session: SessionDep,
    page: PageParamsDep,
    group: Annotated[
        list[PPGroup] | None,
        Query(description="Only these Prague Process groups (repeatable).", examples=[["EU27"]]),
    ] = None,
) -> Page[CountryRead]:
    """List the states of the Prague Process register."""
    rows, total = await service.list_countries(
        session, groups=list(group or []), limit=page.limit, offset=page.offset
    )
    return page.page([CountryRead.model_validate(r) for r in rows], total)


@router.get("/{iso3}", response_model=CountryRead, responses=responses(CountryNotFound))
async def get_country(session: SessionDep, iso3: Iso3Path) -> CountryRead:
    """Get one state by its ISO3 code."""
    return CountryRead.model_validate(await service.get_country(session, iso3))

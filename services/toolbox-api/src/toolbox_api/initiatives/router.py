"""Initiative endpoints."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from imap_kit.pagination import Page, PageParamsDep
from pydantic import StringConstraints

from toolbox_api.initiatives import service
from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.schemas import InitiativeRead, Kind

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"])

Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
ThemeCode = Annotated[str, StringConstraints(pattern=r"^[a-z-]{2,40}$")]


@router.get("", response_model=Page[InitiativeRead])
async def list_initiatives(
    session: SessionDep,
    page: PageParamsDep,
    country: Annotated[
        list[Iso3] | None,
        Query(description="Participating state, ISO3 (repeatable: any of).", examples=[["MDA"]]),
    ] = None,
    theme: Annotated[
        list[ThemeCode] | None,
        Query(
            description="Thematic area code (repeatable: any of).", examples=[["legal-migration"]]
        ),
    ] = None,
    kind: Annotated[list[Kind] | None, Query(description="Kind (repeatable: any of).")] = None,
) -> Page[InitiativeRead]:
    """List initiatives, filtered by country, theme and kind, newest first."""
    items, total = await service.list_initiatives(
        session,
        countries=list(country or []),
        themes=list(theme or []),
        kinds=list(kind or []),
        limit=page.limit,
        offset=page.offset,
    )
    return page.page(items, total)


@router.get(
    "/{initiative_id}", response_model=InitiativeRead, responses=responses(InitiativeNotFound)
)
async def get_initiative(
    session: SessionDep,
    initiative_id: Annotated[int, Path(ge=1, le=2**62, examples=[1])],
) -> InitiativeRead:
    """Get one initiative with its countries, themes and source."""
    return await service.get_initiative(session, initiative_id)

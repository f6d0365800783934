"""Country endpoints."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from imap_kit.auth import Principal, require
from imap_kit.db import SessionDep
from imap_kit.errors import (
    Forbidden,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    responses,
)
from imap_kit.etag import IfMatchDep, set_etag
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.history_routes import add_history_routes
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.countries import service
from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.countries.schemas import CountryRead, CountryUpdate, GroupRead, PPGroup
from profiles_api.db import HISTORY

router = APIRouter(prefix="/v1/countries", tags=["countries"])
EditorDep = Annotated[Principal, Depends(require("editor"))]

Iso3Path = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 3166-1 alpha-3 code, case-insensitive (Kosovo: XKX).",
        examples=["ARM"],
    ),
]


@router.get("", response_model=Page[CountryRead], responses=TABULAR)
async def list_countries(
    session: SessionDep,
    page: PageParamsDep,
    fmt: FormatDep,
    group: Annotated[
        list[PPGroup] | None,
        Query(description="Only these Prague Process groups (repeatable).", examples=[["EU27"]]),
    ] = None,
) -> Page[CountryRead] | Response:
    """List the states of the Prague Process register (JSON, CSV or XLSX)."""
    rows, total = await service.list_countries(
        session, groups=list(group or []), limit=page.limit, offset=page.offset
    )
    listed = page.page([CountryRead.model_validate(r) for r in rows], total)
    return await respond(listed, fmt, name="countries")


@router.get("/{iso3}", response_model=CountryRead, responses=responses(CountryNotFound))
async def get_country(session: SessionDep, iso3: Iso3Path, response: Response) -> CountryRead:
    """Get one state by its ISO3 code (with an ETag)."""
    country = await service.get_country(session, iso3)
    set_etag(response, country.row_version)
    return CountryRead.model_validate(country)


@router.patch(
    "/{iso3}",
    response_model=CountryRead,
    responses=responses(
        Unauthorized, Forbidden, CountryNotFound, PreconditionFailed, PreconditionRequired
    ),
)
async def update_country(
    session: SessionDep,
    editor: EditorDep,
    iso3: Iso3Path,
    body: CountryUpdate,
    if_match: IfMatchDep,
    response: Response,
) -> CountryRead:
    """Correct a state's names or capital (editors; If-Match required; every change is versioned).

    Codes, groups and membership flags come from the reference data and are not editable here.
    """
    country = await service.update_country(session, editor, iso3, body, if_match=if_match)
    set_etag(response, country.row_version)
    return CountryRead.model_validate(country)


add_history_routes(
    router,
    path="",
    record_type="country",
    tables=HISTORY,
    id_param=Iso3Path,
    ensure_visible=service.ensure_visible,
)


groups_router = APIRouter(prefix="/v1/groups", tags=["countries"])


@groups_router.get("", response_model=Page[GroupRead], responses=TABULAR)
async def list_groups(
    session: SessionDep, page: PageParamsDep, fmt: FormatDep
) -> Page[GroupRead] | Response:
    """List the Prague Process groups with their member states (JSON, CSV or XLSX).

    The names are the values the `group=` filters of every list take.
    """
    groups = await service.list_groups(session)
    shown = groups[page.offset : page.offset + page.limit]
    return await respond(page.page(shown, len(groups)), fmt, name="groups")

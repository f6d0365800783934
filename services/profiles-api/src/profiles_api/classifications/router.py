"""Classification endpoints: ISCO-08 occupation groups and NACE Rev. 2 activities."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.classifications import service
from profiles_api.classifications.exceptions import ClassificationNotFound
from profiles_api.classifications.schemas import IscoGroupRead, NaceActivityRead

router = APIRouter(prefix="/v1/classifications", tags=["classifications"])

ISCO_CODE = r"^[0-9]{1,4}$"
NACE_CODE = r"^([A-Ua-u]|[0-9]{2}(\.[0-9]{1,2})?)$"

Level = Annotated[
    int | None, Query(ge=1, le=4, description="Only items of this level (1-4).", examples=[1])
]
Search = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=100,
        description="Code prefix or words of the English title (case-insensitive).",
        examples=["nurs"],
    ),
]
IscoCode = Annotated[
    str, Path(pattern=ISCO_CODE, description="ISCO-08 code (1-4 digits).", examples=["2221"])
]
IscoParent = Annotated[
    str | None,
    Query(
        pattern=ISCO_CODE, description="Only the direct children of this group.", examples=["22"]
    ),
]
NaceCode = Annotated[
    str,
    Path(
        pattern=NACE_CODE, description="NACE Rev. 2 code (A, 49, 49.4, 49.41).", examples=["49.41"]
    ),
]
NaceParent = Annotated[
    str | None,
    Query(pattern=NACE_CODE, description="Only the direct children of this item.", examples=["H"]),
]


@router.get(
    "/isco", response_model=Page[IscoGroupRead], responses=responses(ClassificationNotFound)
)
async def list_isco(
    session: SessionDep,
    page: PageParamsDep,
    level: Level = None,
    parent: IscoParent = None,
    q: Search = None,
) -> Page[IscoGroupRead]:
    """List ISCO-08 occupation groups by code."""
    items, total = await service.list_items(
        session, service.ISCO, level=level, parent=parent, q=q, limit=page.limit, offset=page.offset
    )
    return page.page([IscoGroupRead.model_validate(i) for i in items], total)


@router.get(
    "/isco/{code}", response_model=IscoGroupRead, responses=responses(ClassificationNotFound)
)
async def get_isco(session: SessionDep, code: IscoCode) -> IscoGroupRead:
    """Get one ISCO-08 group."""
    return IscoGroupRead.model_validate(await service.get_item(session, service.ISCO, code))


@router.get(
    "/nace", response_model=Page[NaceActivityRead], responses=responses(ClassificationNotFound)
)
async def list_nace(
    session: SessionDep,
    page: PageParamsDep,
    level: Level = None,
    parent: NaceParent = None,
    q: Search = None,
) -> Page[NaceActivityRead]:
    """List NACE Rev. 2 activities by code."""
    items, total = await service.list_items(
        session,
        service.NACE,
        level=level,
        parent=parent.upper() if parent else None,
        q=q,
        limit=page.limit,
        offset=page.offset,
    )
    return page.page([NaceActivityRead.model_validate(i) for i in items], total)


@router.get(
    "/nace/{code}", response_model=NaceActivityRead, responses=responses(ClassificationNotFound)
)
async def get_nace(session: SessionDep, code: NaceCode) -> NaceActivityRead:
    """Get one NACE Rev. 2 activity."""
    return NaceActivityRead.model_validate(
        await service.get_item(session, service.NACE, code.upper())
    )

"""Dataset endpoints: the sources values come from, in the order the default view ranks them."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from imap_kit.auth import PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import Conflict, Forbidden, Unauthorized, responses
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.datasets import service
from profiles_api.datasets.schemas import DatasetCreate, DatasetRead
from profiles_api.indicators.exceptions import DatasetNotFound

router = APIRouter(prefix="/v1/datasets", tags=["datasets"])

CodePath = Annotated[
    str,
    Path(pattern=r"^[a-z0-9_.-]{1,60}$", description="Dataset code.", examples=["wdi_2025-04-15"]),
]


@router.get("", response_model=Page[DatasetRead], responses=TABULAR)
async def list_datasets(
    session: SessionDep, page: PageParamsDep, fmt: FormatDep
) -> Page[DatasetRead] | Response:
    """List the source datasets, best-ranked first (JSON, CSV or XLSX).

    The order is the source-wins rule of the default view: the highest `priority`, then the
    newest `vintage` (unknown vintages last), then the code.
    """
    items, total = await service.list_datasets(session, limit=page.limit, offset=page.offset)
    return await respond(page.page(items, total), fmt, name="datasets")


@router.get("/{code}", response_model=DatasetRead, responses=responses(DatasetNotFound))
async def get_dataset(session: SessionDep, code: CodePath) -> DatasetRead:
    """Get one source dataset: publisher, vintage, licence, priority and value counts."""
    return await service.get_dataset(session, code)


@router.post(
    "",
    response_model=DatasetRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(Unauthorized, Forbidden, Conflict),
)
async def create_dataset(
    session: SessionDep, principal: PrincipalDep, body: DatasetCreate, response: Response
) -> DatasetRead:
    """Describe a new source dataset before entering values from it (editors)."""
    dataset = await service.create_dataset(session, principal, body)
    response.headers["Location"] = f"{router.prefix}/{dataset.code}"
    return dataset

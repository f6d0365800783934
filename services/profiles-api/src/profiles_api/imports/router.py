"""Import endpoints (editors): upload a publisher's file, list and read the import batches."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Path, Query, UploadFile
from imap_kit.auth import Principal, require
from imap_kit.db import SessionDep
from imap_kit.errors import Forbidden, Unauthorized, responses
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.imports import service
from profiles_api.imports.dependencies import SessionmakerDep, read_upload
from profiles_api.imports.exceptions import ImportBatchNotFound, ImportRejected, ImportTooLarge
from profiles_api.imports.schemas import ImportBatchRead
from profiles_api.imports.settings import ImportSettingsDep

router = APIRouter(prefix="/v1/imports", tags=["imports"])
EditorDep = Annotated[Principal, Depends(require("editor"))]


@router.post(
    "/wb-api-csv",
    status_code=201,
    response_model=ImportBatchRead,
    responses=responses(Unauthorized, Forbidden, ImportTooLarge, ImportRejected),
)
async def import_wb_api_csv(
    session: SessionDep,
    sessionmaker: SessionmakerDep,
    editor: EditorDep,
    settings: ImportSettingsDep,
    file: Annotated[
        UploadFile,
        File(description="A World Bank API/bulk-download CSV (`API_<code>_DS2_en_csv_v2_*.csv`)."),
    ],
) -> ImportBatchRead:
    """Import a World Bank API CSV file of one indicator (editors; all or nothing).

    Aggregates (WLD, EUU, ECA...) and economies outside the register are skipped and counted. The
    indicator must be in the catalogue; values are stored with the source dataset
    `wdi_<Last Updated Date>`. Re-importing the same file changes nothing. A bad file gets a 422
    listing the first 50 errors by line and column, changes no data and is kept as a rejected batch.
    """
    upload = await read_upload(file, settings.max_import_bytes)
    batch = await service.import_file(
        session, sessionmaker, upload, principal=editor, max_bytes=settings.max_import_bytes
    )
    return ImportBatchRead.model_validate(batch)


@router.get("", response_model=Page[ImportBatchRead], responses=responses(Unauthorized, Forbidden))
async def list_imports(
    session: SessionDep,
    page: PageParamsDep,
    editor: EditorDep,
    importer: Annotated[
        str | None,
        Query(
            pattern=r"^[a-z0-9_]{1,40}$", description="Only this importer.", examples=["wb_api_csv"]
        ),
    ] = None,
    status: Annotated[
        Literal["applied", "rejected"] | None,
        Query(description="Only applied or rejected batches."),
    ] = None,
) -> Page[ImportBatchRead]:
    """List import batches, newest first (editors)."""
    rows, total = await service.list_batches(
        session, importer=importer, status=status, limit=page.limit, offset=page.offset
    )
    return page.page([ImportBatchRead.model_validate(r) for r in rows], total)


@router.get(
    "/{batch_id}",
    response_model=ImportBatchRead,
    responses=responses(Unauthorized, Forbidden, ImportBatchNotFound),
)
async def get_import(
    session: SessionDep,
    editor: EditorDep,
    batch_id: Annotated[int, Path(ge=1, le=2**62, description="Batch id.", examples=[1])],
) -> ImportBatchRead:
    """Get one import batch with its counts and errors (editors)."""
    return ImportBatchRead.model_validate(await service.get_batch(session, batch_id))

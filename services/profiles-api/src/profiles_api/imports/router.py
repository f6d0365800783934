"""Import endpoints (editors): upload a publisher's file, list and read the import batches."""

import inspect
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from imap_kit.auth import Principal, require
from imap_kit.db import SessionDep
from imap_kit.errors import Forbidden, Unauthorized, responses
from imap_kit.pagination import Page, PageParamsDep

from profiles_api.imports import service
from profiles_api.imports.dependencies import SessionmakerDep, read_upload
from profiles_api.imports.exceptions import ImportBatchNotFound, ImportRejected, ImportTooLarge
from profiles_api.imports.registry import IMPORTERS, Importer
from profiles_api.imports.schemas import ImportBatchRead
from profiles_api.imports.settings import ImportSettingsDep

router = APIRouter(prefix="/v1/imports", tags=["imports"])
EditorDep = Annotated[Principal, Depends(require("editor"))]


def _import_route(importer: Importer) -> None:
    """`POST /v1/imports/<slug>`: the upload endpoint of one layout, its options as form fields."""

    async def endpoint(
        session: SessionDep,
        sessionmaker: SessionmakerDep,
        editor: EditorDep,
        settings: ImportSettingsDep,
        file: Annotated[UploadFile, File(description=importer.title)],
        **options: str | None,
    ) -> ImportBatchRead:
        upload = await read_upload(file, settings.max_import_bytes)
        batch = await service.import_file(
            session,
            sessionmaker,
            importer,
            upload,
            principal=editor,
            max_bytes=settings.max_import_bytes,
            options={k: v for k, v in options.items() if v is not None},
        )
        return ImportBatchRead.model_validate(batch)

    signature = inspect.signature(endpoint)
    extra = [
        inspect.Parameter(
            option.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                Form(
                    description=option.description,
                    pattern=option.pattern,
                    examples=[option.example],
                ),
            ],
        )
        for option in importer.options
    ]
    fixed = [p for p in signature.parameters.values() if p.kind != p.VAR_KEYWORD]
    endpoint.__signature__ = signature.replace(parameters=fixed + extra)  # type: ignore[attr-defined]
    router.add_api_route(
        f"/{importer.slug}",
        endpoint,
        methods=["POST"],
        status_code=201,
        response_model=ImportBatchRead,
        responses=responses(Unauthorized, Forbidden, ImportTooLarge, ImportRejected),
        summary=f"Import a {importer.title.split(' (')[0]} file",
        description=(
            f"{importer.title}. {importer.description}\n\nEditors only; all or nothing. "
            "Re-importing the same file changes nothing. A bad file gets a 422 listing the first "
            "50 errors by line and column, changes no data and is kept as a rejected batch."
        ),
        operation_id=f"import_{importer.name}",
        name=f"import_{importer.name}",
    )


for _importer in IMPORTERS.values():
    _import_route(_importer)


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

"""`POST /v1/imports/initiatives` (CSV or XLSX upload) and the file's template."""

import csv
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from imap_kit.auth import Principal, PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.editorial import check_writer
from imap_kit.errors import (
    DomainError,
    FieldError,
    Forbidden,
    InvalidInput,
    Unauthorized,
    responses,
)
from imap_kit.formats import CSV, XLSX
from openpyxl import Workbook
from pydantic import BaseModel, Field

from toolbox_api.common.workflow import WRITE_SCOPE
from toolbox_api.imports.columns import COLUMNS, describe
from toolbox_api.imports.service import import_initiatives

router = APIRouter(prefix="/v1/imports/initiatives", tags=["imports"])
CHUNK = 1 << 20


class TooLarge(DomainError):
    """The file is over the import limit (413)."""

    status, slug = 413, "payload-too-large"


class ImportedRow(BaseModel):
    """A row and the initiative it is."""

    row: int = Field(description="Row number in the file (the header is row 1).")
    id: int
    slug: str


class ImportResult(BaseModel):
    """What an import did."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "file": "initiatives.csv",
                    "rows": 2,
                    "created": [{"row": 2, "id": 80, "slug": "moldova-test-seasonal-scheme"}],
                    "unchanged": [{"row": 3, "id": 12, "slug": "eu-moldova-mobility-partnership"}],
                }
            ]
        }
    }

    file: str
    rows: int
    created: list[ImportedRow] = Field(description="New initiatives (drafts unless published).")
    unchanged: list[ImportedRow] = Field(description="Rows equal to an existing initiative.")


async def _writer(principal: PrincipalDep) -> Principal:
    """401/403 before the upload is looked at."""
    check_writer(principal, WRITE_SCOPE)
    return principal


WriterDep = Annotated[Principal, Depends(_writer)]


@router.post(
    "",
    response_model=ImportResult,
    responses=responses(Unauthorized, Forbidden, TooLarge, InvalidInput),
    summary="Import initiatives from a CSV or XLSX file (all or nothing)",
    description=(
        "Upload a CSV (UTF-8; comma, semicolon or tab) or an XLSX workbook (first sheet) with one "
        "initiative per row and a header row naming the columns (any order; the template at "
        "`GET /v1/imports/initiatives/template.csv` or `.xlsx` has them all):\n\n"
        f"{describe()}\n\nEvery row is checked like `POST /v1/initiatives` (codes, period, "
        "budget currency, active content, your country scope) before anything is written. Any "
        "error and nothing is imported: 422 listing up to 50 errors as `row N, column NAME` with "
        "the reason. A row equal to an existing initiative (same slug and content) is left as "
        "it is, so importing a file twice changes nothing; a slug that exists with other content "
        "is an error. New initiatives are drafts; editors may pass `publish=true`. Writers: "
        "contributors for their countries, editors, partners with `toolbox:write`. Files up to "
        "`TOOLBOX_MAX_IMPORT_BYTES` (5 MB) and 5,000 rows."
    ),
)
async def import_file(
    request: Request,
    session: SessionDep,
    principal: WriterDep,
    file: Annotated[UploadFile, File(description="The CSV or XLSX file.")],
    publish: Annotated[
        bool, Form(description="Publish the new initiatives at once (editors only).")
    ] = False,
) -> ImportResult:
    """Import initiatives."""
    limit: int = request.app.state.settings.max_import_bytes
    content, size = bytearray(), 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(
                f"The file is over {limit} bytes; split it.",
                errors=[FieldError(field="file", reason=f"larger than {limit} bytes")],
            )
        content.extend(chunk)
    name = file.filename or "upload"
    outcome = await import_initiatives(
        session, principal, filename=name, content_bytes=bytes(content), publish=publish
    )
    return ImportResult(
        file=name,
        rows=len(outcome.created) + len(outcome.unchanged),
        created=[ImportedRow(**c) for c in outcome.created],
        unchanged=[ImportedRow(**u) for u in outcome.unchanged],
    )


@router.get(
    "/template.{fmt}",
    response_class=Response,
    responses={
        200: {
            "description": "The header and one example row.",
            "content": {
                CSV: {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    summary="Download the template of an initiatives file (CSV or XLSX)",
)
async def template(fmt: Literal["csv", "xlsx"]) -> Response:
    """The columns of an initiatives file with one example row; fill it in and upload it."""
    header = [c.name for c in COLUMNS]
    example = [c.example for c in COLUMNS]
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, example])
        body, media = ("\ufeff" + text.getvalue()).encode(), CSV
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "initiatives"
        sheet.append(header)
        sheet.append(example)
        out = io.BytesIO()
        book.save(out)
        body, media = out.getvalue(), XLSX
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="initiatives-template.{fmt}"'},
    )

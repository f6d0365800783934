"""Theme endpoints."""

from fastapi import APIRouter, Response
from imap_kit.db import SessionDep
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.pagination import Page, PageParamsDep

from toolbox_api.themes import service
from toolbox_api.themes.schemas import ThemeRead

router = APIRouter(prefix="/v1/themes", tags=["themes"])


@router.get("", response_model=Page[ThemeRead], responses=TABULAR)
async def list_themes(
    session: SessionDep, page: PageParamsDep, fmt: FormatDep
) -> Page[ThemeRead] | Response:
    """List the six thematic areas of the Prague Process Action Plan (JSON, CSV or XLSX)."""
    rows, total = await service.list_themes(session, limit=page.limit, offset=page.offset)
    listed = page.page([ThemeRead.model_validate(t) for t in rows], total)
    return await respond(listed, fmt, name="themes")

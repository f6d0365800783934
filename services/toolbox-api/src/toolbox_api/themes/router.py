"""Theme endpoints."""

from fastapi import APIRouter
from imap_kit.db import SessionDep
from imap_kit.pagination import Page, PageParamsDep

from toolbox_api.themes import service
from toolbox_api.themes.schemas import ThemeRead

router = APIRouter(prefix="/v1/themes", tags=["themes"])


@router.get("", response_model=Page[ThemeRead])
async def list_themes(session: SessionDep, page: PageParamsDep) -> Page[ThemeRead]:
    """List the six thematic areas of the Prague Process Action Plan."""
    rows, total = await service.list_themes(session, limit=page.limit, offset=page.offset)
    return page.page([ThemeRead.model_validate(t) for t in rows], total)

"""Theme queries (a small domain: service and repository in one)."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.themes.models import Theme


async def list_themes(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[Theme], int]:
    """Themes in Action Plan order."""
    total = await session.scalar(select(func.count()).select_from(Theme))
    rows = await session.scalars(select(Theme).order_by(Theme.number).limit(limit).offset(offset))
    return list(rows), total or 0

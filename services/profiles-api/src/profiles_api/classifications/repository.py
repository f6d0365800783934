"""Classification queries (ISCO-08 and NACE Rev. 2 share one shape)."""

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.classifications.models import IscoGroup, NaceActivity

Model = type[IscoGroup] | type[NaceActivity]


class ClassificationRepository:
    """Reads one classification table."""

    def __init__(self, session: AsyncSession, model: Model) -> None:
        self.session = session
        self.model = model

    async def get(self, code: str) -> IscoGroup | NaceActivity | None:
        return await self.session.get(self.model, code)

    async def find(
        self, *, level: int | None, parent: str | None, q: str | None, limit: int, offset: int
    ) -> tuple[list[IscoGroup | NaceActivity], int]:
        m = self.model
        query = select(m)
        if level is not None:
            query = query.where(m.level == level)
        if parent is not None:
            query = query.where(m.parent_code == parent)
        if q:
            query = query.where(
                or_(m.title_en.icontains(q, autoescape=True), m.code.startswith(q, autoescape=True))
            )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(query.order_by(m.code).limit(limit).offset(offset))
        return [r for r in rows if isinstance(r, IscoGroup | NaceActivity)], total or 0

    async def missing(self, codes: Iterable[str]) -> list[str]:
        """The codes of `codes` that the table does not hold, sorted."""
        wanted = set(codes)
        if not wanted:
            return []
        found = await self.session.scalars(
            select(self.model.code).where(self.model.code.in_(wanted))
        )
        return sorted(wanted - set(found))

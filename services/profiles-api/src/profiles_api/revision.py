"""The data revision: one counter bumped (by triggers) on every change to what profiles show.

Rendered downloads are cached by (country, language, revision), so a cached PDF is served until
any statement changes the register, catalogue, datasets, observations, flows, shortages or
editions; see migration `2026-11-28_statistics_model`.
"""

from sqlalchemy import BigInteger, CheckConstraint, SmallInteger, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from profiles_api.db import Base


class DataRevision(Base):
    """The single row holding the counter."""

    __tablename__ = "data_revision"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger)


async def current_revision(session: AsyncSession) -> int:
    """The counter's value now."""
    return int(await session.scalar(select(DataRevision.revision)) or 0)

"""Classification rules: listing, lookup and code validation for importers and editors."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.classifications.exceptions import (
    ClassificationNotFound,
    UnknownClassificationCodes,
)
from profiles_api.classifications.models import IscoGroup, NaceActivity
from profiles_api.classifications.repository import ClassificationRepository, Model


@dataclass(frozen=True)
class Scheme:
    """One classification: its table, display name and level names (1-4)."""

    model: Model
    name: str
    levels: tuple[str, str, str, str]


ISCO = Scheme(IscoGroup, "ISCO-08", ("major group", "sub-major group", "minor group", "unit group"))
NACE = Scheme(NaceActivity, "NACE Rev. 2", ("section", "division", "group", "class"))


def _read(scheme: Scheme, item: IscoGroup | NaceActivity) -> dict[str, Any]:
    data = {c.key: getattr(item, c.key) for c in scheme.model.__table__.columns}
    return {**data, "level_name": scheme.levels[item.level - 1]}


async def list_items(
    session: AsyncSession,
    scheme: Scheme,
    *,
    level: int | None,
    parent: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """Items ordered by code, filtered by level, parent code and a code-prefix/title search."""
    repo = ClassificationRepository(session, scheme.model)
    if parent is not None and await repo.get(parent) is None:
        raise ClassificationNotFound(scheme.name, parent)
    rows, total = await repo.find(level=level, parent=parent, q=q, limit=limit, offset=offset)
    return [_read(scheme, r) for r in rows], total


async def get_item(session: AsyncSession, scheme: Scheme, code: str) -> dict[str, Any]:
    """One item, or ClassificationNotFound."""
    item = await ClassificationRepository(session, scheme.model).get(code)
    if item is None:
        raise ClassificationNotFound(scheme.name, code)
    return _read(scheme, item)


async def missing_isco(session: AsyncSession, codes: Iterable[str]) -> list[str]:
    """The codes that are not ISCO-08 groups (for importers that report them by line)."""
    return await ClassificationRepository(session, IscoGroup).missing(codes)


async def missing_nace(session: AsyncSession, codes: Iterable[str]) -> list[str]:
    """The codes that are not NACE Rev. 2 items."""
    return await ClassificationRepository(session, NaceActivity).missing(codes)


async def check_isco(session: AsyncSession, codes: Iterable[str], *, field: str = "isco") -> None:
    """Raise a 422 naming every code that is not an ISCO-08 group."""
    if unknown := await missing_isco(session, codes):
        raise UnknownClassificationCodes(ISCO.name, unknown, field=field)


async def check_nace(session: AsyncSession, codes: Iterable[str], *, field: str = "nace") -> None:
    """Raise a 422 naming every code that is not a NACE Rev. 2 item."""
    if unknown := await missing_nace(session, codes):
        raise UnknownClassificationCodes(NACE.name, unknown, field=field)

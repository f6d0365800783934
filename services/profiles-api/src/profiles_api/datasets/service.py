"""Dataset reads and the editors' create."""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from sqlalchemy import Select, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.datasets.schemas import DatasetCreate, DatasetRead
from profiles_api.editing import check_editor, log_write, write_unique
from profiles_api.flows.models import BilateralObservation
from profiles_api.indicators.exceptions import DatasetNotFound
from profiles_api.indicators.models import Dataset, Observation
from profiles_api.indicators.sources import ranking
from profiles_api.shortages.models import SkillShortage

RECORD = "dataset"


def _with_counts() -> Select:
    counts = []
    for name, model in (
        ("observation_count", Observation),
        ("flow_count", BilateralObservation),
        ("shortage_count", SkillShortage),
    ):
        sub = (
            select(model.source_dataset.label("code"), func.count().label("n"))
            .group_by(model.source_dataset)
            .subquery()
        )
        counts.append((name, sub))
    query = select(Dataset, *(func.coalesce(s.c.n, literal(0)).label(n) for n, s in counts))
    for _, sub in counts:
        query = query.outerjoin(sub, sub.c.code == Dataset.code)
    return query


def _read(row: Any) -> DatasetRead:
    dataset, observations, flows, shortages = row
    return DatasetRead.model_validate(
        {c.key: getattr(dataset, c.key) for c in Dataset.__table__.columns}
        | {"observation_count": observations, "flow_count": flows, "shortage_count": shortages}
    )


async def list_datasets(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[DatasetRead], int]:
    """Every dataset, in the order the default view ranks them (the first wins a cell)."""
    total = await session.scalar(select(func.count()).select_from(Dataset))
    rows = await session.execute(_with_counts().order_by(*ranking()).limit(limit).offset(offset))
    return [_read(r) for r in rows], total or 0


async def get_dataset(session: AsyncSession, code: str) -> DatasetRead:
    """One dataset, or DatasetNotFound."""
    row = (await session.execute(_with_counts().where(Dataset.code == code))).first()
    if row is None:
        raise DatasetNotFound(code)
    return _read(row)


async def create_dataset(
    session: AsyncSession, principal: Principal, data: DatasetCreate
) -> DatasetRead:
    """Describe a new source dataset (editors); 409 when the code is taken."""
    check_editor(principal)
    dataset = Dataset(**data.model_dump())
    await write_unique(
        session, lambda: session.add(dataset), f"A dataset with code '{data.code}' exists."
    )
    await log_write(
        session,
        principal,
        action="create",
        record_type=RECORD,
        record_id=data.code,
        version=1,
        before=None,
        after=data.model_dump(mode="json"),
    )
    return await get_dataset(session, data.code)

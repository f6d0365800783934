"""Import queries: batches, the register, the catalogue, datasets and value upserts."""

from collections.abc import Iterable, Mapping
from typing import Any

from imap_kit.seeding import UpsertCounts, upsert
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.flows.models import BilateralObservation
from profiles_api.imports.common import DatasetInfo, Register
from profiles_api.imports.models import ImportBatch
from profiles_api.indicators.models import Dataset, Indicator, Observation

OBSERVATION_KEY = ["indicator_code", "country_iso3", "period", "source_dataset"]
BILATERAL_KEY = ["indicator_code", "origin_iso3", "destination_iso3", "period", "source_dataset"]


class ImportRepository:
    """Reads and writes what importers touch (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def register(self) -> Register:
        """Every code and name of the register's states."""
        rows = await self.session.execute(
            select(
                Country.iso3,
                Country.iso2,
                Country.wb_code,
                Country.eurostat_geo,
                Country.name_en,
                Country.official_name_en,
            )
        )
        return Register.of(dict(r._mapping) for r in rows)

    async def indicators(self, codes: Iterable[str]) -> dict[str, Indicator]:
        """The catalogue entries of `codes` that exist."""
        rows = await self.session.scalars(select(Indicator).where(Indicator.code.in_(set(codes))))
        return {i.code: i for i in rows}

    async def datasets(self, codes: Iterable[str]) -> set[str]:
        """Which of `codes` are known datasets."""
        rows = await self.session.scalars(select(Dataset.code).where(Dataset.code.in_(set(codes))))
        return set(rows)

    async def ensure_dataset(self, info: DatasetInfo) -> None:
        """Create the dataset on first import (an existing one keeps its curated description)."""
        row = {k: getattr(info, k) for k in info.__dataclass_fields__}
        await upsert(self.session, Dataset.__table__, [row], keys=["code"], update=False)  # type: ignore[arg-type]

    async def upsert_observations(self, rows: Iterable[Mapping[str, Any]]) -> UpsertCounts:
        return await upsert(
            self.session,
            Observation.__table__,  # type: ignore[arg-type]
            rows,
            keys=OBSERVATION_KEY,
            bump="row_version",
        )

    async def upsert_bilateral(self, rows: Iterable[Mapping[str, Any]]) -> UpsertCounts:
        return await upsert(
            self.session,
            BilateralObservation.__table__,  # type: ignore[arg-type]
            rows,
            keys=BILATERAL_KEY,
            bump="row_version",
        )

    async def add_batch(self, values: Mapping[str, Any]) -> ImportBatch:
        batch = ImportBatch(**values)
        self.session.add(batch)
        await self.session.flush()
        await self.session.refresh(batch)
        return batch

    async def get_batch(self, batch_id: int) -> ImportBatch | None:
        return await self.session.get(ImportBatch, batch_id)

    async def find_batches(
        self, *, importer: str | None, status: str | None, limit: int, offset: int
    ) -> tuple[list[ImportBatch], int]:
        query = select(ImportBatch)
        if importer:
            query = query.where(ImportBatch.importer == importer)
        if status:
            query = query.where(ImportBatch.status == status)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(ImportBatch.id.desc()).limit(limit).offset(offset)
        )
        return list(rows), total or 0

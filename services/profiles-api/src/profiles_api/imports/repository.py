"""Import queries: batches, the register's World Bank codes, the catalogue, observation upserts."""

from collections.abc import Iterable, Mapping
from typing import Any

from imap_kit.seeding import UpsertCounts, upsert
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.imports.models import ImportBatch
from profiles_api.indicators.models import Indicator, Observation

OBSERVATION_KEY = ["indicator_code", "country_iso3", "year", "source_dataset"]


class ImportRepository:
    """Reads and writes what importers touch (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def wb_codes(self) -> dict[str, str]:
        """World Bank economy code -> ISO3 for every state in the register."""
        rows = await self.session.execute(select(Country.wb_code, Country.iso3))
        return {wb: iso3 for wb, iso3 in rows}

    async def indicator_exists(self, code: str) -> bool:
        return await self.session.get(Indicator, code) is not None

    async def upsert_observations(self, rows: Iterable[Mapping[str, Any]]) -> UpsertCounts:
        return await upsert(
            self.session,
            Observation.__table__,  # type: ignore[arg-type]
            rows,
            keys=OBSERVATION_KEY,
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

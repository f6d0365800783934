"""Import queries: batches, the register, the catalogue, datasets and value upserts."""

from collections.abc import Iterable, Mapping
from typing import Any

from imap_kit.seeding import UpsertCounts, upsert
from sqlalchemy import (
    Boolean,
    Table,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.flows.models import BilateralObservation
from profiles_api.imports.common import DatasetInfo, Register, Update
from profiles_api.imports.models import ImportBatch
from profiles_api.indicators.models import Dataset, Indicator, Observation

# Tables an `Update` may change: model, key column, and whether a change bumps `row_version`.
# The register's row_version versions its editable entry (what GET /v1/countries/{iso3} shows and
# its ETag covers); the World Bank region and income group are reference data outside it.
UPDATE_TARGETS: dict[str, tuple[Any, Any, bool]] = {
    "indicator": (Indicator, Indicator.code, True),
    "country": (Country, Country.iso3, False),
}
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
        return await self._upsert_values(Observation.__table__, rows, OBSERVATION_KEY)  # type: ignore[arg-type]

    async def upsert_bilateral(self, rows: Iterable[Mapping[str, Any]]) -> UpsertCounts:
        return await self._upsert_values(BilateralObservation.__table__, rows, BILATERAL_KEY)  # type: ignore[arg-type]

    async def _upsert_values(
        self, table: Table, rows: Iterable[Mapping[str, Any]], keys: list[str]
    ) -> UpsertCounts:
        """Insert new values, update changed ones (bumping `row_version`), leave the rest.

        Same outcome as `imap_kit.seeding.upsert`, done the way bulk loaders do it: the rows are
        COPYed into a temporary staging table, then merged with one INSERT ... SELECT ... ON
        CONFLICT DO UPDATE WHERE the values differ. Both run in the caller's transaction, so a
        failure still rolls back everything.
        """
        batch = list(rows)
        if not batch:
            return UpsertCounts()
        names = list(batch[0])
        columns = [c for c in names if c not in keys]
        staging = f"import_staging_{table.name}"
        conn = await self.session.connection()
        raw = (await conn.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.execute(
            f"CREATE TEMP TABLE {staging} AS SELECT {', '.join(names)} "
            f"FROM {table.schema}.{table.name} WITH NO DATA"
        )
        # (On failure the transaction rolls back, and the CREATE with it.)
        records = [tuple(row[n] for n in names) for row in batch]
        await raw.copy_records_to_table(staging, records=records, columns=names)
        source = sql_table(staging, *(sql_column(n) for n in names))
        stmt = insert(table).from_select(names, select(*source.c))
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={c: stmt.excluded[c] for c in columns} | {"row_version": table.c.row_version + 1},
            where=tuple_(*(table.c[c] for c in columns)).is_distinct_from(
                tuple_(*(stmt.excluded[c] for c in columns))
            ),
        )
        returning = stmt.returning(literal_column("xmax = 0", type_=Boolean))
        flags = (await self.session.scalars(returning)).all()
        await raw.execute(f"DROP TABLE {staging}")
        inserted = sum(1 for f in flags if f)
        return UpsertCounts(
            inserted=inserted, updated=len(flags) - inserted, unchanged=len(batch) - len(flags)
        )

    async def existing(self, table: str, keys: Iterable[str]) -> set[str]:
        """Which of `keys` exist in an `Update` target table."""
        _, key, _ = UPDATE_TARGETS[table]
        rows = await self.session.scalars(select(key).where(key.in_(set(keys))))
        return set(rows)

    async def apply_updates(self, updates: Iterable[Update]) -> UpsertCounts:
        """Change the entries whose values differ; count updated and unchanged ones."""
        counts = UpsertCounts()
        for u in updates:
            model, key, bump = UPDATE_TARGETS[u.table]
            columns = [getattr(model, name) for name in u.values]
            given = [
                literal(v, type_=c.type) for c, v in zip(columns, u.values.values(), strict=True)
            ]
            changes: dict[str, Any] = dict(u.values)
            if bump:
                changes["row_version"] = model.row_version + 1
            stmt = (
                update(model)
                .where(key == u.key, tuple_(*columns).is_distinct_from(tuple_(*given)))
                .values(changes)
                .returning(key)
            )
            changed = (await self.session.scalars(stmt)).first() is not None
            counts.updated += changed
            counts.unchanged += not changed
        return counts

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

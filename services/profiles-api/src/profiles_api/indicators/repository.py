"""Indicator and observation queries."""

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.indicators.models import Indicator, Observation


@dataclass
class ObservationFilter:
    """Which observations of one indicator to return."""

    indicator_code: str
    countries: list[str]
    year_from: int | None
    year_to: int | None


class IndicatorRepository:
    """Reads the catalogue and observations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _with_coverage(self) -> Select:
        cov = (
            select(
                Observation.indicator_code,
                func.min(Observation.year).label("first_year"),
                func.max(Observation.year).label("last_year"),
                func.count().label("observation_count"),
            )
            .group_by(Observation.indicator_code)
            .subquery()
        )
        return select(
            Indicator,
            cov.c.first_year,
            cov.c.last_year,
            func.coalesce(cov.c.observation_count, 0).label("observation_count"),
        ).outerjoin(cov, cov.c.indicator_code == Indicator.code)

    async def get(self, code: str) -> tuple | None:
        row = (
            await self.session.execute(self._with_coverage().where(Indicator.code == code))
        ).first()
        return tuple(row) if row else None

    async def exists(self, code: str) -> bool:
        return await self.session.get(Indicator, code) is not None

    async def find(self, *, topic: str | None, limit: int, offset: int) -> tuple[list[tuple], int]:
        query = self._with_coverage()
        count = select(func.count()).select_from(Indicator)
        if topic:
            query = query.where(Indicator.topic == topic)
            count = count.where(Indicator.topic == topic)
        rows = await self.session.execute(
            query.order_by(Indicator.code).limit(limit).offset(offset)
        )
        return [tuple(r) for r in rows], (await self.session.scalar(count)) or 0

    async def observations(
        self, flt: ObservationFilter, *, limit: int, offset: int
    ) -> tuple[list[tuple[Observation, str]], int]:
        query = (
            select(Observation, Indicator.unit)
            .join(Indicator, Indicator.code == Observation.indicator_code)
            .where(Observation.indicator_code == flt.indicator_code)
        )
        if flt.countries:
            query = query.where(Observation.country_iso3.in_(flt.countries))
        if flt.year_from is not None:
            query = query.where(Observation.year >= flt.year_from)
        if flt.year_to is not None:
            query = query.where(Observation.year <= flt.year_to)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(
            Observation.country_iso3, Observation.year, Observation.source_dataset
        )
        rows = await self.session.execute(ordered.limit(limit).offset(offset))
        return [(obs, unit) for obs, unit in rows], total or 0

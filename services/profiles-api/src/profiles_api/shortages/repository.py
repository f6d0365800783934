"""Skill-shortage queries: filters by place (areas included), year, occupation and sector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.classifications.models import IscoGroup, NaceActivity
from profiles_api.shortages.models import SkillShortage as Shortage

SEVERITY_ORDER = case(
    {"critical": 1, "high": 2, "moderate": 3, "low": 4}, value=Shortage.severity, else_=5
)
KEY = ("area", "year", "isco_code", "nace_code", "direction", "source_dataset")


@dataclass
class ShortageFilter:
    """Which records to return (`areas_covering`: areas whose rows count for `countries`)."""

    countries: list[str] = field(default_factory=list)
    areas_covering: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    occupations: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    direction: str | None = None
    severities: list[str] = field(default_factory=list)
    source: str | None = None


def nace_descendants(codes: list[str]) -> Select:
    """SQL: the NACE items `codes` name and everything below them."""
    tree = select(NaceActivity.code).where(NaceActivity.code.in_(codes)).cte(recursive=True)
    below = select(NaceActivity.code).where(NaceActivity.parent_code == tree.c.code)
    tree = tree.union_all(below)
    return select(tree.c.code)


def _conditions(flt: ShortageFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if flt.countries:
        place: ColumnElement[bool] = Shortage.country_iso3.in_(flt.countries)
        if flt.areas_covering:
            covering = and_(Shortage.country_iso3.is_(None), Shortage.area.in_(flt.areas_covering))
            place = or_(place, covering)
        out.append(place)
    if flt.areas:
        out.append(Shortage.area.in_(flt.areas))
    if flt.year_from is not None:
        out.append(Shortage.year >= flt.year_from)
    if flt.year_to is not None:
        out.append(Shortage.year <= flt.year_to)
    if flt.occupations:
        # ISCO-08 codes nest by prefix: 2 > 22 > 222 > 2221.
        out.append(or_(*(Shortage.isco_code.startswith(c) for c in flt.occupations)))
    if flt.sectors:
        out.append(Shortage.nace_code.in_(nace_descendants(flt.sectors)))
    if flt.direction:
        out.append(Shortage.direction == flt.direction)
    if flt.severities:
        out.append(Shortage.severity.in_(flt.severities))
    if flt.source:
        out.append(Shortage.source_dataset == flt.source)
    return out


def _rows() -> Select:
    return (
        select(Shortage, IscoGroup.title_en, NaceActivity.title_en)
        .outerjoin(IscoGroup, IscoGroup.code == Shortage.isco_code)
        .outerjoin(NaceActivity, NaceActivity.code == Shortage.nace_code)
    )


Row = tuple[Shortage, str | None, str | None]


class ShortageRepository:
    """Reads and locks skill-shortage records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, flt: ShortageFilter, *, limit: int, offset: int) -> tuple[list[Row], int]:
        conditions = _conditions(flt)
        order = [
            Shortage.year.desc(),
            Shortage.area,
            SEVERITY_ORDER,
            Shortage.isco_code.nulls_last(),
            Shortage.nace_code.nulls_last(),
            Shortage.id,
        ]
        rows = await self.session.execute(
            _rows().where(*conditions).order_by(*order).limit(limit).offset(offset)
        )
        total = await self.session.scalar(
            select(func.count()).select_from(Shortage).where(*conditions)
        )
        return [(s, isco, nace) for s, isco, nace in rows], total or 0

    async def read(self, shortage_id: int) -> Row | None:
        row = (await self.session.execute(_rows().where(Shortage.id == shortage_id))).first()
        return (row[0], row[1], row[2]) if row else None

    async def get(self, shortage_id: int, *, for_update: bool = False) -> Shortage | None:
        return await self.session.get(Shortage, shortage_id, with_for_update=for_update)

    async def key_holder(self, values: dict[str, Any]) -> int | None:
        """The id of the record with this key (missing codes match missing codes), if any."""
        query = select(Shortage.id).where(
            *(getattr(Shortage, k).is_not_distinct_from(values[k]) for k in KEY)
        )
        return await self.session.scalar(query)

    async def missing(
        self, model: type[IscoGroup] | type[NaceActivity], codes: list[str]
    ) -> list[str]:
        """The codes of `codes` the reference table does not hold."""
        found = set(await self.session.scalars(select(model.code).where(model.code.in_(codes))))
        return [c for c in codes if c not in found]

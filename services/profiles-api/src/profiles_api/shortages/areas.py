"""Areas wider than one country that skill-shortage lists report for, and who they cover.

`EU27-NO-CH`: the EU-level EURES list (European Labour Authority) covers the EU member states,
Norway and Switzerland, as the ELA report states; membership is the register's `eu_member` flag
plus NOR and CHE. A country's shortages therefore include the area-level rows of every area
covering it (unless `include_areas=false`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country


@dataclass(frozen=True)
class Area:
    """A reporting area: its code, names and the register states it covers."""

    code: str
    name_en: str
    name_ru: str
    extra_members: tuple[str, ...]

    def covers(self) -> ColumnElement[bool]:
        """SQL over the register: the state is covered by this area."""
        return or_(Country.eu_member.is_(True), Country.iso3.in_(self.extra_members))


AREAS = {
    a.code: a
    for a in (
        Area(
            "EU27-NO-CH",
            "EU-27, Norway and Switzerland (EURES, EU level)",
            "ЕС-27, Норвегия и Швейцария (EURES, уровень ЕС)",
            ("NOR", "CHE"),
        ),
    )
}


async def covering(session: AsyncSession, countries: list[str]) -> list[str]:
    """Codes of the areas that cover any of `countries`."""
    out = []
    for area in AREAS.values():
        query = select(Country.iso3).where(Country.iso3.in_(countries), area.covers()).limit(1)
        if await session.scalar(query) is not None:
            out.append(area.code)
    return out


async def members(session: AsyncSession, code: str) -> list[str]:
    """ISO3 codes of the register states an area covers."""
    rows = await session.scalars(
        select(Country.iso3).where(AREAS[code].covers()).order_by(Country.iso3)
    )
    return list(rows)

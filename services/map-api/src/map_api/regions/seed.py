"""Seed region groupings and derive each region's outline from its members' boundaries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imap_kit.seeding import upsert
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.countries.models import CountryBoundary
from map_api.regions.models import Region, RegionMember

DATA = Path(__file__).resolve().parent.parent / "seed_data"


def region_rows() -> list[dict[str, Any]]:
    """Regions with their member ISO3 codes, from `regions.json`."""
    return list(json.loads((DATA / "regions.json").read_text(encoding="utf-8")))


async def seed_regions(session: AsyncSession) -> dict[str, int]:
    """Upsert regions and members; recompute outlines only where they changed."""
    rows = region_rows()
    regions = [{k: v for k, v in r.items() if k != "members"} for r in rows]
    members = [{"region_code": r["code"], "iso3": iso3} for r in rows for iso3 in r["members"]]
    g = await upsert(session, Region.__table__, regions, keys=["code"])  # type: ignore[arg-type]
    m = await upsert(session, RegionMember.__table__, members, keys=["region_code", "iso3"])  # type: ignore[arg-type]
    outline = (
        select(func.ST_Multi(func.ST_Union(CountryBoundary.geom)))
        .join(RegionMember, RegionMember.iso3 == CountryBoundary.iso3)
        .where(RegionMember.region_code == Region.code)
        .scalar_subquery()
    )
    result = await session.execute(
        update(Region)
        .where(Region.geom.is_distinct_from(outline))
        .values(geom=outline)
        .execution_options(synchronize_session=False)
    )
    return {
        "region_inserted": g.inserted,
        "region_updated": g.updated,
        "region_member_inserted": m.inserted,
        "region_outline_updated": result.rowcount,  # type: ignore[attr-defined]
    }

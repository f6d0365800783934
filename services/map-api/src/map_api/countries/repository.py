"""Boundary and capital queries; features are serialised to GeoJSON by PostGIS."""

from __future__ import annotations

from typing import Any

from imap_kit.geo import BBox
from sqlalchemy import ColumnElement, Select, Text, cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.countries.models import Capital, CountryBoundary
from map_api.db import SRID

DECIMALS = 5


def _intersects(geom: Any, bbox: BBox) -> ColumnElement[bool]:
    boxes = [func.ST_MakeEnvelope(b.minx, b.miny, b.maxx, b.maxy, SRID) for b in bbox.parts()]
    return or_(*(func.ST_Intersects(geom, box) for box in boxes))


def _boundary_feature(simplify: float | None) -> ColumnElement:
    b = CountryBoundary
    geom = b.geom if not simplify else func.ST_SimplifyPreserveTopology(b.geom, simplify)
    return func.json_build_object(
        "type", "Feature",
        "id", b.iso3,
        "bbox", b.bbox,
        "geometry", cast(func.ST_AsGeoJSON(geom, DECIMALS), JSON),
        "properties", func.json_build_object(
            "iso3", b.iso3,
            "name", b.name_en,
            "name_ru", b.name_ru,
            "role", b.role,
            "pp_group", b.pp_group,
            "pp_status", b.pp_status,
        ),
    )  # fmt: skip


class BoundaryRepository:
    """Reads country boundaries and capitals."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _filtered(self, column: ColumnElement, *, bbox: BBox | None, role: str | None) -> Select:
        conditions = []
        if bbox is not None:
            conditions.append(_intersects(CountryBoundary.geom, bbox))
        if role is not None:
            conditions.append(CountryBoundary.role == role)
        return select(column).where(*conditions)

    async def boundaries(
        self,
        *,
        bbox: BBox | None,
        role: str | None,
        simplify: float | None,
        limit: int,
        offset: int,
    ) -> tuple[list[str], int]:
        feature = _boundary_feature(simplify).cast(Text)
        rows = await self.session.scalars(
            self._filtered(feature, bbox=bbox, role=role)
            .order_by(CountryBoundary.iso3)
            .limit(limit)
            .offset(offset)
        )
        total = await self.session.scalar(
            self._filtered(func.count(), bbox=bbox, role=role).select_from(CountryBoundary)
        )
        return list(rows), total or 0

    async def boundary(self, iso3: str, *, simplify: float | None) -> str | None:
        feature = _boundary_feature(simplify).cast(Text)
        return await self.session.scalar(select(feature).where(CountryBoundary.iso3 == iso3))

    async def capitals(self, *, bbox: BBox | None) -> list[str]:
        c = Capital
        feature = func.json_build_object(
            "type", "Feature",
            "id", c.iso3,
            "geometry", cast(func.ST_AsGeoJSON(c.geom, DECIMALS), JSON),
            "properties", func.json_build_object(
                "iso3", c.iso3, "name", c.name, "population", c.population
            ),
        ).cast(Text)  # fmt: skip
        query = select(feature).order_by(c.iso3)
        if bbox is not None:
            query = query.where(_intersects(c.geom, bbox))
        return list(await self.session.scalars(query))

"""Boundary rules: paging links and GeoJSON assembly."""

from __future__ import annotations

from imap_kit.geo import BBox
from imap_kit.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.countries.exceptions import BoundaryNotFound
from map_api.countries.repository import BoundaryRepository
from map_api.geojson import GEOJSON, Link, feature_collection_json


def _links(page: PageParams, matched: int) -> list[Link]:
    p = page.links(matched)
    links = [Link(href=p.self, rel="self", type=GEOJSON)]
    if p.next:
        links.append(Link(href=p.next, rel="next", type=GEOJSON))
    if p.prev:
        links.append(Link(href=p.prev, rel="prev", type=GEOJSON))
    return links


async def boundaries(
    session: AsyncSession,
    *,
    page: PageParams,
    bbox: BBox | None,
    role: str | None,
    simplify: float | None,
) -> str:
    """A FeatureCollection page of country boundaries as JSON text."""
    features, matched = await BoundaryRepository(session).boundaries(
        bbox=bbox, role=role, simplify=simplify, limit=page.limit, offset=page.offset
    )
    return feature_collection_json(features, matched, _links(page, matched))


async def boundary(session: AsyncSession, iso3: str, *, simplify: float | None) -> str:
    """One country's boundary feature as JSON text, or BoundaryNotFound."""
    feature = await BoundaryRepository(session).boundary(iso3.upper(), simplify=simplify)
    if feature is None:
        raise BoundaryNotFound(iso3.upper())
    return feature


async def capitals(session: AsyncSession, *, page: PageParams, bbox: BBox | None) -> str:
    """All capitals as a FeatureCollection (51 points, never paged)."""
    features = await BoundaryRepository(session).capitals(bbox=bbox)
    return feature_collection_json(features, len(features), _links(page, len(features)))

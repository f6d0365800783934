"""Seed routes, crossing points and the Frontex monthly detections. Idempotent.

Routes and crossing points are editorial records: the seed only inserts those missing (by slug)
and never overwrites what an editor changed since. Statistics are upserted on their natural key
(route, border type, nationality, month). See `seed_data/SOURCES.md`.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from imap_kit.seeding import UpsertCounts, upsert
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.db import SRID
from map_api.routes.models import CrossingPoint, MigrationRoute, RouteStatistic

DATA = Path(__file__).resolve().parent.parent / "seed_data"
FRONTEX_FILE = "frontex_ibc_monthly_2009_2025_pp_subset.csv"


def _geom(geometry: dict[str, Any] | None) -> Any:
    if geometry is None:
        return None
    return func.ST_SetSRID(func.ST_GeomFromGeoJSON(json.dumps(geometry)), SRID)


def _features(name: str) -> list[dict[str, Any]]:
    collection = json.loads((DATA / name).read_text(encoding="utf-8"))
    return list(collection["features"])


def route_rows() -> list[dict[str, Any]]:
    """Route records from `migration_routes.geojson` (geometry as GeoJSON)."""
    out = []
    for feature in _features("migration_routes.geojson"):
        p = feature["properties"]
        out.append(
            {
                "slug": p["slug"],
                "name_en": p["name_en"],
                "name_ru": p["name_ru"],
                "kind": p["kind"],
                "valid_from": date.fromisoformat(p["valid_from"]),
                "description_en": p["description_en"],
                "description_ru": p["description_ru"],
                "sources": p["sources"],
                "countries": p["countries"],
                "indicative": p["indicative"],
                "frontex": p["frontex"],
                "geometry": feature["geometry"],
            }
        )
    return out


def crossing_point_rows() -> list[dict[str, Any]]:
    """Crossing point records from `crossing_points.geojson`."""
    rows = []
    for feature in _features("crossing_points.geojson"):
        rows.append({**feature["properties"], "geometry": feature["geometry"]})
    return rows


def frontex_rows() -> list[dict[str, Any]]:
    """The Frontex monthly detections as read from the shipped CSV (month as a date)."""
    with open(DATA / FRONTEX_FILE, encoding="utf-8", newline="") as fh:
        return [
            {
                "route": r["route"],
                "border_type": r["border_type"],
                "nationality_iso3": r["nationality_iso3"],
                "month": date.fromisoformat(r["month"] + "-01"),
                "detections": int(r["detections"]),
            }
            for r in csv.DictReader(fh)
        ]


async def _route_ids(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(MigrationRoute.slug, MigrationRoute.id))
    return {slug: id_ for slug, id_ in rows}


async def seed_routes(session: AsyncSession) -> dict[str, int]:
    """Insert missing routes and crossing points; upsert the monthly statistics."""
    routes = route_rows()
    r = await upsert(
        session,
        MigrationRoute.__table__,  # type: ignore[arg-type]
        [
            {k: v for k, v in row.items() if k not in ("geometry", "frontex")}
            | {"geom": _geom(row["geometry"])}
            for row in routes
        ],
        keys=["slug"],
        update=False,
    )
    ids = await _route_ids(session)
    points = [
        {k: v for k, v in row.items() if k not in ("geometry", "route")}
        | {"route_id": ids.get(row["route"]), "geom": _geom(row["geometry"])}
        for row in crossing_point_rows()
    ]
    p = await upsert(session, CrossingPoint.__table__, points, keys=["slug"], update=False)  # type: ignore[arg-type]
    by_frontex = {row["frontex"]: ids[row["slug"]] for row in routes}
    stats = [
        {k: v for k, v in row.items() if k != "route"} | {"route_id": by_frontex[row["route"]]}
        for row in frontex_rows()
    ]
    s: UpsertCounts = await upsert(
        session,
        RouteStatistic.__table__,  # type: ignore[arg-type]
        stats,
        keys=["route_id", "border_type", "nationality_iso3", "month"],
    )
    return {
        "route_inserted": r.inserted,
        "crossing_point_inserted": p.inserted,
        "route_statistic_inserted": s.inserted,
        "route_statistic_updated": s.updated,
    }

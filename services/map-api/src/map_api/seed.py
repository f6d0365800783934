"""Load the shipped data into `geo`: Natural Earth boundaries and capitals (public domain), region
groupings, migration routes, crossing points and the Frontex monthly detections. Idempotent.

Names come from the shared Prague Process register (with our Russian names) for the scope states
and from Natural Earth for the context countries, whose Russian names are the Debian iso-codes
translations of ISO 3166-1 that pycountry ships (LGPL-2.1); Northern Cyprus, which has no ISO code,
has an editorial one. See `seed_data/SOURCES.md`.
"""

from __future__ import annotations

import csv
import gettext
import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from imap_kit.geo import geojson_bbox
from imap_kit.seeding import upsert
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.countries.models import Capital, CountryBoundary
from map_api.db import SRID
from map_api.regions.seed import seed_regions
from map_api.routes.seed import seed_routes

DATA = Path(__file__).parent / "seed_data"


def _geometry(geojson: dict[str, Any]) -> Any:
    return func.ST_SetSRID(func.ST_GeomFromGeoJSON(json.dumps(geojson)), SRID)


def _with_geom(row: dict[str, Any], *, multi: bool) -> dict[str, Any]:
    """Replace the row's GeoJSON `geometry` by a PostGIS `geom` expression (SRID 4326)."""
    out = {k: v for k, v in row.items() if k not in ("geometry", "label")}
    geom = _geometry(row["geometry"])
    out["geom"] = func.ST_Multi(geom) if multi else geom
    if "label" in row:
        out["label_point"] = _label_point(row)
    return out


def _ring_area(ring: list[list[float]]) -> float:
    return (
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring))) / 2
    )


def _label_point(row: dict[str, Any]) -> Any:
    """The register's label point, else a point inside the largest part of the outline."""
    if row["label"] is not None:
        lon, lat = row["label"]
        return func.ST_SetSRID(func.ST_MakePoint(lon, lat), SRID)
    geometry = row["geometry"]
    parts = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    largest = max(parts, key=lambda polygon: _ring_area(polygon[0]))
    return func.ST_PointOnSurface(_geometry({"type": "Polygon", "coordinates": largest}))


def _register() -> dict[str, dict[str, str]]:
    with open(DATA / "pp_countries.csv", encoding="utf-8") as fh:
        rows = {r["iso3"]: r for r in csv.DictReader(fh)}
    with open(DATA / "country_names_ru.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows[r["iso3"]]["name_ru"] = r["name_ru"]
    return rows


@cache
def _iso_codes_ru() -> gettext.NullTranslations:
    """The Russian catalogue of Debian's iso-codes for ISO 3166-1, as pycountry ships it."""
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])


def iso_codes_name_ru(iso3: str) -> str | None:
    """The iso-codes Russian name of a country: of its common name where ISO gives one ("Iran",
    "Syria"), else of its short name; None for a code ISO 3166-1 lacks or an untranslated name."""
    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:
        return None
    msgid: str = getattr(record, "common_name", None) or record.name
    translated = _iso_codes_ru().gettext(msgid)
    return translated if translated != msgid else None


def _names_ru_not_in_iso() -> dict[str, str]:
    """Editorial Russian names of the Natural Earth units that ISO 3166-1 has no code for."""
    with open(DATA / "names_ru_not_in_iso.csv", encoding="utf-8") as fh:
        return {r["iso3"]: r["name_ru"] for r in csv.DictReader(fh)}


def boundary_rows() -> list[dict[str, Any]]:
    """Boundary rows, geometry as GeoJSON dicts (converted in SQL)."""
    register = _register()
    not_in_iso = _names_ru_not_in_iso()
    collection = json.loads((DATA / "pp_countries_ne50m.geojson").read_text(encoding="utf-8"))
    out = []
    for feature in collection["features"]:
        p = feature["properties"]
        iso3 = p["iso3"] or p["ADM0_A3"]  # Natural Earth units without an ISO code (N. Cyprus)
        reg = register.get(iso3, {})
        label = (float(reg["label_lon"]), float(reg["label_lat"])) if reg.get("label_lat") else None
        out.append(
            {
                "iso3": iso3,
                "name_en": reg.get("name") or p["NAME"],
                # ours for the register's states, else iso-codes, else editorial (N. Cyprus)
                "name_ru": (reg.get("name_ru") or iso_codes_name_ru(iso3) or not_in_iso.get(iso3)),
                "role": p["role"],
                "pp_group": p.get("pp_group"),
                "pp_status": p.get("pp_status"),
                "bbox": geojson_bbox(feature["geometry"]["coordinates"]),
                "geometry": feature["geometry"],
                "label": label,
            }
        )
    return out


def capital_rows() -> list[dict[str, Any]]:
    """Capital rows."""
    collection = json.loads((DATA / "pp_capitals_ne50m.geojson").read_text(encoding="utf-8"))
    return [
        {
            "iso3": f["properties"]["iso3"],
            "name": f["properties"]["name"],
            "population": int(f["properties"]["pop_max"]),
            "geometry": f["geometry"],
        }
        for f in collection["features"]
    ]


async def seed(session: AsyncSession) -> dict[str, int]:
    """Upsert boundaries, capitals, regions, routes and statistics; returns what changed."""
    boundaries = [_with_geom(r, multi=True) for r in boundary_rows()]
    capitals = [_with_geom(r, multi=False) for r in capital_rows()]
    b = await upsert(session, CountryBoundary.__table__, boundaries, keys=["iso3"])  # type: ignore[arg-type]
    c = await upsert(session, Capital.__table__, capitals, keys=["iso3"])  # type: ignore[arg-type]
    return {
        "boundary_inserted": b.inserted,
        "boundary_updated": b.updated,
        "capital_inserted": c.inserted,
        "capital_updated": c.updated,
        **await seed_regions(session),
        **await seed_routes(session),
    }

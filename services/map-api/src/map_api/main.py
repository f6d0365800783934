"""map-api application factory (`uvicorn map_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app

from map_api import __version__
from map_api.countries.router import router as countries_router
from map_api.db import SCHEMA
from map_api.features.router import router as features_router
from map_api.settings import MapSettings

MIGRATIONS = Path(__file__).parent / "migrations"

SPEC = ServiceSpec(
    name="map-api",
    schema=SCHEMA,
    title="i-Map map API",
    version=__version__,
    description=(
        "Geography of the Eastern migration route: country boundaries and capitals of the Prague "
        "Process states and their neighbours, region groupings, migration routes, border "
        "crossing points and monthly detections per route and nationality, in WGS84 "
        "(EPSG:4326). OGC API - Features (Part 1 Core, Part 3 Filtering with CQL2 text and "
        "JSON) under `/v1/`: GeoJSON and CSV, ETags and 304 on revalidation.\n\n"
        "Boundaries: Made with Natural Earth (public domain). Detections: Frontex, reproduction "
        "authorised provided the source is acknowledged. Route lines and crossing-point "
        "positions: drawn by i-Map from public descriptions, indicative (CC BY 4.0). Errors are "
        "RFC 9457 `application/problem+json`; bad OGC parameters are 400."
    ),
    migrations=MIGRATIONS,
    routers=[features_router, countries_router],
    tags=[
        {
            "name": "ogc-features",
            "description": (
                "OGC API - Features (Part 1 Core, Part 3 Filtering): boundaries, capitals, "
                "regions, migration routes, crossing points and monthly route statistics, as "
                "GeoJSON or CSV, with CQL2 filters. QGIS and GDAL connect to `/api/map/v1`."
            ),
        },
        {"name": "countries", "description": "Country boundaries and capitals (GeoJSON)."},
    ],
)


def create_app(settings: MapSettings | None = None) -> FastAPI:
    """Build the map-api app (settings from the environment when not given)."""
    return build_app(SPEC, settings or MapSettings())  # type: ignore[call-arg]

"""map-api application factory (`uvicorn map_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app

from map_api import __version__
from map_api.countries.router import router as countries_router
from map_api.db import SCHEMA
from map_api.settings import MapSettings

MIGRATIONS = Path(__file__).parent / "migrations"

SPEC = ServiceSpec(
    name="map-api",
    schema=SCHEMA,
    title="i-Map map API",
    version=__version__,
    description=(
        "Geography of the Eastern migration route: country boundaries and capitals of the Prague "
        "Process states and their neighbours, as GeoJSON in WGS84 (EPSG:4326).\n\n"
        "Boundaries: Made with Natural Earth (public domain). Errors are RFC 9457 "
        "`application/problem+json`."
    ),
    migrations=MIGRATIONS,
    routers=[countries_router],
    tags=[{"name": "countries", "description": "Country boundaries and capitals."}],
)


def create_app(settings: MapSettings | None = None) -> FastAPI:
    """Build the map-api app (settings from the environment when not given)."""
    return build_app(SPEC, settings or MapSettings())  # type: ignore[call-arg]

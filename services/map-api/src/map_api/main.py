"""map-api application factory (`uvicorn map_api.main:create_app --factory`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app
from imap_kit.history_routes import audit_router
from sqlalchemy.engine import make_url

from map_api import __version__
from map_api.countries.router import router as countries_router
from map_api.db import HISTORY, SCHEMA
from map_api.editing.router import points_router as editing_points_router
from map_api.editing.router import routes_router as editing_routes_router
from map_api.features.router import router as features_router
from map_api.flows.router import router as flows_router
from map_api.flows.router import tiles as flows_tiles_router
from map_api.profiles_client import ProfilesClient
from map_api.revisions import RevisionWatcher
from map_api.settings import MapSettings
from map_api.tiles.cache import TileCache
from map_api.tiles.router import router as tiles_router

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
        "(EPSG:4326), and bilateral flows (from profiles-api) as arcs between capitals. "
        "OGC API - Features (Part 1 Core, Part 3 Filtering with CQL2 text and JSON) under "
        "`/v1/`: GeoJSON and CSV; OGC API - Tiles: Mapbox vector tiles built by PostGIS on "
        "WebMercatorQuad, per collection and one multi-layer set for the web map, with "
        "TileJSON 3.0. ETags and 304 on revalidation everywhere; hot tiles in memory.\n\n"
        "Boundaries: Made with Natural Earth (public domain). Detections: Frontex, reproduction "
        "authorised provided the source is acknowledged. Route lines and crossing-point "
        "positions: drawn by i-Map from public descriptions, indicative (CC BY 4.0). Errors are "
        "RFC 9457 `application/problem+json`; bad OGC parameters are 400."
    ),
    migrations=MIGRATIONS,
    # flows first: its explicit paths win over the generic /collections/{collectionId}/...
    routers=[
        flows_router,
        flows_tiles_router,
        tiles_router,
        features_router,
        countries_router,
        editing_routes_router,
        editing_points_router,
        audit_router(HISTORY),
    ],
    tags=[
        {
            "name": "ogc-features",
            "description": (
                "OGC API - Features (Part 1 Core, Part 3 Filtering): boundaries, capitals, "
                "regions, migration routes, crossing points and monthly route statistics, as "
                "GeoJSON or CSV, with CQL2 filters. QGIS and GDAL connect to `/api/map/v1`."
            ),
        },
        {
            "name": "ogc-tiles",
            "description": (
                "OGC API - Tiles: Mapbox vector tiles (WebMercatorQuad, zoom 0-16) of every "
                "collection and of the web map (`/v1/tiles`: countries, country labels, "
                "capitals, routes, crossing points), TileJSON 3.0 for MapLibre, tile matrix "
                "sets. `datetime` on route-statistics tiles picks the months. Empty tiles are "
                "204; ETags, 304 and an in-process cache (`X-Tile-Cache`)."
            ),
        },
        {"name": "countries", "description": "Country boundaries and capitals (GeoJSON)."},
        {
            "name": "editing",
            "description": (
                "Editors' API: create, change, move through the workflow (draft, submitted, "
                "published, withdrawn) and delete migration routes (`/v1/routes`) and border "
                "crossing points (`/v1/crossing-points`) as GeoJSON Features in WGS84, with "
                "ETags and If-Match, country scopes, versions and diffs. Published records "
                "show in the OGC collections and the tiles at once."
            ),
        },
        {"name": "audit", "description": "The append-only log of every write (admins)."},
    ],
)


def plain_url(url: str) -> str:
    """A SQLAlchemy URL (`postgresql+asyncpg://`) as asyncpg itself takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_app(
    settings: MapSettings | None = None,
    *,
    profiles_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the map-api app (settings from the environment when not given).

    `app.state.tile_cache` holds hot tiles; `app.state.profiles` reads flows from profiles-api
    (`profiles_transport` replaces the network, for tests).
    """
    settings = settings or MapSettings()  # type: ignore[call-arg]
    app = build_app(SPEC, settings)
    app.state.tile_cache = TileCache(
        max_entries=settings.tile_cache_entries,
        max_bytes=settings.tile_cache_bytes,
        enabled=settings.tile_cache,
    )
    app.state.profiles = ProfilesClient(
        settings.profiles_url,
        timeout=settings.profiles_timeout_seconds,
        cache_seconds=settings.profiles_cache_seconds,
        transport=profiles_transport,
    )
    app.state.revisions = (
        RevisionWatcher(plain_url(settings.database_url)) if settings.revision_listen else None
    )
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with kit_lifespan(app):
            if app.state.revisions is not None:
                await app.state.revisions.start()
            try:
                yield
            finally:
                await app.state.profiles.aclose()
                if app.state.revisions is not None:
                    await app.state.revisions.stop()

    app.router.lifespan_context = lifespan
    return app

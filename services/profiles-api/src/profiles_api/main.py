"""profiles-api application factory (`uvicorn profiles_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app
from imap_kit.history_routes import audit_router

from profiles_api import __version__
from profiles_api.classifications.router import router as classifications_router
from profiles_api.countries.router import router as countries_router
from profiles_api.db import HISTORY, SCHEMA
from profiles_api.documents.router import router as documents_router
from profiles_api.downloads.router import router as downloads_router
from profiles_api.imports.router import router as imports_router
from profiles_api.indicators.router import gaps_router
from profiles_api.indicators.router import router as indicators_router
from profiles_api.profile.router import router as profile_router
from profiles_api.settings import ProfilesSettings

MIGRATIONS = Path(__file__).parent / "migrations"

SPEC = ServiceSpec(
    name="profiles-api",
    schema=SCHEMA,
    title="i-Map profiles API",
    version=__version__,
    description=(
        "Extended Migration Profiles of the Prague Process states: the country register, the "
        "indicator catalogue and yearly observations (World Bank WDI, UN DESA).\n\n"
        "All list endpoints are paginated (`limit`, `offset`) and return `total` and `links`. "
        "Errors are RFC 9457 `application/problem+json`."
    ),
    migrations=MIGRATIONS,
    routers=[
        countries_router,
        indicators_router,
        gaps_router,
        classifications_router,
        imports_router,
        profile_router,
        downloads_router,
        documents_router,
        audit_router(HISTORY),
    ],
    tags=[
        {"name": "countries", "description": "The Prague Process country register."},
        {"name": "indicators", "description": "Indicator catalogue and yearly observations."},
        {
            "name": "classifications",
            "description": "ISCO-08 occupation groups and NACE Rev. 2 activities (reference).",
        },
        {
            "name": "imports",
            "description": "Bulk imports of publishers' files, all or nothing, kept as batches "
            "(editors).",
        },
        {
            "name": "profiles",
            "description": "Extended Migration Profiles: the assembled profile, its published "
            "editions with section diffs, and the working copy under the editorial workflow.",
        },
        {"name": "audit", "description": "The append-only log of every write (admins)."},
    ],
)


def create_app(settings: ProfilesSettings | None = None) -> FastAPI:
    """Build the profiles-api app (settings from the environment when not given)."""
    return build_app(SPEC, settings or ProfilesSettings())  # type: ignore[call-arg]

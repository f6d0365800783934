"""profiles-api application factory (`uvicorn profiles_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app
from imap_kit.history_routes import audit_router

from profiles_api import __version__
from profiles_api.classifications.router import router as classifications_router
from profiles_api.countries.router import groups_router
from profiles_api.countries.router import router as countries_router
from profiles_api.datasets.router import router as datasets_router
from profiles_api.db import HISTORY, SCHEMA
from profiles_api.documents.router import router as documents_router
from profiles_api.downloads.router import router as downloads_router
from profiles_api.flows.router import partners_router
from profiles_api.flows.router import router as flows_router
from profiles_api.imports.router import router as imports_router
from profiles_api.indicators.observations_router import records as observation_records_router
from profiles_api.indicators.observations_router import router as observations_router
from profiles_api.indicators.router import gaps_router
from profiles_api.indicators.router import router as indicators_router
from profiles_api.profile.router import router as profile_router
from profiles_api.settings import ProfilesSettings
from profiles_api.shortages.router import router as shortages_router

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
        groups_router,
        indicators_router,
        observations_router,
        observation_records_router,
        gaps_router,
        datasets_router,
        flows_router,
        partners_router,
        shortages_router,
        classifications_router,
        imports_router,
        profile_router,
        downloads_router,
        documents_router,
        audit_router(HISTORY),
    ],
    tags=[
        {
            "name": "countries",
            "description": "The Prague Process country register and its groups.",
        },
        {
            "name": "indicators",
            "description": "Indicator catalogue and country values by period, one value per "
            "cell by default (the source with the highest priority, then the newest vintage); "
            "editors add, correct and delete them.",
        },
        {
            "name": "datasets",
            "description": "Source datasets and vintages, ranked as the default view ranks them.",
        },
        {
            "name": "flows",
            "description": "Bilateral values by corridor (origin -> destination): migrant "
            "stocks, remittances, asylum applications; a country's top partners.",
        },
        {
            "name": "shortages",
            "description": "Skill shortages and surpluses by occupation (ISCO-08) and sector "
            "(NACE Rev. 2), by country or area (the EU-level EURES list).",
        },
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

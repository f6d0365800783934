"""toolbox-api application factory (`uvicorn toolbox_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app
from imap_kit.history_routes import audit_router

from toolbox_api import __version__
from toolbox_api.db import HISTORY, SCHEMA
from toolbox_api.initiatives.router import router as initiatives_router
from toolbox_api.settings import ToolboxSettings
from toolbox_api.themes.router import router as themes_router

MIGRATIONS = Path(__file__).parent / "migrations"

SPEC = ServiceSpec(
    name="toolbox-api",
    schema=SCHEMA,
    title="i-Map toolbox API",
    version=__version__,
    description=(
        "The partnership toolbox of the Prague Process: the six Action Plan thematic areas and the "
        "bilateral and multilateral initiatives of the region, each with its participating states "
        "and a source.\n\nSummaries are written by the i-Map team (CC BY 4.0). Errors are RFC 9457 "
        "`application/problem+json`."
    ),
    migrations=MIGRATIONS,
    routers=[themes_router, initiatives_router, audit_router(HISTORY)],
    tags=[
        {"name": "themes", "description": "Prague Process Action Plan thematic areas."},
        {"name": "initiatives", "description": "Partnership initiatives and projects."},
        {"name": "audit", "description": "The append-only log of every write (admins)."},
    ],
)


def create_app(settings: ToolboxSettings | None = None) -> FastAPI:
    """Build the toolbox-api app (settings from the environment when not given)."""
    return build_app(SPEC, settings or ToolboxSettings())  # type: ignore[call-arg]

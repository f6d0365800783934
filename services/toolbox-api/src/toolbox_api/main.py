"""toolbox-api application factory (`uvicorn toolbox_api.main:create_app --factory`)."""

from pathlib import Path

from fastapi import FastAPI
from imap_kit.app import ServiceSpec
from imap_kit.app import create_app as build_app
from imap_kit.history_routes import audit_router

from toolbox_api import __version__
from toolbox_api.corridors.router import router as corridors_router
from toolbox_api.db import HISTORY, SCHEMA
from toolbox_api.imports.router import router as imports_router
from toolbox_api.initiatives.router import router as initiatives_router
from toolbox_api.practices.router import router as practices_router
from toolbox_api.recommendations.router import router as recommendations_router
from toolbox_api.search.router import router as search_router
from toolbox_api.settings import ToolboxSettings
from toolbox_api.strategies.router import router as strategies_router
from toolbox_api.themes.router import router as themes_router

MIGRATIONS = Path(__file__).parent / "migrations"

SPEC = ServiceSpec(
    name="toolbox-api",
    schema=SCHEMA,
    title="i-Map toolbox API",
    version=__version__,
    description=(
        "The partnership toolbox of the Prague Process: the six Action Plan thematic areas, the "
        "bilateral and multilateral initiatives of the region with their sources, the practices "
        "distilled from them, and partnership strategies per partner country.\n\nSummaries are "
        "written by the i-Map team (CC BY 4.0). Text fields are Markdown: raw HTML is shown as "
        "text, active content (scripts, event handlers, `javascript:` links) is refused, and "
        "details carry each text rendered as sanitised HTML in `html`. Errors are RFC 9457 "
        "`application/problem+json`."
    ),
    migrations=MIGRATIONS,
    routers=[
        themes_router,
        initiatives_router,
        practices_router,
        strategies_router,
        corridors_router,
        imports_router,
        search_router,
        recommendations_router,
        audit_router(HISTORY),
    ],
    tags=[
        {"name": "themes", "description": "Prague Process Action Plan thematic areas."},
        {
            "name": "initiatives",
            "description": "Bilateral, multilateral and regional partnership initiatives and "
            "projects: participating states and their roles, organisations, period, budget, "
            "implementation status, outcomes, sources, corridors and routes.",
        },
        {
            "name": "practices",
            "description": "Practices distilled from initiatives: what was done, under which "
            "conditions it worked, the evidence of success (evaluated, reported or described "
            "only) and how it could transfer.",
        },
        {
            "name": "strategies",
            "description": "Partnership strategies per partner country: ranked priorities, "
            "objectives, and recommendations linked to practices and themes, with target dates, "
            "status and notes over time.",
        },
        {
            "name": "corridors",
            "description": "The initiatives and practices touching a country or a route, for "
            "the map.",
        },
        {
            "name": "imports",
            "description": "Bulk import of initiatives from CSV or XLSX, all or nothing, with "
            "errors by row and column; the file's template.",
        },
        {
            "name": "search",
            "description": "Full-text search over initiatives and practices in English and "
            "Russian, with typo-tolerant titles, highlighted snippets, filters and facet counts.",
        },
        {
            "name": "recommendations",
            "description": "Transfer recommendations: practices that worked elsewhere, ranked "
            "for a country and a theme or strategy objective, each explaining why.",
        },
        {"name": "audit", "description": "The append-only log of every write (admins)."},
    ],
)


def create_app(settings: ToolboxSettings | None = None) -> FastAPI:
    """Build the toolbox-api app (settings from the environment when not given)."""
    return build_app(SPEC, settings or ToolboxSettings())  # type: ignore[call-arg]

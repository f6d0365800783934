"""The app factory every service uses: lifespan-owned engine, problem+json, request ids, docs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from imap_kit import health
from imap_kit.auth import Verifier, api_key_scheme, get_principal, oauth2_scheme
from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.errors import install_error_handlers, responses
from imap_kit.logging import RequestIdMiddleware, configure_logging
from imap_kit.middleware import (
    BodySizeLimitMiddleware,
    QueryHygieneMiddleware,
    RootPathMiddleware,
)
from imap_kit.migrations import head_revision
from imap_kit.settings import ServiceSettings

DOCS_STATIC = Path(fastapi_offline.__file__).parent / "static"
STATIC_URL = "/_static/docs"


@dataclass
class ServiceSpec:
    """What makes a service: its name, schema, migrations, routers and OpenAPI texts."""

    name: str
    schema: str
    title: str
    description: str
    version: str
    migrations: Path
    routers: Sequence[APIRouter]
    tags: list[dict[str, Any]] = field(default_factory=list)


def _lifespan(spec: ServiceSpec, settings: ServiceSettings):
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(spec.name, settings.log_level, settings.log_json)
        engine = create_engine(settings)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        try:
            yield
        finally:
            await engine.dispose()
            await app.state.verifier.aclose()

    return lifespan


def _install_docs(app: FastAPI) -> None:
    """Swagger UI and ReDoc served from local assets (no CDN), correct behind the gateway."""
    app.mount(STATIC_URL, StaticFiles(directory=DOCS_STATIC), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}/docs/oauth2-redirect",
            swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            swagger_ui_parameters={"persistAuthorization": True, "displayRequestDuration": True},
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{STATIC_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            with_google_fonts=False,
        )


def _uses(dependant: Dependant, test: Any) -> bool:
    return any(test(d.call) or _uses(d, test) for d in dependant.dependencies)


# Reads work for everyone and show more to signed-in callers: anonymous is one of the options.
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}  # merged after the schemes FastAPI lists


def _document_routes(router: APIRouter) -> None:
    """Docstring first line -> OpenAPI summary, the rest -> description; routes that identify
    the caller also document the 401 a bad token or key gets."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        if route.description and not route.summary:
            first, _, rest = route.description.strip().partition("\n")
            route.summary = first.strip().rstrip(".")
            route.description = rest.strip()
        if not _uses(route.dependant, lambda call: call is get_principal):
            continue
        route.responses.setdefault(401, responses(401)[401])
        required = _uses(route.dependant, lambda call: hasattr(call, "required_grants"))
        if (route.methods or set()) <= {"GET", "HEAD"} and not required:
            route.openapi_extra = {**(route.openapi_extra or {}), **OPTIONAL_AUTH}


def create_app(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    """Build a service app from its spec and settings."""
    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        openapi_tags=[
            *spec.tags,
            {"name": "health", "description": "Liveness and readiness probes."},
        ],
        docs_url=None,
        redoc_url=None,
        responses=responses(400, 422, 500),
        lifespan=_lifespan(spec, settings),
    )
    app.state.service = spec.name
    app.state.schema = spec.schema
    app.state.settings = settings
    app.state.head_revision = head_revision(spec.migrations)
    app.state.verifier = Verifier(settings.auth)
    install_error_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(QueryHygieneMiddleware)
    app.add_middleware(RootPathMiddleware, root_path=settings.root_path)
    _install_docs(app)
    for router in (health.router, *spec.routers):
        _document_routes(router)
        app.include_router(router)
    _declare_security(app, settings.auth.token_url)
    return app


def _declare_security(app: FastAPI, token_url: str) -> None:
    """Every service offers Swagger UI's Authorize dialog, pointed at the configured token URL."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        schema = original()
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes.setdefault(
            "OAuth2", oauth2_scheme.model.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        schemes.setdefault(
            "APIKey", api_key_scheme.model.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        schemes["OAuth2"]["flows"]["password"]["tokenUrl"] = token_url
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

"""Liveness and readiness: `/healthz` (process alive) and `/readyz` (database and migrations)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from imap_kit.errors import problem_response, responses
from imap_kit.migrations import current_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Service status."""

    status: Literal["ok"]
    service: str
    version: str
    migration: str | None = None


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz(request: Request) -> Health:
    """The process is up; does not touch the database."""
    return Health(status="ok", service=request.app.state.service, version=request.app.version)


@router.get(
    "/readyz",
    response_model=Health,
    summary="Readiness",
    responses=responses(503),
)
async def readyz(request: Request) -> Health | JSONResponse:
    """The database answers and this service's migrations are at head; 503 otherwise."""
    state = request.app.state
    try:
        async with state.engine.connect() as conn:
            current = await current_revision(conn, state.schema)
    except (SQLAlchemyError, OSError) as exc:
        return problem_response(
            request, 503, slug="not-ready", detail=f"Database unreachable: {type(exc).__name__}."
        )
    if current != state.head_revision:
        return problem_response(
            request,
            503,
            slug="not-ready",
            detail=f"Schema '{state.schema}' is at {current}, expected {state.head_revision}.",
        )
    return Health(
        status="ok", service=state.service, version=request.app.version, migration=current
    )

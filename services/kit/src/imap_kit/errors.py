"""RFC 9457 problem details: domain error classes, one status table, and the exception handlers.

Services raise subclasses of `DomainError` (``CountryNotFound(NotFound)``); the handlers turn every
failure (domain errors, validation errors, unknown routes, wrong methods, crashes) into
``application/problem+json`` with ``type``, ``title``, ``status``, ``detail``, ``instance`` and, for
validation, ``errors`` listing each bad field by its path.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from imap_kit.urls import public_path

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://imap.pragueprocess.example/problems/"
log = logging.getLogger("imap.errors")


class FieldError(BaseModel):
    """One invalid input field."""

    field: str = Field(description="Dotted path of the field, e.g. `query.year` or `body.title`.")
    reason: str = Field(description="Why the value was rejected.")
    value: Any | None = Field(
        default=None, description="The rejected value, when it is safe to echo."
    )


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str = Field(examples=[PROBLEM_BASE + "not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str | None = Field(default=None, examples=["No country with ISO3 code 'ZZZ'."])
    instance: str | None = Field(default=None, examples=["/v1/countries/ZZZ"])
    request_id: str | None = None
    errors: list[FieldError] | None = None


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status: int = 400
    slug: str = "bad-request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers


class BadRequest(DomainError):
    status, slug = 400, "bad-request"


class Unauthorized(DomainError):
    status, slug = 401, "unauthorized"

    def __init__(self, detail: str, *, error: str = "invalid_token") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": f'Bearer error="{error}"'})


class Forbidden(DomainError):
    status, slug = 403, "forbidden"


class NotFound(DomainError):
    status, slug = 404, "not-found"


class Conflict(DomainError):
    status, slug = 409, "conflict"


class PreconditionFailed(DomainError):
    status, slug = 412, "precondition-failed"


class InvalidInput(DomainError):
    status, slug = 422, "validation-error"


class PreconditionRequired(DomainError):
    status, slug = 428, "precondition-required"


class TooManyRequests(DomainError):
    status, slug = 429, "too-many-requests"


class ServiceUnavailable(DomainError):
    status, slug = 503, "service-unavailable"


def problem_response(
    request: Request,
    status: int,
    *,
    slug: str | None = None,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Build the problem+json response for `status`."""
    title = HTTPStatus(status).phrase
    problem = Problem(
        type=PROBLEM_BASE + (slug or title.lower().replace(" ", "-")),
        title=title,
        status=status,
        detail=detail,
        instance=public_path(request),
        request_id=getattr(request.state, "request_id", None),
        errors=errors,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    """Turn pydantic's error list into field paths and readable reasons."""
    out = []
    for err in exc.errors():
        value = err.get("input")
        safe = value if isinstance(value, (str, int, float, bool)) or value is None else None
        if isinstance(safe, str) and not _encodable(safe):
            safe = None  # a lone surrogate cannot be written back as UTF-8 JSON
        out.append(FieldError(field=_field_path(err["loc"]), reason=err["msg"], value=safe))
    return out


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(
        request,
        exc.status,
        slug=exc.slug,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
    )


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc)
    detail = "; ".join(f"{e.field}: {e.reason}" for e in errors)
    return problem_response(request, 422, slug="validation-error", detail=detail, errors=errors)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No resource at {request.url.path}."
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        detail = f"Method {request.method} is not allowed on {public_path(request)}."
        headers["Allow"] = ", ".join(allowed_methods(request)) or headers.get("Allow", "")
    return problem_response(request, exc.status_code, detail=detail, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI document declares for the requested path (for `Allow`).

    A literal path (`/v1/imports/wb-api-csv`) wins over a template it also fits
    (`/v1/imports/{batch_id}`), as in routing.
    """
    patterns = getattr(request.app.state, "path_methods", None)
    if patterns is None:
        patterns = [
            (
                re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(path)) + "$"),
                "{" not in path,
                ops,
            )
            for path, ops in request.app.openapi().get("paths", {}).items()
        ]
        request.app.state.path_methods = patterns
    root = request.scope.get("root_path", "")
    path = request.url.path.removeprefix(root) if root else request.url.path
    matches = [(literal, ops) for rx, literal, ops in patterns if rx.match(path)]
    if any(literal for literal, _ in matches):
        matches = [(literal, ops) for literal, ops in matches if literal]
    return sorted({m.upper() for _, ops in matches for m in ops})


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(
        request, 500, detail="An unexpected error occurred; it has been logged with the request id."
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through problem+json."""
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unhandled)


def responses(*errors: type[DomainError] | int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error classes or status codes."""
    out: dict[int | str, dict[str, Any]] = {}
    for err in errors:
        status = err if isinstance(err, int) else err.status
        out[status] = {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return out

"""Routes every workflow-managed record gets: its versions, one version, a diff; and the audit log.

No `from __future__ import annotations` here: the route signatures are built from arguments at
runtime and FastAPI must see real types.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from imap_kit.auth import Principal, PrincipalDep, require
from imap_kit.db import SessionDep
from imap_kit.errors import NotFound, responses
from imap_kit.history import (
    AuditEntryRead,
    DiffRead,
    HistoryTables,
    VersionRead,
    diff_versions,
    get_version,
    list_versions,
    query_audit,
)
from imap_kit.pagination import Page, PageParamsDep

EnsureVisible = Callable[[AsyncSession, Principal, Any], Awaitable[None]]
VersionNo = Annotated[int, Path(ge=1, le=1_000_000, description="Version number.")]


def add_history_routes(
    router: APIRouter,
    *,
    path: str,
    record_type: str,
    tables: HistoryTables,
    id_param: Any,
    ensure_visible: EnsureVisible,
) -> None:
    """Add `/versions`, `/versions/{version}` and `/diff` under `{path}/{record_id}`."""
    label = record_type.replace("_", " ")

    @router.get(
        f"{path}/{{record_id}}/versions",
        response_model=list[VersionRead],
        responses=responses(NotFound),
        name=f"list_{record_type}_versions",
        summary=f"List the kept versions of a {label}, newest first",
    )
    async def versions(session: SessionDep, principal: PrincipalDep, record_id: id_param) -> Any:
        await ensure_visible(session, principal, record_id)
        return await list_versions(session, tables, record_type, str(record_id))

    @router.get(
        f"{path}/{{record_id}}/versions/{{version}}",
        response_model=VersionRead,
        responses=responses(NotFound),
        name=f"get_{record_type}_version",
        summary=f"Get one kept version of a {label} with its full snapshot",
    )
    async def version(
        session: SessionDep, principal: PrincipalDep, record_id: id_param, version: VersionNo
    ) -> Any:
        await ensure_visible(session, principal, record_id)
        return await get_version(session, tables, record_type, str(record_id), version)

    @router.get(
        f"{path}/{{record_id}}/diff",
        response_model=DiffRead,
        responses=responses(NotFound),
        name=f"diff_{record_type}_versions",
        summary=f"Compare two versions of a {label}, field by field",
    )
    async def changes(
        session: SessionDep,
        principal: PrincipalDep,
        record_id: id_param,
        from_version: Annotated[int, Query(alias="from", ge=1, le=1_000_000)],
        to_version: Annotated[int, Query(alias="to", ge=1, le=1_000_000)],
    ) -> Any:
        await ensure_visible(session, principal, record_id)
        return await diff_versions(
            session, tables, record_type, str(record_id), from_version, to_version
        )


def audit_router(tables: HistoryTables, *, tag: str = "audit") -> APIRouter:
    """`GET /v1/audit`: the service's append-only log of writes (admins only)."""
    router = APIRouter(prefix="/v1/audit", tags=[tag])

    @router.get("", response_model=Page[AuditEntryRead], responses=responses(401, 403))
    async def list_audit(
        session: SessionDep,
        page: PageParamsDep,
        _: Annotated[Principal, Depends(require("admin"))],
        record_type: Annotated[str | None, Query(max_length=40)] = None,
        record_id: Annotated[str | None, Query(max_length=64)] = None,
        actor: Annotated[
            str | None, Query(max_length=200, description="Part of the actor.")
        ] = None,
    ) -> Page[AuditEntryRead]:
        """Query the audit log of every write, newest first (admins only)."""
        items, total = await query_audit(
            session,
            tables,
            record_type=record_type,
            record_id=record_id,
            actor_contains=actor,
            limit=page.limit,
            offset=page.offset,
        )
        return page.page(items, total)

    return router

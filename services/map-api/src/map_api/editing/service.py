"""Route and crossing-point writes under the editorial workflow.

Every write checks who may do it (role, country scope, workflow state), requires the caller's
If-Match on existing records, checks the whole body (properties, then the geometry: structure,
type, ranges and size here, validity by PostGIS) before writing anything, bumps the row version,
keeps a version snapshot and appends to the audit log, all in the request's one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import Status, check_edit, check_transition, check_writer
from imap_kit.errors import Conflict, FieldError, Forbidden, InvalidInput
from imap_kit.etag import check_if_match
from imap_kit.history import record_write
from pydantic import BaseModel, ValidationError
from sqlalchemy import ColumnElement, RowMapping, or_
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.db import HISTORY
from map_api.editing import repository
from map_api.editing.geometry import CheckedGeometry, check_geometry, invalid
from map_api.editing.kinds import ROUTES, Kind
from map_api.editing.schemas import Link, TransitionRequest

WRITE_SCOPE = "map:write"
GEOJSON = "application/geo+json"
VOLATILE = {"version", "created_at", "updated_at"}  # not part of a version's snapshot


def _scope(principal: Principal, countries: list[str]) -> str | None:
    """A state of the record the caller acts for; else all of them (for the refusal message)."""
    for country in countries:
        if principal.covers(country):
            return country
    return " or ".join(countries) or None


def to_feature(kind: Kind, row: RowMapping, base: str) -> BaseModel:
    """A row as the GeoJSON Feature the API answers with."""
    path = f"{base}{kind.path}/{row['id']}"
    links = [
        Link(href=path, rel="self", type=GEOJSON, title=f"This {kind.noun}"),
        Link(
            href=f"{base}/v1/collections/{kind.collection}/items/{row['slug']}",
            rel="alternate",
            type=GEOJSON,
            title="The feature in the OGC API collection (once published)",
        ),
        Link(
            href=f"{path}/versions",
            rel="version-history",
            type="application/json",
            title="Kept versions",
        ),
    ]
    geometry = json.loads(row["geojson"]) if row["geojson"] else None
    return kind.feature_model(
        id=row["id"], geometry=geometry, properties=kind.read(row), links=links
    )


def snapshot(feature: BaseModel) -> dict[str, Any]:
    """The record as versions and the audit log keep it: properties and geometry."""
    data = feature.model_dump(mode="json")
    props = {k: v for k, v in data["properties"].items() if k not in VOLATILE}
    return {**props, "geometry": data["geometry"]}


async def _feature(session: AsyncSession, kind: Kind, record_id: int, base: str) -> BaseModel:
    row = await repository.read(session, kind.table, record_id)
    assert row is not None  # written in this transaction
    return to_feature(kind, row, base)


async def get(
    session: AsyncSession, principal: Principal, kind: Kind, record_id: int, base: str
) -> BaseModel:
    """One record the caller may see, or 404 (also when it is hidden)."""
    row = await repository.read_visible(session, kind.table, record_id, kind.visible(principal))
    if row is None:
        raise kind.not_found(record_id)
    return to_feature(kind, row, base)


async def find(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    *,
    statuses: list[Status],
    country: str | None,
    limit: int,
    offset: int,
    base: str,
) -> tuple[list[BaseModel], int]:
    """Records the caller may see, by workflow state and country, most recently changed first."""
    table = kind.table
    where: list[ColumnElement[bool]] = [kind.visible(principal)]
    if statuses:
        where.append(table.c.status.in_([s.value for s in statuses]))
    if country:
        if kind is ROUTES:
            where.append(table.c.countries.any(country.upper()))
        else:
            code = country.upper()
            where.append(or_(table.c.country_a == code, table.c.country_b == code))
    rows, total = await repository.find(session, table, where, limit=limit, offset=offset)
    return [to_feature(kind, r, base) for r in rows], total


async def _validated(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    props: BaseModel,
    geometry: dict[str, Any] | None,
    crs: Any,
    *,
    max_vertices: int,
    with_geometry: bool = True,
) -> tuple[dict[str, Any], CheckedGeometry | None]:
    """The columns and the geometry, or one 422 naming every problem (nothing written)."""
    errors: list[FieldError] = []
    data: dict[str, Any] = {}
    checked = None
    try:
        data = await kind.columns(session, principal, props)
    except InvalidInput as exc:
        errors += exc.errors or []
    if with_geometry and geometry is None and kind.geometry_required:
        reason = f"a {kind.noun} needs a geometry ({' or '.join(kind.allowed)})"
        errors.append(FieldError(field="body.geometry", reason=reason))
    elif with_geometry and geometry is not None:
        try:
            checked = check_geometry(
                geometry, allowed=kind.allowed, noun=kind.noun, max_vertices=max_vertices, crs=crs
            )
        except InvalidInput as exc:
            errors += exc.errors or []
    if errors:
        raise invalid(errors)
    if checked is not None:
        await repository.check_geometry(session, checked, multi=kind.multi)
    return data, checked


def _with_geometry(
    kind: Kind, data: dict[str, Any], checked: CheckedGeometry | None
) -> dict[str, Any]:
    geom = repository.geometry_sql(checked, multi=kind.multi) if checked is not None else None
    return {**data, "geom": geom}


async def _check_slug(session: AsyncSession, kind: Kind, slug: str, *, own_id: int | None) -> None:
    if await repository.slug_taken(session, kind.table, slug, other_than=own_id):
        raise Conflict(f"Another {kind.noun} already uses the slug '{slug}'.")


async def _log(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    feature: BaseModel,
    *,
    action: str,
    before: dict[str, Any] | None,
    comment: str | None = None,
) -> None:
    props: Any = getattr(feature, "properties")  # noqa: B009 (either feature model)
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action=action,
        record_type=kind.record_type,
        record_id=str(getattr(feature, "id")),  # noqa: B009
        version=props.version,
        status=str(props.status),
        before=before,
        after=snapshot(feature),
        comment=comment,
    )


async def create(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    body: Any,
    *,
    max_vertices: int,
    base: str,
) -> BaseModel:
    """A new draft, by an editor or a writer for one of the record's countries."""
    check_writer(principal, WRITE_SCOPE)
    data, checked = await _validated(
        session, principal, kind, body.properties, body.geometry, body.crs,
        max_vertices=max_vertices,
    )  # fmt: skip
    countries = kind.countries(data)
    if not any(principal.covers(c) for c in countries):
        whose = " or ".join(countries) or "no country"
        raise Forbidden(f"You may not create {kind.noun}s of {whose}.")
    await _check_slug(session, kind, data["slug"], own_id=None)
    values = {**_with_geometry(kind, data, checked), "status": Status.draft.value, "row_version": 1}
    record_id = await repository.add(session, kind.table, values, kind.noun)
    feature = await _feature(session, kind, record_id, base)
    await _log(session, principal, kind, feature, action="create", before=None)
    return feature


async def _locked(
    session: AsyncSession, principal: Principal, kind: Kind, record_id: int, if_match: str | None
) -> RowMapping:
    check_writer(principal, WRITE_SCOPE)  # 401/403 before anything about the record is revealed
    row = await repository.lock(session, kind.table, record_id, kind.visible(principal))
    if row is None:
        raise kind.not_found(record_id)
    check_if_match(if_match, row["row_version"])
    return row


async def update(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    record_id: int,
    body: Any,
    *,
    if_match: str | None,
    partial: bool,
    max_vertices: int,
    base: str,
) -> BaseModel:
    """Replace (PUT) or patch (PATCH) a record; 412 when it changed since the caller read it."""
    row = await _locked(session, principal, kind, record_id, if_match)
    check_edit(
        principal, status=Status(row["status"]), country=_scope(principal, kind.countries(row))
    )
    props = _merged(kind, row, body.properties) if partial else body.properties
    with_geometry = not partial or "geometry" in body.model_fields_set
    data, checked = await _validated(
        session, principal, kind, props, body.geometry, body.crs,
        max_vertices=max_vertices, with_geometry=with_geometry,
    )  # fmt: skip
    countries = kind.countries(data)
    if not any(principal.covers(c) for c in countries):
        whose = " or ".join(countries) or "no country"
        raise Forbidden(f"You may not hand the {kind.noun} to {whose}.")
    await _check_slug(session, kind, data["slug"], own_id=record_id)
    before = snapshot(to_feature(kind, row, base))
    values = _with_geometry(kind, data, checked) if with_geometry else data
    await repository.change(session, kind.table, record_id, values, kind.noun)
    feature = await _feature(session, kind, record_id, base)
    await _log(session, principal, kind, feature, action="update", before=before)
    return feature


def _merged(kind: Kind, row: RowMapping, patch: BaseModel) -> BaseModel:
    """The stored properties with the patch's members applied (JSON merge patch), re-checked."""
    merged = {**kind.stored_properties(row), **patch.model_dump(exclude_unset=True)}
    try:
        return kind.properties.model_validate(merged)
    except ValidationError as exc:
        errors = [
            FieldError(
                field=".".join(["body.properties", *map(str, e["loc"])]),
                reason=e["msg"],
            )
            for e in exc.errors()
        ]
        raise invalid(errors) from None


async def transition(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    record_id: int,
    step: TransitionRequest,
    *,
    if_match: str | None,
    base: str,
) -> BaseModel:
    """Submit, publish, return, withdraw or reopen."""
    row = await _locked(session, principal, kind, record_id, if_match)
    target = check_transition(
        principal,
        status=Status(row["status"]),
        action=step.action,
        country=_scope(principal, kind.countries(row)),
        comment=step.comment,
    )
    before = snapshot(to_feature(kind, row, base))
    await repository.change(session, kind.table, record_id, {"status": target.value}, kind.noun)
    feature = await _feature(session, kind, record_id, base)
    await _log(
        session, principal, kind, feature, action=step.action.value, before=before,
        comment=step.comment,
    )  # fmt: skip
    return feature


async def delete(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    record_id: int,
    *,
    if_match: str | None,
    base: str,
) -> None:
    """Delete (editors; contributors their own drafts). Versions and audit entries stay."""
    row = await _locked(session, principal, kind, record_id, if_match)
    check_edit(
        principal, status=Status(row["status"]), country=_scope(principal, kind.countries(row))
    )
    if kind is ROUTES:
        statistics, points = await repository.route_dependents(session, record_id)
        if statistics or points:
            raise Conflict(
                f"{statistics} monthly statistics and {points} crossing points refer to this "
                "route: withdraw it instead, or move the crossing points first."
            )
    before = snapshot(to_feature(kind, row, base))
    await repository.remove(session, kind.table, record_id, kind.noun)
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action="delete",
        record_type=kind.record_type,
        record_id=str(record_id),
        version=0,
        status=None,
        before=before,
        after=None,
    )


async def ensure_visible(
    session: AsyncSession, principal: Principal, kind: Kind, record_id: int
) -> None:
    """404 unless the caller may see the record (for its history routes)."""
    row = await repository.read_visible(session, kind.table, record_id, kind.visible(principal))
    if row is None:
        raise kind.not_found(record_id)

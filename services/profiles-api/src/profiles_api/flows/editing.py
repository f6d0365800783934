"""Flow writes: create, update, delete under roles, country scopes (either end) and If-Match.

Checks run before anything is written: the caller (401/403), the record (404), its ETag
(428/412), the scope (403), the content (422: unknown or country indicator, countries outside
the register, the same country at both ends, unknown dataset, a negative stock), the key (409).
"""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from imap_kit.errors import Conflict
from imap_kit.etag import check_if_match
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.editing import (
    check_scope,
    check_statistics_writer,
    delete_record,
    log_record,
    raise_collected,
    write_unique,
)
from profiles_api.flows.exceptions import FlowNotFound
from profiles_api.flows.models import BilateralObservation as Flow
from profiles_api.flows.repository import FlowRepository
from profiles_api.flows.schemas import FlowWrite
from profiles_api.indicators.repository import IndicatorRepository
from profiles_api.indicators.validation import Error, value_errors

RECORD = "flow"
FIELDS = (
    "id",
    "indicator_code",
    "origin_iso3",
    "destination_iso3",
    "period",
    "year",
    "value",
    "flags",
    "note",
    "source_dataset",
)


def snapshot(flow: Flow) -> dict[str, Any]:
    """The flow as versions and the audit log keep it."""
    return {name: getattr(flow, name) for name in FIELDS}


def _content(data: FlowWrite) -> dict[str, Any]:
    return data.model_dump(exclude={"comment"}) | {"year": int(data.period[:4])}


async def _validate(
    session: AsyncSession, data: FlowWrite, *, own_id: int | None
) -> dict[str, Any]:
    indicator = await IndicatorRepository(session).entry(data.indicator_code)
    errors: list[Error] = []
    if indicator is None:
        reason = "unknown indicator: not in the catalogue"
        errors.append(("body.indicator_code", reason, data.indicator_code))
    elif indicator.kind != "bilateral":
        reason = f"{indicator.code} is a country indicator: enter it as an observation"
        errors.append(("body.indicator_code", reason, indicator.code))
    else:
        errors += await value_errors(
            session,
            indicator,
            countries={"origin_iso3": data.origin_iso3, "destination_iso3": data.destination_iso3},
            dataset=data.source_dataset,
            value=data.value,
        )
    if data.origin_iso3 == data.destination_iso3:
        reason = "the same country as the origin"
        errors.append(("body.destination_iso3", reason, data.destination_iso3))
    raise_collected(errors)
    content = _content(data)
    other = await FlowRepository(session).key_holder(content)
    if other is not None and other != own_id:
        raise Conflict(_duplicate(data, other))
    return content


def _duplicate(data: FlowWrite, other: int | None = None) -> str:
    where = f" (flow {other}; change it with PUT /v1/flows/{other})" if other else ""
    return (
        f"{data.indicator_code} already has a value for {data.origin_iso3} -> "
        f"{data.destination_iso3} in {data.period} from {data.source_dataset}{where}."
    )


async def create_flow(session: AsyncSession, principal: Principal, data: FlowWrite) -> Flow:
    """A new bilateral value (editors; contributors for a corridor touching their countries)."""
    check_statistics_writer(principal)
    check_scope(principal, [data.origin_iso3, data.destination_iso3], "flows")
    content = await _validate(session, data, own_id=None)
    flow = Flow(**content, row_version=1)
    await write_unique(session, lambda: session.add(flow), _duplicate(data))
    await _log(session, principal, flow, "create", None, data.comment)
    return flow


async def _locked(
    session: AsyncSession, principal: Principal, flow_id: int, if_match: str | None
) -> Flow:
    check_statistics_writer(principal)
    flow = await FlowRepository(session).get(flow_id, for_update=True)
    if flow is None:
        raise FlowNotFound(flow_id)
    check_if_match(if_match, flow.row_version)
    check_scope(principal, [flow.origin_iso3, flow.destination_iso3], "flows")
    return flow


async def update_flow(
    session: AsyncSession,
    principal: Principal,
    flow_id: int,
    data: FlowWrite,
    *,
    if_match: str | None,
) -> Flow:
    """Replace a flow's content; 412 on a stale ETag."""
    flow = await _locked(session, principal, flow_id, if_match)
    check_scope(principal, [data.origin_iso3, data.destination_iso3], "flows")
    content = await _validate(session, data, own_id=flow.id)
    before = snapshot(flow)

    def change() -> None:
        for name, value in content.items():
            setattr(flow, name, value)
        flow.row_version += 1

    await write_unique(session, change, _duplicate(data))
    await _log(session, principal, flow, "update", before, data.comment)
    return flow


async def delete_flow(
    session: AsyncSession, principal: Principal, flow_id: int, *, if_match: str | None
) -> None:
    """Remove a flow. Its versions and audit entries stay."""
    flow = await _locked(session, principal, flow_id, if_match)
    await delete_record(session, principal, RECORD, flow, snapshot(flow))


async def _log(
    session: AsyncSession,
    principal: Principal,
    flow: Flow,
    action: str,
    before: dict[str, Any] | None,
    comment: str | None,
) -> None:
    await log_record(
        session,
        principal,
        RECORD,
        flow,
        action,
        before=before,
        after=snapshot(flow),
        comment=comment,
    )

"""Catalogue and observation writes: create, update, delete under roles, scopes and If-Match.

Every write checks the caller first (401/403), then the record (404), its ETag (428/412), the
country scope (403) and the content (422), all before anything is written; a duplicate key is a
409. It bumps the row version, keeps a version snapshot and appends to the audit log.
"""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from imap_kit.errors import Conflict
from imap_kit.etag import check_if_match
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.editing import (
    check_editor,
    check_scope,
    check_statistics_writer,
    delete_record,
    invalid,
    log_record,
    log_write,
    raise_collected,
    write_unique,
)
from profiles_api.indicators.exceptions import IndicatorNotFound, ObservationNotFound
from profiles_api.indicators.models import Indicator, Observation
from profiles_api.indicators.observation_schemas import ObservationWrite
from profiles_api.indicators.repository import IndicatorRepository, ObservationRepository
from profiles_api.indicators.schemas import IndicatorCreate
from profiles_api.indicators.service import indicator_of_kind
from profiles_api.indicators.validation import value_errors

INDICATOR = "indicator"
OBSERVATION = "observation"
NULLABLE = {"definition_ru"}
OBSERVATION_FIELDS = (
    "id",
    "indicator_code",
    "country_iso3",
    "period",
    "year",
    "value",
    "flags",
    "note",
    "source_dataset",
)


def indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    """The catalogue entry as versions and the audit log keep it."""
    columns = Indicator.__table__.columns
    return {c.key: getattr(indicator, c.key) for c in columns if c.key != "row_version"}


def observation_snapshot(observation: Observation) -> dict[str, Any]:
    """The observation as versions and the audit log keep it."""
    return {name: getattr(observation, name) for name in OBSERVATION_FIELDS}


async def create_indicator(
    session: AsyncSession, principal: Principal, data: IndicatorCreate
) -> Indicator:
    """A new catalogue entry (editors); 409 when the code is taken."""
    check_editor(principal)
    indicator = Indicator(**data.model_dump(exclude={"comment"}), row_version=1)
    await write_unique(
        session,
        lambda: session.add(indicator),
        f"The catalogue already has an indicator with code '{data.code}'.",
    )
    await log_write(
        session,
        principal,
        action="create",
        record_type=INDICATOR,
        record_id=indicator.code,
        version=1,
        before=None,
        after=indicator_snapshot(indicator),
        comment=data.comment,
    )
    return indicator


async def _locked_indicator(
    session: AsyncSession, principal: Principal, code: str, if_match: str | None
) -> Indicator:
    check_editor(principal)
    indicator = await IndicatorRepository(session).entry(code, for_update=True)
    if indicator is None:
        raise IndicatorNotFound(code)
    check_if_match(if_match, indicator.row_version)
    return indicator


async def _check_change(
    repo: IndicatorRepository, indicator: Indicator, changes: dict[str, Any]
) -> None:
    nulls = [k for k, v in changes.items() if v is None and k not in NULLABLE]
    if nulls:
        raise invalid(*((f"body.{k}", "may not be null", None) for k in nulls))
    kind = changes.get("kind", indicator.kind)
    if kind != indicator.kind and sum(await repo.value_counts(indicator.code)):
        raise Conflict(
            f"{indicator.code} holds values; its kind cannot change from {indicator.kind} "
            f"to {kind} while they exist."
        )
    if changes.get("non_negative") and not indicator.non_negative:
        if await repo.has_negative(indicator.code):
            raise Conflict(f"{indicator.code} holds negative values; correct them first.")


async def update_indicator(
    session: AsyncSession,
    principal: Principal,
    code: str,
    changes: dict[str, Any],
    *,
    comment: str | None,
    if_match: str | None,
) -> Indicator:
    """Change a catalogue entry (PUT: every field, PATCH: some); 412 on a stale ETag."""
    indicator = await _locked_indicator(session, principal, code, if_match)
    await _check_change(IndicatorRepository(session), indicator, changes)
    before = indicator_snapshot(indicator)
    for name, value in changes.items():
        setattr(indicator, name, value)
    indicator.row_version += 1
    await session.flush()
    await log_write(
        session,
        principal,
        action="update",
        record_type=INDICATOR,
        record_id=indicator.code,
        version=indicator.row_version,
        before=before,
        after=indicator_snapshot(indicator),
        comment=comment,
    )
    return indicator


async def delete_indicator(
    session: AsyncSession, principal: Principal, code: str, *, if_match: str | None
) -> None:
    """Remove a catalogue entry (editors); 409 while it holds any value."""
    indicator = await _locked_indicator(session, principal, code, if_match)
    repo = IndicatorRepository(session)
    single, pairs = await repo.value_counts(code)
    if single or pairs:
        raise Conflict(
            f"{code} holds {single} country value(s) and {pairs} bilateral value(s); "
            "delete them first."
        )
    before = indicator_snapshot(indicator)
    await repo.remove(indicator)
    await log_write(
        session,
        principal,
        action="delete",
        record_type=INDICATOR,
        record_id=code,
        version=0,
        before=before,
        after=None,
    )


async def _check_observation(
    session: AsyncSession, indicator: Indicator, data: ObservationWrite, *, own_id: int | None
) -> None:
    """422 for unknown codes or a negative stock; 409 when another record has the key."""
    errors = await value_errors(
        session,
        indicator,
        countries={"country_iso3": data.country_iso3},
        dataset=data.source_dataset,
        value=data.value,
    )
    raise_collected(errors)
    other = await session.scalar(
        select(Observation.id).where(
            Observation.indicator_code == indicator.code,
            Observation.country_iso3 == data.country_iso3,
            Observation.period == data.period,
            Observation.source_dataset == data.source_dataset,
        )
    )
    if other is not None and other != own_id:
        raise Conflict(_duplicate(indicator.code, data, other))


def _duplicate(code: str, data: ObservationWrite, other: int | None = None) -> str:
    where = f" (observation {other}; change it with PUT /v1/observations/{other})" if other else ""
    return (
        f"{code} already has a value for {data.country_iso3} in {data.period} from "
        f"{data.source_dataset}{where}."
    )


def _content(data: ObservationWrite) -> dict[str, Any]:
    return data.model_dump(exclude={"comment"}) | {"year": int(data.period[:4])}


async def create_observation(
    session: AsyncSession, principal: Principal, code: str, data: ObservationWrite
) -> Observation:
    """A new value of a country indicator (editors; contributors for their countries)."""
    check_statistics_writer(principal)
    indicator = await indicator_of_kind(session, code, "country")
    check_scope(principal, [data.country_iso3], "observations")
    await _check_observation(session, indicator, data, own_id=None)
    observation = Observation(indicator_code=code, **_content(data), row_version=1)
    await write_unique(session, lambda: session.add(observation), _duplicate(code, data))
    await _log_observation(session, principal, observation, "create", None, data.comment)
    return observation


async def _locked_observation(
    session: AsyncSession, principal: Principal, observation_id: int, if_match: str | None
) -> Observation:
    check_statistics_writer(principal)
    observation = await ObservationRepository(session).get(observation_id, for_update=True)
    if observation is None:
        raise ObservationNotFound(observation_id)
    check_if_match(if_match, observation.row_version)
    check_scope(principal, [observation.country_iso3], "observations")
    return observation


async def update_observation(
    session: AsyncSession,
    principal: Principal,
    observation_id: int,
    data: ObservationWrite,
    *,
    if_match: str | None,
) -> Observation:
    """Replace a value's content (its indicator stays); 412 on a stale ETag."""
    observation = await _locked_observation(session, principal, observation_id, if_match)
    check_scope(principal, [data.country_iso3], "observations")
    indicator = await indicator_of_kind(session, observation.indicator_code, "country")
    await _check_observation(session, indicator, data, own_id=observation.id)
    before = observation_snapshot(observation)

    def change() -> None:
        for name, value in _content(data).items():
            setattr(observation, name, value)
        observation.row_version += 1

    await write_unique(session, change, _duplicate(indicator.code, data))
    await _log_observation(session, principal, observation, "update", before, data.comment)
    return observation


async def delete_observation(
    session: AsyncSession, principal: Principal, observation_id: int, *, if_match: str | None
) -> None:
    """Remove a value (editors; contributors for their countries). Its history stays."""
    observation = await _locked_observation(session, principal, observation_id, if_match)
    await delete_record(
        session, principal, OBSERVATION, observation, observation_snapshot(observation)
    )


async def _log_observation(
    session: AsyncSession,
    principal: Principal,
    observation: Observation,
    action: str,
    before: dict[str, Any] | None,
    comment: str | None,
) -> None:
    await log_record(
        session,
        principal,
        OBSERVATION,
        observation,
        action,
        before=before,
        after=observation_snapshot(observation),
        comment=comment,
    )

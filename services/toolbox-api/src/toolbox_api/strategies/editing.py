"""Strategy writes under the editorial workflow: the country's contributors (and scoped partners)
draft and submit it, editors publish. The whole strategy is written at once.

Versions are kept under the country code, so a strategy deleted and written again continues its
numbering (and its history) instead of starting over.
"""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import Status, check_edit, check_transition, check_writer
from imap_kit.errors import Conflict, FieldError
from imap_kit.etag import check_if_match
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.codes import country_error, duplicate_errors, raise_if, theme_errors
from toolbox_api.common.schemas import TransitionRequest
from toolbox_api.common.workflow import WRITE_SCOPE, can_see, check_create, last_version, log_write
from toolbox_api.practices.models import Practice
from toolbox_api.practices.repository import PracticeRepository
from toolbox_api.strategies.exceptions import StrategyNotFound
from toolbox_api.strategies.models import Strategy
from toolbox_api.strategies.repository import StrategyRepository
from toolbox_api.strategies.schemas import StrategyWrite
from toolbox_api.strategies.service import snapshot

RECORD = "strategy"


async def _checked(
    session: AsyncSession, principal: Principal, data: StrategyWrite
) -> dict[str, Practice]:
    """The linked practices by slug, or 422 naming every bad field."""
    errors = []
    if err := country_error(data.country, "body.country"):
        errors.append(err)
    if not data.demonstration and not data.sources:
        errors.append(
            FieldError(field="body.sources", reason="an official strategy must cite its source")
        )
    ranks = sorted(p.rank for p in data.priorities)
    if ranks != list(range(1, len(ranks) + 1)):
        errors.append(
            FieldError(
                field="body.priorities",
                reason="ranks must run 1..n without gaps or repeats",
                value=",".join(map(str, ranks)),
            )
        )
    themes = [(f"body.priorities.{i}.theme", p.theme) for i, p in enumerate(data.priorities)]
    themes += [(f"body.objectives.{i}.theme", o.theme) for i, o in enumerate(data.objectives)]
    errors += duplicate_errors([o.code for o in data.objectives], "body.objectives")
    errors += duplicate_errors([r.code for r in data.recommendations], "body.recommendations")
    objectives = {o.code for o in data.objectives}
    slugs = sorted({s for r in data.recommendations for s in r.practices})
    found = await PracticeRepository(session).by_slug(slugs)
    practices = {
        slug: p
        for slug, p in found.items()
        if can_see(principal, status=p.status, access=p.access, country=p.owner_country)
    }
    for i, r in enumerate(data.recommendations):
        where = f"body.recommendations.{i}"
        if r.objective not in objectives:
            errors.append(
                FieldError(
                    field=f"{where}.objective",
                    reason="no objective with this code in the strategy",
                    value=r.objective,
                )
            )
        themes += [(f"{where}.themes.{k}", t) for k, t in enumerate(r.themes)]
        errors += duplicate_errors(list(r.themes), f"{where}.themes")
        errors += duplicate_errors(list(r.practices), f"{where}.practices")
        errors += [
            FieldError(field=f"{where}.practices.{k}", reason="no such practice", value=slug)
            for k, slug in enumerate(r.practices)
            if slug not in practices
        ]
    unknown = {e.value for e in await theme_errors(session, [t for _, t in themes], "body")}
    errors += [
        FieldError(field=field, reason="unknown theme (see GET /v1/themes)", value=code)
        for field, code in themes
        if code in unknown
    ]
    raise_if(errors)
    return practices


def content(data: StrategyWrite) -> dict[str, object]:
    """The strategy's own columns from a write body."""
    out = data.model_dump(
        include={
            "title_en",
            "title_ru",
            "summary_en",
            "summary_ru",
            "demonstration",
            "adopted_year",
            "access",
        }
    )
    out["country_iso3"] = data.country
    out["sources"] = [s.stored() for s in data.sources]
    return out


async def _locked(session: AsyncSession, principal: Principal, iso3: str) -> Strategy:
    check_writer(principal, WRITE_SCOPE)
    strategy = await StrategyRepository(session).get_for_update(iso3.upper(), principal)
    if strategy is None:
        raise StrategyNotFound(iso3.upper())
    return strategy


async def _log(
    session: AsyncSession,
    principal: Principal,
    strategy: Strategy,
    *,
    action: str,
    before: dict[str, object] | None,
    comment: str | None = None,
) -> None:
    await log_write(
        session,
        principal,
        record_type=RECORD,
        record_id=strategy.country_iso3,
        version=strategy.row_version,
        status=strategy.status,
        action=action,
        before=before,
        after=snapshot(strategy),
        comment=comment,
    )


async def create_strategy(
    session: AsyncSession,
    principal: Principal,
    data: StrategyWrite,
    *,
    status: Status = Status.draft,
    comment: str | None = None,
) -> Strategy:
    """A new draft strategy for a country that has none (409 otherwise)."""
    check_create(principal, data.country)
    practices = await _checked(session, principal, data)
    repo = StrategyRepository(session)
    if await repo.exists(data.country):
        raise Conflict(f"{data.country} already has a strategy; edit it instead.")
    version = await last_version(session, RECORD, data.country) + 1
    strategy = await repo.add(
        Strategy(
            **content(data),
            status=status,
            row_version=version,
            priorities=[],
            objectives=[],
            recommendations=[],
        )
    )
    await repo.fill(strategy, data, practices)
    await _log(session, principal, strategy, action="create", before=None, comment=comment)
    return strategy


async def apply_update(
    session: AsyncSession,
    principal: Principal,
    strategy: Strategy,
    data: StrategyWrite,
    *,
    comment: str | None = None,
) -> Strategy:
    """Replace a (locked, permitted) strategy's content, keeping a version."""
    practices = await _checked(session, principal, data)
    before = snapshot(strategy)
    for key, value in content(data).items():
        setattr(strategy, key, value)
    strategy.row_version += 1
    await StrategyRepository(session).fill(strategy, data, practices)
    await _log(session, principal, strategy, action="update", before=before, comment=comment)
    return strategy


async def update_strategy(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    data: StrategyWrite,
    *,
    if_match: str | None,
) -> Strategy:
    """Replace the whole strategy; 412 when it changed since the caller read it."""
    strategy = await _locked(session, principal, iso3)
    check_if_match(if_match, strategy.row_version)
    check_edit(principal, status=Status(strategy.status), country=strategy.country_iso3)
    if data.country != strategy.country_iso3:
        raise_if(
            [
                FieldError(
                    field="body.country",
                    reason=f"must be {strategy.country_iso3}, the strategy's country",
                    value=data.country,
                )
            ]
        )
    return await apply_update(session, principal, strategy, data)


async def transition_strategy(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    step: TransitionRequest,
    *,
    if_match: str | None,
) -> Strategy:
    """Submit, publish, return, withdraw or reopen."""
    strategy = await _locked(session, principal, iso3)
    check_if_match(if_match, strategy.row_version)
    target = check_transition(
        principal,
        status=Status(strategy.status),
        action=step.action,
        country=strategy.country_iso3,
        comment=step.comment,
    )
    before = snapshot(strategy)
    strategy.status = target
    strategy.row_version += 1
    await session.flush()
    await _log(
        session,
        principal,
        strategy,
        action=step.action.value,
        before=before,
        comment=step.comment,
    )
    return strategy


async def delete_strategy(
    session: AsyncSession, principal: Principal, iso3: str, *, if_match: str | None
) -> None:
    """Delete (editors; contributors their own drafts). Versions and audit stay."""
    strategy = await _locked(session, principal, iso3)
    check_if_match(if_match, strategy.row_version)
    check_edit(principal, status=Status(strategy.status), country=strategy.country_iso3)
    before = snapshot(strategy)
    country, version = strategy.country_iso3, strategy.row_version
    await StrategyRepository(session).remove(strategy)
    await log_write(
        session,
        principal,
        record_type=RECORD,
        record_id=country,
        version=version,
        status=None,
        action="delete",
        before=before,
        after=None,
    )

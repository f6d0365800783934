"""Strategy reads: the country's strategy page (objectives -> recommendations -> practices),
lists, and snapshots in the shape they are written."""

from __future__ import annotations

from imap_kit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.text import rendered
from toolbox_api.common.workflow import can_see
from toolbox_api.strategies.exceptions import StrategyNotFound
from toolbox_api.strategies.models import Recommendation, Strategy
from toolbox_api.strategies.repository import StrategyRepository
from toolbox_api.strategies.schemas import (
    NoteRead,
    ObjectiveRead,
    PracticeSummary,
    PriorityRead,
    RecommendationRead,
    StrategyRead,
    StrategySummary,
)

HEAD = (
    "id",
    "title_en",
    "title_ru",
    "demonstration",
    "adopted_year",
    "access",
    "status",
    "updated_at",
)


def _recommendation(
    rec: Recommendation, objective: str, principal: Principal
) -> RecommendationRead:
    return RecommendationRead(
        code=rec.code,
        objective=objective,
        themes=[t.theme_code for t in rec.themes],
        practices=[
            PracticeSummary(
                id=link.practice.id,
                slug=link.practice.slug,
                title_en=link.practice.title_en,
                title_ru=link.practice.title_ru,
                evidence=link.practice.evidence,  # type: ignore[arg-type]
                countries=[c.country_iso3 for c in link.practice.countries],
            )
            for link in rec.practices
            if can_see(
                principal,
                status=link.practice.status,
                access=link.practice.access,
                country=link.practice.owner_country,
            )
        ],
        text_en=rec.text_en,
        text_ru=rec.text_ru,
        target_date=rec.target_date,
        status=rec.status,  # type: ignore[arg-type]
        notes=[
            NoteRead.model_validate(
                {"date": n.noted_on, "text_en": n.text_en, "text_ru": n.text_ru}
            )
            for n in rec.notes
        ],
    )


def to_read(strategy: Strategy, principal: Principal) -> StrategyRead:
    """The strategy page: objectives in order, each with its recommendations and practices."""
    codes = {o.id: o.code for o in strategy.objectives}
    by_objective: dict[int, list[RecommendationRead]] = {o.id: [] for o in strategy.objectives}
    for rec in strategy.recommendations:
        by_objective[rec.objective_id].append(
            _recommendation(rec, codes[rec.objective_id], principal)
        )
    return StrategyRead(
        **{name: getattr(strategy, name) for name in HEAD},
        country=strategy.country_iso3,
        summary_en=strategy.summary_en,
        summary_ru=strategy.summary_ru,
        sources=strategy.sources,  # type: ignore[arg-type]
        priorities=[
            PriorityRead(rank=p.rank, theme=p.theme_code, text_en=p.text_en, text_ru=p.text_ru)
            for p in sorted(strategy.priorities, key=lambda p: p.rank)
        ],
        objectives=[
            ObjectiveRead(
                code=o.code,
                theme=o.theme_code,
                text_en=o.text_en,
                text_ru=o.text_ru,
                recommendations=by_objective[o.id],
            )
            for o in strategy.objectives
        ],
        version=strategy.row_version,
        html=rendered({"summary_en": strategy.summary_en, "summary_ru": strategy.summary_ru}),
    )


def to_summary(strategy: Strategy) -> StrategySummary:
    """The strategy in a list."""
    return StrategySummary(
        **{name: getattr(strategy, name) for name in HEAD},
        country=strategy.country_iso3,
        objectives=len(strategy.objectives),
        recommendations=len(strategy.recommendations),
        version=strategy.row_version,
    )


def snapshot(strategy: Strategy) -> dict[str, object]:
    """The strategy as written (practices by slug, every one), for versions and the audit log."""
    codes = {o.id: o.code for o in strategy.objectives}
    return {
        "country": strategy.country_iso3,
        "title_en": strategy.title_en,
        "title_ru": strategy.title_ru,
        "summary_en": strategy.summary_en,
        "summary_ru": strategy.summary_ru,
        "demonstration": strategy.demonstration,
        "adopted_year": strategy.adopted_year,
        "sources": strategy.sources,
        "priorities": [
            {"rank": p.rank, "theme": p.theme_code, "text_en": p.text_en, "text_ru": p.text_ru}
            for p in sorted(strategy.priorities, key=lambda p: p.rank)
        ],
        "objectives": [
            {"code": o.code, "theme": o.theme_code, "text_en": o.text_en, "text_ru": o.text_ru}
            for o in strategy.objectives
        ],
        "recommendations": [
            {
                "code": r.code,
                "objective": codes[r.objective_id],
                "themes": [t.theme_code for t in r.themes],
                "practices": [link.practice.slug for link in r.practices],
                "text_en": r.text_en,
                "text_ru": r.text_ru,
                "target_date": r.target_date.isoformat() if r.target_date else None,
                "status": r.status,
                "notes": [
                    {"date": n.noted_on.isoformat(), "text_en": n.text_en, "text_ru": n.text_ru}
                    for n in r.notes
                ],
            }
            for r in strategy.recommendations
        ],
        "access": strategy.access,
        "status": strategy.status,
    }


async def get_strategy(session: AsyncSession, principal: Principal, iso3: str) -> Strategy:
    """The country's strategy if the caller may see it, else StrategyNotFound."""
    strategy = await StrategyRepository(session).get(iso3.upper(), principal)
    if strategy is None:
        raise StrategyNotFound(iso3.upper())
    return strategy


async def ensure_visible(session: AsyncSession, principal: Principal, iso3: str) -> None:
    """404 unless the caller may see the strategy (for its history routes)."""
    await get_strategy(session, principal, iso3)


async def list_strategies(
    session: AsyncSession,
    principal: Principal,
    *,
    countries: list[str],
    demonstration: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[StrategySummary], int]:
    """Strategies the caller may see, by country code."""
    rows, total = await StrategyRepository(session).find(
        principal,
        countries=[c.upper() for c in countries],
        demonstration=demonstration,
        limit=limit,
        offset=offset,
    )
    return [to_summary(r) for r in rows], total

"""Strategy queries and writes (never commits; the request session does)."""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.practices.models import Practice
from toolbox_api.strategies.models import (
    Recommendation,
    RecommendationNote,
    RecommendationPractice,
    RecommendationTheme,
    Strategy,
    StrategyObjective,
    StrategyPriority,
)
from toolbox_api.strategies.schemas import StrategyWrite


def visible_strategies(principal: Principal) -> ColumnElement[bool]:
    """SQL condition: the strategies this caller may see."""
    return visible(
        principal, status=Strategy.status, access=Strategy.access, country=Strategy.country_iso3
    )


class StrategyRepository:
    """Reads and writes strategies with their priorities, objectives and recommendations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, iso3: str, principal: Principal) -> Strategy | None:
        query = select(Strategy).where(Strategy.country_iso3 == iso3, visible_strategies(principal))
        return await self.session.scalar(query)

    async def get_for_update(self, iso3: str, principal: Principal) -> Strategy | None:
        query = (
            select(Strategy)
            .where(Strategy.country_iso3 == iso3, visible_strategies(principal))
            .with_for_update(of=Strategy)
        )
        return await self.session.scalar(query)

    async def exists(self, iso3: str) -> bool:
        return (
            await self.session.scalar(select(Strategy.id).where(Strategy.country_iso3 == iso3))
            is not None
        )

    async def find(
        self,
        principal: Principal,
        *,
        countries: list[str],
        demonstration: bool | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Strategy], int]:
        """Matching strategies by country code."""
        query = select(Strategy).where(visible_strategies(principal))
        if countries:
            query = query.where(Strategy.country_iso3.in_(countries))
        if demonstration is not None:
            query = query.where(Strategy.demonstration.is_(demonstration))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Strategy.country_iso3).limit(limit).offset(offset)
        )
        return list(rows), total or 0

    async def add(self, strategy: Strategy) -> Strategy:
        self.session.add(strategy)
        await self.session.flush()
        return strategy

    async def fill(
        self, strategy: Strategy, data: StrategyWrite, practices: dict[str, Practice]
    ) -> None:
        """Replace the priorities, objectives and recommendations (old ones deleted first, so
        codes and ranks may be reused)."""
        strategy.recommendations = []
        await self.session.flush()  # before their objectives, which the database cascades to
        strategy.objectives = []
        strategy.priorities = []
        await self.session.flush()
        strategy.priorities = [
            StrategyPriority(rank=p.rank, theme_code=p.theme, text_en=p.text_en, text_ru=p.text_ru)
            for p in data.priorities
        ]
        strategy.objectives = [
            StrategyObjective(
                code=o.code, theme_code=o.theme, text_en=o.text_en, text_ru=o.text_ru, position=n
            )
            for n, o in enumerate(data.objectives)
        ]
        await self.session.flush()
        objective_ids = {o.code: o.id for o in strategy.objectives}
        strategy.recommendations = [
            Recommendation(
                code=r.code,
                objective_id=objective_ids[r.objective],
                text_en=r.text_en,
                text_ru=r.text_ru,
                target_date=r.target_date,
                status=r.status,
                position=n,
                themes=[RecommendationTheme(theme_code=t) for t in r.themes],
                practices=[
                    RecommendationPractice(practice=practices[slug], position=k)
                    for k, slug in enumerate(r.practices)
                ],
                notes=[
                    RecommendationNote(
                        noted_on=note.noted_on, text_en=note.text_en, text_ru=note.text_ru
                    )
                    for note in r.notes
                ],
            )
            for n, r in enumerate(data.recommendations)
        ]
        await self.session.flush()

    async def remove(self, strategy: Strategy) -> None:
        """Delete the strategy; the database cascades to everything under it."""
        self.session.expunge(strategy)
        await self.session.execute(delete(Strategy).where(Strategy.id == strategy.id))

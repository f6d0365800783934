"""Queries of the transfer recommendations: candidate practices, corridors, objectives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import Boolean, Float, String, cast, func, not_, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.initiatives.models import InitiativeCorridor
from toolbox_api.practices.models import PracticeCorridor
from toolbox_api.search.models import SearchDocument
from toolbox_api.search.repository import config
from toolbox_api.strategies.models import (
    Recommendation,
    RecommendationPractice,
    Strategy,
    StrategyObjective,
)

D = SearchDocument.__table__


@dataclass(frozen=True)
class Candidate:
    """A practice that may transfer, with its word overlap with the target text."""

    id: int
    slug: str
    title_en: str
    title_ru: str
    evidence: str
    countries: list[str]
    themes: list[str]
    overlap: float


def _lexemes(lang: str, text_value: str) -> Any:
    return func.tsvector_to_array(func.to_tsvector(config(lang), text_value))


def _cosine(vector: Any, lexemes: Any) -> Any:
    """Cosine of two word sets: |a ∩ b| / sqrt(|a| |b|) (0 when either is empty)."""
    mine = func.tsvector_to_array(vector)
    word = func.unnest(lexemes).table_valued("lexeme").render_derived(name="word")
    common = (
        select(func.count())
        .select_from(word)
        .where(word.c.lexeme == func.any(mine))
        .correlate(D)
        .scalar_subquery()
    )
    size = func.greatest(func.cardinality(mine) * func.cardinality(lexemes), 1)
    return cast(common, Float) / func.sqrt(size)


class RecommendationRepository:
    """Reads what the recommendations are made of (never writes)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def candidates(
        self, principal: Principal, *, country: str, theme: str, text_en: str, text_ru: str
    ) -> list[Candidate]:
        """Visible practices of `theme` not applied in `country`, with their word overlap."""
        overlap = (
            _cosine(D.c.search_en, _lexemes("en", text_en))
            + _cosine(D.c.search_ru, _lexemes("ru", text_ru))
        ) / 2
        query = select(
            D.c.record_id,
            D.c.slug,
            D.c.title_en,
            D.c.title_ru,
            D.c.evidence,
            D.c.countries,
            D.c.themes,
            overlap.label("overlap"),
        ).where(
            D.c.record_type == "practice",
            visible(principal, status=D.c.status, access=D.c.access, country=D.c.owner_country),
            D.c.themes.op("&&", return_type=Boolean)(cast([theme], ARRAY(String))),
            not_(D.c.countries.op("&&", return_type=Boolean)(cast([country], ARRAY(String)))),
        )
        rows = (await self.session.execute(query)).all()
        return [
            Candidate(r[0], r[1], r[2], r[3], r[4], list(r[5]), list(r[6]), float(r[7] or 0))
            for r in rows
        ]

    async def practice_corridors(self, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """Each practice's corridors (origin, destination)."""
        out: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
        rows = await self.session.execute(
            select(
                PracticeCorridor.practice_id,
                PracticeCorridor.origin_iso3,
                PracticeCorridor.destination_iso3,
            )
            .where(PracticeCorridor.practice_id.in_(ids))
            .order_by(PracticeCorridor.practice_id, PracticeCorridor.position)
        )
        for pid, origin, destination in rows.all():
            out[pid].append((origin, destination))
        return out

    async def corridors_of(self, country: str) -> list[tuple[str, str]]:
        """Every corridor of the toolbox with `country` at one end."""
        parts = [
            select(t.origin_iso3, t.destination_iso3).where(
                (t.origin_iso3 == country) | (t.destination_iso3 == country)
            )
            for t in (InitiativeCorridor, PracticeCorridor)
        ]
        return [(o, d) for o, d in (await self.session.execute(union_all(*parts))).all()]

    async def objective(
        self, principal: Principal, code: str
    ) -> tuple[StrategyObjective, str] | None:
        """A strategy objective the caller may see, by its code (`UZB-O1`), with its country."""
        row = (
            await self.session.execute(
                select(StrategyObjective, Strategy.country_iso3)
                .join(Strategy, Strategy.id == StrategyObjective.strategy_id)
                .where(
                    StrategyObjective.code == code,
                    visible(
                        principal,
                        status=Strategy.status,
                        access=Strategy.access,
                        country=Strategy.country_iso3,
                    ),
                )
                .limit(1)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def named_by(self, objective_id: int) -> dict[int, list[str]]:
        """Practice id -> the strategy recommendations under the objective that name it."""
        rows = await self.session.execute(
            select(RecommendationPractice.practice_id, Recommendation.code)
            .join(Recommendation, Recommendation.id == RecommendationPractice.recommendation_id)
            .where(Recommendation.objective_id == objective_id)
            .order_by(Recommendation.position)
        )
        out: dict[int, list[str]] = {}
        for practice_id, code in rows.all():
            out.setdefault(practice_id, []).append(code)
        return out

"""Practice queries and writes (never commits; the request session does)."""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import ColumnElement, case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.practices.models import (
    Practice,
    PracticeCorridor,
    PracticeCountry,
    PracticeInitiative,
    PracticeRoute,
    PracticeTheme,
)
from toolbox_api.practices.schemas import PracticeWrite
from toolbox_api.strategies.models import Recommendation, RecommendationPractice, Strategy


def visible_practices(principal: Principal) -> ColumnElement[bool]:
    """SQL condition: the practices this caller may see."""
    return visible(
        principal, status=Practice.status, access=Practice.access, country=Practice.owner_country
    )


EVIDENCE_ORDER = case(
    {"evaluated": 1, "reported": 2, "described": 3}, value=Practice.evidence, else_=4
)


class PracticeRepository:
    """Reads and writes practices with their links."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, practice_id: int, principal: Principal) -> Practice | None:
        query = select(Practice).where(Practice.id == practice_id, visible_practices(principal))
        return await self.session.scalar(query)

    async def get_for_update(self, practice_id: int, principal: Principal) -> Practice | None:
        query = (
            select(Practice)
            .where(Practice.id == practice_id, visible_practices(principal))
            .with_for_update(of=Practice)
        )
        return await self.session.scalar(query)

    async def find(
        self,
        principal: Principal,
        *,
        countries: list[str],
        themes: list[str],
        evidence: list[str],
        initiative_id: int | None,
        routes: list[str],
        limit: int,
        offset: int,
    ) -> tuple[list[Practice], int]:
        """Matching practices, strongest evidence first, then by title."""
        query = select(Practice).where(visible_practices(principal))
        links = (
            (countries, PracticeCountry.practice_id, PracticeCountry.country_iso3),
            (themes, PracticeTheme.practice_id, PracticeTheme.theme_code),
            (routes, PracticeRoute.practice_id, PracticeRoute.route_slug),
        )
        for wanted, practice_id, column in links:
            if wanted:
                query = query.where(Practice.id.in_(select(practice_id).where(column.in_(wanted))))
        if initiative_id is not None:
            query = query.where(
                Practice.id.in_(
                    select(PracticeInitiative.practice_id).where(
                        PracticeInitiative.initiative_id == initiative_id
                    )
                )
            )
        if evidence:
            query = query.where(Practice.evidence.in_(evidence))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(EVIDENCE_ORDER, Practice.title_en, Practice.id)
        rows = await self.session.scalars(ordered.limit(limit).offset(offset))
        return list(rows), total or 0

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        query = select(Practice.id).where(Practice.slug == slug)
        if other_than is not None:
            query = query.where(Practice.id != other_than)
        return await self.session.scalar(query) is not None

    async def by_slug(self, slugs: list[str]) -> dict[str, Practice]:
        """Practices by slug, whatever their state (callers check visibility)."""
        if not slugs:
            return {}
        rows = await self.session.scalars(select(Practice).where(Practice.slug.in_(slugs)))
        return {p.slug: p for p in rows}

    async def used_by(self, practice_id: int) -> list[str]:
        """`ISO3/recommendation code` of the strategy recommendations building on the practice."""
        rows = await self.session.execute(
            select(Strategy.country_iso3, Recommendation.code)
            .join(Recommendation, Recommendation.strategy_id == Strategy.id)
            .join(
                RecommendationPractice,
                RecommendationPractice.recommendation_id == Recommendation.id,
            )
            .where(RecommendationPractice.practice_id == practice_id)
            .order_by(Strategy.country_iso3, Recommendation.code)
        )
        return [f"{iso3}/{code}" for iso3, code in rows.all()]

    async def add(self, practice: Practice) -> Practice:
        self.session.add(practice)
        await self.session.flush()
        return practice

    async def set_links(
        self, practice: Practice, data: PracticeWrite, initiative_ids: list[int]
    ) -> None:
        """Replace the practice's initiatives, countries, themes, corridors and routes."""
        tables = (
            PracticeInitiative,
            PracticeCountry,
            PracticeTheme,
            PracticeCorridor,
            PracticeRoute,
        )
        for table in tables:
            await self.session.execute(delete(table).where(table.practice_id == practice.id))
        pid = practice.id
        self.session.add_all(
            [
                PracticeInitiative(practice_id=pid, initiative_id=i, position=n)
                for n, i in enumerate(initiative_ids)
            ]
            + [
                PracticeCountry(practice_id=pid, country_iso3=c, position=n)
                for n, c in enumerate(data.countries)
            ]
            + [PracticeTheme(practice_id=pid, theme_code=t) for t in data.themes]
            + [
                PracticeCorridor(
                    practice_id=pid,
                    origin_iso3=c.origin,
                    destination_iso3=c.destination,
                    position=n,
                )
                for n, c in enumerate(data.corridors)
            ]
            + [PracticeRoute(practice_id=pid, route_slug=r) for r in data.routes]
        )
        await self.session.flush()
        await self.session.refresh(
            practice, ["initiatives", "countries", "themes", "corridors", "routes"]
        )

    async def remove(self, practice: Practice) -> None:
        await self.session.delete(practice)
        await self.session.flush()

"""Queries behind the assembled profile: default-view series, top bilateral partners, shortages.

Default view (source wins): when several datasets give a value for the same country (or pair),
indicator and period, the value from the dataset with the highest `Dataset.priority` wins, then
the newest vintage (datasets without a vintage last), then the dataset code as a tie-breaker.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, case, func, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from profiles_api.classifications.models import IscoGroup, NaceActivity
from profiles_api.countries.models import Country
from profiles_api.flows.models import BilateralObservation
from profiles_api.indicators.models import Dataset, Indicator, Observation
from profiles_api.shortages import areas
from profiles_api.shortages.models import SkillShortage

TOP_PARTNERS = 5
SOURCE_WINS = (Dataset.priority.desc(), Dataset.vintage.desc().nulls_last(), Dataset.code)
SEVERITY = ("critical", "high", "moderate", "low")


async def country_series(session: AsyncSession, iso3: str) -> list[Row[Any]]:
    """The default-view value of every country indicator for each period, by indicator and
    period."""
    query = (
        select(
            Observation.indicator_code,
            Observation.period,
            Observation.value,
            Observation.flags,
            Observation.source_dataset,
        )
        .join(Dataset, Dataset.code == Observation.source_dataset)
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .where(Observation.country_iso3 == iso3, Indicator.kind == "country")
        .order_by(Observation.indicator_code, Observation.period, *SOURCE_WINS)
        .ext(distinct_on(Observation.indicator_code, Observation.period))
    )
    return list(await session.execute(query))


async def indicators(session: AsyncSession, codes: set[str]) -> list[Indicator]:
    """Catalogue entries by code."""
    rows = await session.scalars(select(Indicator).where(Indicator.code.in_(sorted(codes))))
    return list(rows)


async def top_partners(session: AsyncSession, iso3: str) -> list[Row[Any]]:
    """For each bilateral indicator and direction, the top partners in the latest period."""
    bo = BilateralObservation
    inbound = bo.destination_iso3 == iso3
    view = (
        select(
            bo.indicator_code,
            case((inbound, "inbound"), else_="outbound").label("direction"),
            case((inbound, bo.origin_iso3), else_=bo.destination_iso3).label("partner"),
            bo.period,
            bo.value,
            bo.source_dataset,
        )
        .join(Dataset, Dataset.code == bo.source_dataset)
        .where(
            or_(inbound, bo.origin_iso3 == iso3),
            bo.origin_iso3 != bo.destination_iso3,
            bo.value > 0,
        )
        .order_by(bo.indicator_code, bo.origin_iso3, bo.destination_iso3, bo.period, *SOURCE_WINS)
        .ext(distinct_on(bo.indicator_code, bo.origin_iso3, bo.destination_iso3, bo.period))
        .subquery()
    )
    group = (view.c.indicator_code, view.c.direction)
    latest = select(
        view, func.max(view.c.period).over(partition_by=group).label("last_period")
    ).subquery()
    ranked = (
        select(
            latest,
            func.row_number()
            .over(
                partition_by=(latest.c.indicator_code, latest.c.direction),
                order_by=(latest.c.value.desc(), latest.c.partner),
            )
            .label("rank"),
        )
        .where(latest.c.period == latest.c.last_period)
        .subquery()
    )
    partner = aliased(Country)
    query = (
        select(ranked, Indicator, partner.name_en, partner.name_ru)
        .join(Indicator, Indicator.code == ranked.c.indicator_code)
        .join(partner, partner.iso3 == ranked.c.partner)
        .where(ranked.c.rank <= TOP_PARTNERS)
        .order_by(ranked.c.indicator_code, ranked.c.direction, ranked.c.rank)
    )
    return list(await session.execute(query))


async def shortages(
    session: AsyncSession, country: Country
) -> list[tuple[SkillShortage, str | None, str | None]]:
    """Shortage and surplus rows for the country or an area covering it, latest year per area."""
    covering = await areas.covering(session, [country.iso3])
    concerns = or_(SkillShortage.country_iso3 == country.iso3, SkillShortage.area.in_(covering))
    latest = (
        select(SkillShortage.area, func.max(SkillShortage.year).label("year"))
        .where(concerns)
        .group_by(SkillShortage.area)
        .subquery()
    )
    severity = case({s: i for i, s in enumerate(SEVERITY)}, value=SkillShortage.severity)
    query = (
        select(SkillShortage, IscoGroup.title_en, NaceActivity.title_en)
        .join(latest, (latest.c.area == SkillShortage.area) & (latest.c.year == SkillShortage.year))
        .outerjoin(IscoGroup, IscoGroup.code == SkillShortage.isco_code)
        .outerjoin(NaceActivity, NaceActivity.code == SkillShortage.nace_code)
        .where(concerns)
        .order_by(
            SkillShortage.country_iso3.is_(None),  # the country's own rows first
            SkillShortage.area,
            SkillShortage.direction,
            severity,
            SkillShortage.isco_code,
            SkillShortage.nace_code,
        )
    )
    return [(r[0], r[1], r[2]) for r in await session.execute(query)]


async def datasets(session: AsyncSession, codes: set[str]) -> list[Dataset]:
    """The cited datasets, by code."""
    rows = await session.scalars(
        select(Dataset).where(Dataset.code.in_(sorted(codes))).order_by(Dataset.code)
    )
    return list(rows)

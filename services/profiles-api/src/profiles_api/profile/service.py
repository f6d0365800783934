"""The assembled profile: the published edition's sections grouped by template part, key indicators
(default-view values), top bilateral partners, skill shortages and the datasets cited.

Before a country's first edition the profile still answers, with its data and no sections. The
edition shown is the newest the caller may read (see `documents`), or the one asked for.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from imap_kit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api import revision
from profiles_api.countries import service as country_service
from profiles_api.countries.models import Country
from profiles_api.documents import service as document_service
from profiles_api.documents.exceptions import EditionNotFound
from profiles_api.documents.models import ProfileEdition
from profiles_api.indicators.models import Indicator
from profiles_api.profile import repository
from profiles_api.profile.schemas import (
    AssembledProfile,
    DatasetRef,
    KeyIndicator,
    PartnerFlow,
    ProfileCountry,
    ProfilePart,
    ProfileSectionRead,
    ProfileShortage,
    SeriesPoint,
)
from profiles_api.template import OUTLINE, PARTS

TREND_PERIODS = 25
ORDER = {p.code: i for i, p in enumerate(OUTLINE)}


async def resolve(
    session: AsyncSession, principal: Principal, iso3: str, edition: int | None
) -> tuple[Country, ProfileEdition | None, int]:
    """The country, the edition to show (None before the first) and the data revision."""
    data_revision = await revision.current_revision(session)  # first: a tag never runs ahead
    country = await country_service.get_country(session, iso3)
    shown = await document_service.get_edition(session, principal, country.iso3, edition)
    if shown is None and edition is not None:
        raise EditionNotFound(country.iso3, edition)
    return country, shown, data_revision


def etag(data_revision: int, edition: ProfileEdition | None) -> str:
    """The profile's ETag: the data revision and the edition shown."""
    return f'W/"r{data_revision}-e{edition.edition if edition else 0}"'


async def _key_indicators(session: AsyncSession, iso3: str) -> list[KeyIndicator]:
    series: dict[str, list[Any]] = defaultdict(list)
    for row in await repository.country_series(session, iso3):
        series[row.indicator_code].append(row)
    catalogue = await repository.indicators(session, set(series))
    out = []
    for ind in sorted(catalogue, key=lambda i: (ORDER.get(i.topic, 99), i.code)):
        points = series[ind.code][-TREND_PERIODS:]
        out.append(_key_indicator(ind, points))
    return out


def _key_indicator(ind: Indicator, points: list[Any]) -> KeyIndicator:
    last = points[-1]
    return KeyIndicator(
        code=ind.code,
        name_en=ind.name_en,
        name_ru=ind.name_ru,
        unit=ind.unit,
        scale=ind.scale,
        topic=ind.topic,
        latest_period=last.period,
        latest_value=last.value,
        flags=last.flags,
        source_dataset=last.source_dataset,
        trend=[SeriesPoint(period=p.period, value=p.value) for p in points],
        trend_sources=sorted({p.source_dataset for p in points}),
    )


async def _partners(session: AsyncSession, iso3: str) -> list[PartnerFlow]:
    return [
        PartnerFlow(
            indicator_code=r.indicator_code,
            indicator_name_en=r.Indicator.name_en,
            indicator_name_ru=r.Indicator.name_ru,
            unit=r.Indicator.unit,
            scale=r.Indicator.scale,
            direction=r.direction,
            partner_iso3=r.partner,
            partner_name_en=r.name_en,
            partner_name_ru=r.name_ru,
            period=r.period,
            value=r.value,
            source_dataset=r.source_dataset,
        )
        for r in await repository.top_partners(session, iso3)
    ]


async def _shortages(session: AsyncSession, country: Country) -> list[ProfileShortage]:
    out = []
    for shortage, isco_title, nace_title in await repository.shortages(session, country):
        out.append(
            ProfileShortage(
                area=shortage.area,
                year=shortage.year,
                direction=shortage.direction,  # type: ignore[arg-type]
                severity=shortage.severity,
                isco_code=shortage.isco_code,
                isco_title=isco_title,
                nace_code=shortage.nace_code,
                nace_title=nace_title,
                occupation_as_reported=shortage.occupation_as_reported,
                source_url=shortage.source_url,
                source_dataset=shortage.source_dataset,
            )
        )
    return out


def _parts(sections: list[dict[str, Any]], indicators: list[KeyIndicator]) -> list[ProfilePart]:
    return [
        ProfilePart(
            code=part.code,
            title_en=part.title_en,
            title_ru=part.title_ru,
            sections=[
                ProfileSectionRead.model_validate(s)
                for s in sorted(sections, key=lambda s: ORDER.get(s["part"], 99))
                if s["part"][0] == part.code
            ],
            indicators=[i for i in indicators if i.topic[:1] == part.code],
        )
        for part in PARTS
    ]


async def assemble(
    session: AsyncSession, country: Country, edition: ProfileEdition | None, data_revision: int
) -> AssembledProfile:
    """Everything a reader of the profile needs, in one document."""
    indicators = await _key_indicators(session, country.iso3)
    partners = await _partners(session, country.iso3)
    shortages = await _shortages(session, country)
    cited = {d for i in indicators for d in i.trend_sources}
    cited |= {p.source_dataset for p in partners}
    cited |= {s.source_dataset for s in shortages if s.source_dataset}
    content: dict[str, Any] = edition.content if edition else {}
    return AssembledProfile(
        country=ProfileCountry(
            iso3=country.iso3,
            name_en=country.name_en,
            name_ru=country.name_ru,
            pp_group=country.pp_group,
            capital=country.capital,
        ),
        edition=edition.edition if edition else None,
        published_at=edition.published_at if edition else None,
        endorsement=edition.endorsement if edition else "not_endorsed",
        endorsement_note=content.get("endorsement_note"),
        title_en=content.get("title_en"),
        title_ru=content.get("title_ru"),
        parts=_parts(content.get("sections", []), indicators),
        top_partners=partners,
        shortages=shortages,
        sources=[
            DatasetRef.model_validate(d, from_attributes=True)
            for d in await repository.datasets(session, cited)
        ],
        data_revision=data_revision,
    )

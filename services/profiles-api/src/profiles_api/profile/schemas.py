"""The assembled profile of a country: what a reader, the client's panel and the PDF see.

Built from the published edition's sections plus key indicators (default-view values, see the
source-wins rule in the README) grouped by template part, top bilateral partners and skill
shortages. `data_revision` changes whenever anything under it changes (cache key of downloads).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field


class ProfileCountry(BaseModel):
    """Who the profile is about."""

    iso3: str
    name_en: str
    name_ru: str
    pp_group: str
    capital: str | None


class SourceRef(BaseModel):
    """A source cited by a section."""

    title: str
    url: str | None = None


class SeriesPoint(BaseModel):
    """One point of a series."""

    period: str = Field(examples=["2023"])
    value: float


class KeyIndicator(BaseModel):
    """An indicator's latest value and recent series for the country (default view)."""

    code: str
    name_en: str
    name_ru: str
    unit: str
    scale: int = Field(description="Power of ten the values are in (6 = millions).")
    topic: str
    latest_period: str
    latest_value: float
    flags: str = ""
    source_dataset: str
    trend: list[SeriesPoint] = Field(description="The series, oldest first (up to 25 periods).")
    trend_sources: list[str] = Field(
        default_factory=list, description="Codes of the datasets the trend's values come from."
    )


class ProfileSectionRead(BaseModel):
    """A narrative section of the published edition."""

    part: str = Field(examples=["B3"])
    title_en: str
    title_ru: str
    body_en: str = Field(description="Markdown.")
    body_ru: str = Field(description="Markdown.")
    sources: list[SourceRef] = []


class ProfilePart(BaseModel):
    """A template part (A-G) with its sections and key indicators."""

    code: str = Field(examples=["B"])
    title_en: str
    title_ru: str
    sections: list[ProfileSectionRead]
    indicators: list[KeyIndicator]


class PartnerFlow(BaseModel):
    """One of the country's top bilateral partners for an indicator (latest period)."""

    indicator_code: str
    indicator_name_en: str
    indicator_name_ru: str
    unit: str
    scale: int
    direction: Literal["inbound", "outbound"] = Field(
        description="inbound: from the partner to this country; outbound: the reverse."
    )
    partner_iso3: str
    partner_name_en: str
    partner_name_ru: str
    period: str
    value: float
    source_dataset: str


class ProfileShortage(BaseModel):
    """An occupation or sector in shortage or surplus that concerns the country."""

    area: str
    year: int
    direction: Literal["shortage", "surplus"]
    severity: str
    isco_code: str | None
    isco_title: str | None
    nace_code: str | None
    nace_title: str | None
    occupation_as_reported: str | None
    source_url: str | None
    source_dataset: str | None = None


class DatasetRef(BaseModel):
    """A source dataset the profile's numbers come from."""

    code: str
    title: str
    publisher: str
    licence: str
    source_url: str
    vintage: date | None


class AssembledProfile(BaseModel):
    """Everything a reader of the country's Extended Migration Profile needs, in one document."""

    country: ProfileCountry
    edition: int | None = Field(description="Published edition shown; none before the first.")
    published_at: datetime | None
    endorsement: str = Field(
        description="not_endorsed, submitted_for_endorsement, endorsed or demonstration."
    )
    endorsement_note: str | None
    title_en: str | None = Field(default=None, description="The edition's title; none before it.")
    title_ru: str | None = None
    parts: list[ProfilePart]
    top_partners: list[PartnerFlow]
    shortages: list[ProfileShortage]
    sources: list[DatasetRef]
    data_revision: int = Field(description="Changes whenever the data under the profile changes.")

"""Strategy API schemas: the whole strategy is written at once; reads nest recommendations (with
their practices) under their objectives, as the country's strategy page shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from imap_kit.countries import Iso3
from imap_kit.editorial import Access, Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from toolbox_api.common.codes import Evidence, RecommendationStatus, ThemeCode
from toolbox_api.common.schemas import Source, SourceRead
from toolbox_api.common.text import Markdown, Title
from toolbox_api.initiatives.schemas import Slug

Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$"),
    Field(description="Code within the strategy.", examples=["MDA-O1"]),
]
Year = Annotated[int, Field(ge=1950, le=2100)]
Day = Annotated[date, Field(ge=date(1950, 1, 1), le=date(2100, 12, 31))]

EXAMPLE: dict[str, Any] = {
    "country": "MDA",
    "title_en": "Moldova: migration partnership strategy (demonstration)",
    "title_ru": "Молдова: стратегия миграционного партнёрства (демонстрация)",
    "summary_en": "Written by the i-Map team from public documents ...",
    "summary_ru": "Составлено командой i-Map по открытым документам ...",
    "demonstration": True,
    "adopted_year": None,
    "sources": [{"title": "National Strategy Moldova 2030", "url": "https://example.org/"}],
    "priorities": [
        {
            "rank": 1,
            "theme": "legal-migration",
            "text_en": "Safe labour mobility",
            "text_ru": "Безопасная трудовая мобильность",
        }
    ],
    "objectives": [
        {
            "code": "MDA-O1",
            "theme": "legal-migration",
            "text_en": "Expand legal pathways",
            "text_ru": "Расширить законные пути",
        }
    ],
    "recommendations": [
        {
            "code": "MDA-R1",
            "objective": "MDA-O1",
            "themes": ["legal-migration"],
            "practices": ["pre-departure-orientation-for-seasonal-workers"],
            "text_en": "Set up pre-departure orientation",
            "text_ru": "Ввести подготовку",
            "target_date": "2027-12-31",
            "status": "in_progress",
            "notes": [
                {"date": "2026-06-30", "text_en": "Pilot started.", "text_ru": "Пилот начат."}
            ],
        }
    ],
    "access": "public",
}


class PriorityWrite(BaseModel):
    """A ranked priority."""

    rank: int = Field(ge=1, le=100, description="1 = first; ranks run 1..n.")
    theme: ThemeCode
    text_en: Markdown
    text_ru: Markdown


class ObjectiveWrite(BaseModel):
    """A partnership objective."""

    code: Code
    theme: ThemeCode
    text_en: Markdown
    text_ru: Markdown


class NoteWrite(BaseModel):
    """A dated note on a recommendation's implementation."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    noted_on: Day = Field(alias="date")
    text_en: Markdown
    text_ru: Markdown


class RecommendationWrite(BaseModel):
    """A recommendation: the objective it serves, practices and themes it builds on."""

    code: Code
    objective: Code = Field(description="Code of one of this strategy's objectives.")
    themes: list[ThemeCode] = Field(default_factory=list, max_length=6)
    practices: list[Slug] = Field(
        default_factory=list, max_length=30, description="Slugs of practices it builds on."
    )
    text_en: Markdown
    text_ru: Markdown
    target_date: Day | None = None
    status: RecommendationStatus = "not_started"
    notes: list[NoteWrite] = Field(default_factory=list, max_length=100)


class StrategyWrite(BaseModel):
    """A whole strategy."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    country: Iso3 = Field(description="The partner country (one strategy each).")
    title_en: Title
    title_ru: Title
    summary_en: Markdown
    summary_ru: Markdown
    demonstration: bool = Field(
        default=True,
        description="True unless the text is an official document's (then cite it in sources).",
    )
    adopted_year: Year | None = None
    sources: list[Source] = Field(default_factory=list, max_length=20)
    priorities: list[PriorityWrite] = Field(default_factory=list, max_length=30)
    objectives: list[ObjectiveWrite] = Field(default_factory=list, max_length=50)
    recommendations: list[RecommendationWrite] = Field(default_factory=list, max_length=200)
    access: Access = Access.public


class PracticeSummary(BaseModel):
    """A practice a recommendation builds on."""

    id: int
    slug: str
    title_en: str
    title_ru: str
    evidence: Evidence
    countries: list[str]


class NoteRead(BaseModel):
    """A dated note."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    noted_on: date = Field(alias="date")
    text_en: str
    text_ru: str


class RecommendationRead(BaseModel):
    """A recommendation with its practices expanded (those you may see)."""

    code: str
    objective: str
    themes: list[str]
    practices: list[PracticeSummary]
    text_en: str
    text_ru: str
    target_date: date | None
    status: RecommendationStatus
    notes: list[NoteRead] = Field(description="Implementation notes, oldest first.")


class ObjectiveRead(BaseModel):
    """An objective with the recommendations serving it."""

    code: str
    theme: str
    text_en: str
    text_ru: str
    recommendations: list[RecommendationRead]


class PriorityRead(BaseModel):
    """A ranked priority."""

    rank: int
    theme: str
    text_en: str
    text_ru: str


class StrategySummary(BaseModel):
    """A strategy in a list."""

    id: int
    country: str
    title_en: str
    title_ru: str
    demonstration: bool
    adopted_year: int | None
    objectives: int = Field(description="Number of objectives.")
    recommendations: int = Field(description="Number of recommendations.")
    access: Access
    status: Status
    version: int
    updated_at: datetime | None = None


class StrategyRead(BaseModel):
    """A country's strategy: ranked priorities, objectives with their recommendations and the
    practices these build on."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **{k: v for k, v in EXAMPLE.items() if k != "recommendations"},
                    "id": 1,
                    "status": "published",
                    "version": 1,
                    "html": {"summary_en": "<p>...</p>"},
                }
            ]
        }
    )

    id: int
    country: str
    title_en: str
    title_ru: str
    summary_en: str
    summary_ru: str
    demonstration: bool = Field(description="A demonstration record, not an official text.")
    adopted_year: int | None
    sources: list[SourceRead]
    priorities: list[PriorityRead]
    objectives: list[ObjectiveRead]
    access: Access
    status: Status
    version: int = Field(description='Row version; the ETag is W/"<version>".')
    updated_at: datetime | None = None
    html: dict[str, str] = Field(
        default_factory=dict, description="The summaries rendered as sanitised HTML."
    )

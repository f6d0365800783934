"""Practice API schemas.

Evidence of success is graded on a three-step scale (strongest first):

- `evaluated`: an independent evaluation or audit found results;
- `reported`: results are reported by the implementers or funders (monitoring reports, figures),
  without independent evaluation;
- `described`: the practice is described, with no documented results.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from imap_kit.countries import Iso3
from imap_kit.editorial import Access, Status
from pydantic import BaseModel, ConfigDict, Field

from toolbox_api.common.codes import Evidence, RouteSlug, ThemeCode
from toolbox_api.common.schemas import Corridor, Reference, Source, SourceRead
from toolbox_api.common.text import Markdown, OptionalMarkdown, Title
from toolbox_api.initiatives.schemas import Slug

EVIDENCE_SCALE = {
    "evaluated": "An independent evaluation or audit found results.",
    "reported": "Results reported by the implementers or funders, not independently evaluated.",
    "described": "Described only: no documented results.",
}
EVIDENCE_RANK = {"evaluated": 1, "reported": 2, "described": 3}
MARKDOWN_FIELDS = (
    "what_en",
    "what_ru",
    "conditions_en",
    "conditions_ru",
    "evidence_note_en",
    "evidence_note_ru",
    "transferability_en",
    "transferability_ru",
)
EVIDENCE_DOC = "Evidence of success: " + "; ".join(f"`{k}`: {v}" for k, v in EVIDENCE_SCALE.items())

EXAMPLE: dict[str, Any] = {
    "slug": "pre-departure-orientation-for-seasonal-workers",
    "title_en": "Pre-departure orientation for seasonal workers",
    "title_ru": "Предотъездная подготовка сезонных работников",
    "what_en": "Workers recruited under a seasonal scheme attend a short course ...",
    "what_ru": "Работники, набранные по сезонной программе, проходят краткий курс ...",
    "conditions_en": "A recruitment channel run by a public employment service ...",
    "conditions_ru": "Канал набора, которым управляет государственная служба занятости ...",
    "evidence": "reported",
    "evidence_note_en": "The implementer's final report gives ...",
    "evidence_note_ru": "Итоговый отчёт исполнителя приводит ...",
    "transferability_en": "Needs an agreed recruitment channel ...",
    "transferability_ru": "Требует согласованного канала набора ...",
    "initiatives": ["eu-moldova-mobility-partnership"],
    "countries": ["MDA"],
    "themes": ["legal-migration"],
    "corridors": [{"from": "MDA", "to": "DEU"}],
    "routes": [],
    "sources": [{"title": "Implementer's report", "url": "https://example.org/report"}],
    "owner_country": "MDA",
    "access": "public",
}


class PracticeWrite(BaseModel):
    """The editable content of a practice."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    slug: Slug
    title_en: Title
    title_ru: Title
    what_en: Markdown = Field(description="What was done (Markdown).")
    what_ru: Markdown
    conditions_en: Markdown = Field(description="Under which conditions it worked.")
    conditions_ru: Markdown
    evidence: Evidence = Field(description=EVIDENCE_DOC)
    evidence_note_en: Markdown = Field(description="What the evidence is, citing the source.")
    evidence_note_ru: Markdown
    transferability_en: OptionalMarkdown = ""
    transferability_ru: OptionalMarkdown = ""
    initiatives: list[Slug] = Field(
        min_length=1, max_length=30, description="Slugs of the initiatives it was distilled from."
    )
    countries: list[Iso3] = Field(min_length=1, max_length=60, description="Where it was applied.")
    themes: list[ThemeCode] = Field(min_length=1, max_length=6)
    corridors: list[Corridor] = Field(default_factory=list, max_length=50)
    routes: list[RouteSlug] = Field(default_factory=list, max_length=10)
    sources: list[Source] = Field(min_length=1, max_length=20)
    owner_country: Iso3 | None = Field(
        default=None,
        description="The state whose focal points maintain it; one of its countries (default: "
        "the first).",
    )
    access: Access = Access.public

    def owner(self) -> str:
        """The maintaining state: as given, else the first country."""
        return self.owner_country or self.countries[0]


class PracticeRead(BaseModel):
    """A practice with its links and workflow state."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **EXAMPLE,
                    "id": 1,
                    "evidence_rank": 2,
                    "initiatives": [
                        {
                            "id": 1,
                            "slug": "eu-moldova-mobility-partnership",
                            "title_en": "EU–Moldova Mobility Partnership",
                            "title_ru": "Партнёрство по вопросам мобильности ЕС – Молдова",
                        }
                    ],
                    "status": "published",
                    "version": 1,
                }
            ]
        }
    )

    id: int
    slug: str
    title_en: str
    title_ru: str
    what_en: str
    what_ru: str
    conditions_en: str
    conditions_ru: str
    evidence: Evidence = Field(description=EVIDENCE_DOC)
    evidence_rank: int = Field(description="1 = evaluated, 2 = reported, 3 = described.")
    evidence_note_en: str
    evidence_note_ru: str
    transferability_en: str
    transferability_ru: str
    initiatives: list[Reference] = Field(
        description="Initiatives it was distilled from (those you may see)."
    )
    countries: list[str]
    themes: list[str]
    corridors: list[Corridor]
    routes: list[str]
    sources: list[SourceRead]
    owner_country: str
    access: Access
    status: Status
    version: int = Field(description='Row version; the ETag is W/"<version>".')
    updated_at: datetime | None = None


class PracticeDetail(PracticeRead):
    """One practice with its Markdown rendered as safe HTML."""

    html: dict[str, str] = Field(
        default_factory=dict,
        description="Each Markdown field rendered as sanitised HTML (raw HTML escaped).",
    )


class PracticeRow(BaseModel):
    """A practice as one CSV/XLSX row."""

    id: int
    slug: str
    title_en: str
    title_ru: str
    evidence: str
    initiatives: str
    countries: str
    themes: str
    corridors: str
    routes: str
    source_url: str
    what_en: str
    what_ru: str
    owner_country: str
    access: str
    status: str
    version: int

"""Search API schemas: the query, a hit with its highlighted snippet, facets and the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from imap_kit.pagination import PageLinks
from pydantic import BaseModel, Field

RecordType = Literal["initiative", "practice"]
Lang = Literal["en", "ru"]
SearchLang = Literal["en", "ru", "both"]
Sort = Literal["relevance", "date", "title"]
FACETS = (
    "type",
    "country",
    "group",
    "theme",
    "kind",
    "organisation",
    "evidence",
    "implementation_status",
    "period",
)


@dataclass(frozen=True)
class SearchQuery:
    """A validated search: text, language, filters, order and page."""

    q: str | None = None
    lang: SearchLang | None = None
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    role: str | None = None
    groups: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    implementation: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    sort: Sort = "relevance"
    limit: int = 50
    offset: int = 0


class SearchHit(BaseModel):
    """An initiative or practice found, with the passage that matched."""

    type: RecordType
    id: int
    slug: str
    href: str = Field(description="The record's detail path, e.g. `/v1/initiatives/12`.")
    title_en: str
    title_ru: str
    snippet: str = Field(
        description="The best passages of the summary, description and outcomes (a practice: "
        "what was done, conditions, transferability, evidence) in the snippet language, as "
        "HTML-escaped text in which only `<mark>`/`</mark>` around the matched words are tags."
    )
    snippet_lang: Lang
    score: float | None = Field(description="Relevance (higher first); null without `q`.")
    kind: str | None = Field(description="Initiatives: bilateral, multilateral or regional.")
    implementation_status: str | None
    evidence: str | None = Field(description="Practices: evaluated, reported or described.")
    start_year: int | None
    end_year: int | None
    countries: list[str]
    themes: list[str]
    organisations: list[str]


class FacetValue(BaseModel):
    """How many records of the result would have this value (see the facets' description)."""

    value: str
    count: int
    selected: bool = Field(description="The value is one of the current filter's values.")
    name_en: str | None = None
    name_ru: str | None = None


class SearchPage(BaseModel):
    """A page of hits with totals, links and facet counts."""

    items: list[SearchHit]
    total: int = Field(description="Number of matching records across all pages.")
    limit: int
    offset: int
    links: PageLinks
    facets: dict[str, list[FacetValue]] | None = Field(
        description="For each filter, its values with the number of records matching the text "
        "and every OTHER filter (so choosing a value shows how many it would give; values of a "
        "filter combine with OR, filters with AND). `period` counts by decade (`2010s`) the "
        "records whose period overlaps it. Null with `facets=false`."
    )
    degraded: bool = Field(
        default=False, description="Something was left out because a peer service was down."
    )
    notes: list[str] = Field(default_factory=list, description="What was left out, and why.")

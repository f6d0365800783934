"""Profile document API schemas: the working copy, its sections, transitions, editions and diffs.

Section bodies are Markdown, stored as text. Clients must render them with raw HTML disabled (or
sanitised); as a second line of defence, bodies carrying active content (`<script>`, `<iframe>`,
`<object>`, `<embed>`, `<style>`, `<form>`, `<svg>`, `on...=` event attributes, `javascript:` or
`data:` link targets) are refused with 422, while harmless inline HTML such as `<sup>` is kept as
text.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from imap_kit.editorial import Access, Action, Status
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, field_validator

from profiles_api.template import BY_CODE

Endorsement = Literal["not_endorsed", "submitted_for_endorsement", "endorsed", "demonstration"]
PartCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z][0-9]?$"),
    Field(description="Template part or section code (A, B, B1-B4, C, C1-C5, D, E, F, G)."),
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60_000),
    Field(description="Markdown (rendered by clients with raw HTML disabled)."),
]
Comment = Annotated[str, StringConstraints(max_length=2000)]

# Written to run in linear time on hostile input: each tag is cut at the next `<` or `>` before
# it is examined, and no two unbounded repeats can trade characters.
TAG = re.compile(r"<[^<>]*")
ACTIVE_TAG = re.compile(
    r"<[\s/]*(?:script|iframe|frame|object|embed|style|link|meta|base|form|svg|math)\b"
    r"|<\s*(?:javascript|vbscript|data)\s*:",
    re.IGNORECASE,
)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
ACTIVE_LINK = re.compile(
    r"(?:\]\(|\]:|\b(?:href|src|action)\s*=)[\s\"'<]*(?:javascript|vbscript|data)\s*:",
    re.IGNORECASE,
)


def find_active_content(text: str) -> str | None:
    """The first piece of active content (script tags, event attributes, script links), if any."""
    for tag in TAG.finditer(text):
        piece = tag.group(0)
        if ACTIVE_TAG.match(piece) or EVENT_ATTRIBUTE.search(piece):
            return piece
    link = ACTIVE_LINK.search(text)
    return link.group(0) if link else None


def check_part(code: str) -> str:
    """The code, or ValueError naming the template's codes."""
    if code not in BY_CODE:
        raise ValueError(f"unknown template part; use one of {', '.join(BY_CODE)}")
    return code


def check_markdown(text: str) -> str:
    """The text, or ValueError when it carries active content."""
    found = find_active_content(text)
    if found:
        raise ValueError(
            f"active content is not allowed in Markdown (found {found[:40]!r}); "
            "write plain Markdown"
        )
    return text


class SourceWrite(BaseModel):
    """A source a section cites."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    url: HttpUrl | None = None


SECTION_EXAMPLE: dict[str, Any] = {
    "title_en": "Labour market",
    "title_ru": "Рынок труда",
    "body_en": "Unemployment (ILO modelled estimate) fell from 16.5% in 2015 to 11.5% in 2024.",
    "body_ru": "Безработица (модельная оценка МОТ) снизилась с 16,5% в 2015 г. до 11,5% в 2024 г.",
    "sources": [
        {"title": "World Bank, WDI", "url": "https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS"}
    ],
}


class SectionContent(BaseModel):
    """A section's content (the part comes from the path)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SECTION_EXAMPLE]})

    title_en: Title | None = Field(default=None, description="Default: the template's title.")
    title_ru: Title | None = Field(default=None, description="Default: the template's title.")
    body_en: Markdown
    body_ru: Markdown
    sources: list[SourceWrite] = Field(default_factory=list, max_length=50)

    _safe = field_validator("body_en", "body_ru")(check_markdown)


class SectionPut(SectionContent):
    """One section written on its own, with an optional comment kept with the version."""

    comment: Comment | None = None


class SectionWrite(SectionContent):
    """A section inside a whole document."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"part": "B3", **SECTION_EXAMPLE}]}
    )

    part: PartCode

    _part = field_validator("part")(check_part)


DOCUMENT_EXAMPLE: dict[str, Any] = {
    "title_en": "Extended Migration Profile: Georgia",
    "title_ru": "Расширенный миграционный профиль: Грузия",
    "access": "public",
    "sections": [{"part": "B3", **SECTION_EXAMPLE}],
    "comment": "First draft",
}


class DocumentWrite(BaseModel):
    """The whole working copy: titles, access, endorsement and every section (replaces all)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DOCUMENT_EXAMPLE]})

    title_en: Title | None = Field(
        default=None, description="Omitted: unchanged (new: from the country name)."
    )
    title_ru: Title | None = None
    access: Access = Access.public
    endorsement: Endorsement | None = Field(
        default=None, description="Editors only; omitted = unchanged (new: not_endorsed)."
    )
    endorsement_note: Annotated[str, StringConstraints(max_length=2000)] | None = Field(
        default=None, description="Editors only; omitted with endorsement = unchanged."
    )
    sections: list[SectionWrite] = Field(default_factory=list, max_length=len(BY_CODE))
    comment: Comment | None = Field(default=None, description="Kept with the version.")

    @field_validator("sections")
    @classmethod
    def _distinct(cls, sections: list[SectionWrite]) -> list[SectionWrite]:
        parts = [s.part for s in sections]
        repeated = sorted({p for p in parts if parts.count(p) > 1})
        if repeated:
            raise ValueError(f"each part at most once (repeated: {', '.join(repeated)})")
        return sections


class SourceRead(BaseModel):
    """A source a section cites."""

    title: str
    url: str | None = None


class SectionRead(BaseModel):
    """A section of a document or an edition."""

    part: str = Field(examples=["B3"])
    title_en: str
    title_ru: str
    body_en: str = Field(description="Markdown.")
    body_ru: str = Field(description="Markdown.")
    sources: list[SourceRead] = []


class DocumentRead(BaseModel):
    """A country's profile working copy with its workflow state."""

    country_iso3: str
    title_en: str
    title_ru: str
    status: Status
    access: Access
    endorsement: Endorsement
    endorsement_note: str | None
    sections: list[SectionRead]
    latest_edition: int | None = Field(description="The newest published edition, if any.")
    version: int = Field(description='Row version; the ETag is W/"<version>".')
    created_at: datetime
    updated_at: datetime


class TransitionRequest(BaseModel):
    """A workflow step with an optional comment (required to return a submission)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"action": "submit", "comment": None}]}
    )

    action: Action
    comment: Comment | None = None


class EditionSummary(BaseModel):
    """A published edition in the list."""

    edition: int
    published_at: datetime
    published_by: str
    endorsement: Endorsement


class EditionRead(EditionSummary):
    """A published edition: the document as it was frozen when published."""

    country_iso3: str
    title_en: str
    title_ru: str
    access: Access
    endorsement_note: str | None
    sections: list[SectionRead]


class TransitionResult(BaseModel):
    """The document after a workflow step, and the edition a `publish` created."""

    document: DocumentRead
    edition: EditionRead | None = Field(description="Set when the step was `publish`.")


class SectionChange(BaseModel):
    """How one section differs between two editions."""

    part: str
    title_en: str
    change: Literal["added", "removed", "changed"]
    fields: list[str] = Field(description="What changed: title_en, body_ru, sources...")
    diff_en: str = Field(description="Unified diff of the English title and body (empty if same).")
    diff_ru: str = Field(description="Unified diff of the Russian title and body (empty if same).")


class FieldChange(BaseModel):
    """A document-level field that differs between two editions."""

    field: str
    before: Any
    after: Any


class EditionDiff(BaseModel):
    """What changed from edition `against` to edition `edition` (unchanged sections omitted)."""

    country_iso3: str
    edition: int
    against: int | None = Field(description="None: compared with nothing (the first edition).")
    fields: list[FieldChange] = Field(description="Titles, access, endorsement and its note.")
    sections: list[SectionChange]

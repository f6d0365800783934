"""Initiative API schemas."""

from datetime import datetime
from typing import Annotated, Any, Literal

from imap_kit.countries import Iso3
from imap_kit.editorial import Access, Action, Status
from pydantic import BaseModel, Field, HttpUrl, StringConstraints, model_validator

Kind = Literal["bilateral", "multilateral", "regional"]
ThemeCode = Annotated[str, StringConstraints(pattern=r"^[a-z-]{2,40}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Year = Annotated[int, Field(ge=1950, le=2100)]

EXAMPLE: dict[str, Any] = {
    "slug": "eu-moldova-mobility-partnership",
    "title_en": "EU–Moldova Mobility Partnership",
    "title_ru": "Партнёрство по вопросам мобильности ЕС – Молдова",
    "summary_en": "A joint declaration signed in 2008 ...",
    "summary_ru": "Совместная декларация, подписанная в 2008 году ...",
    "kind": "bilateral",
    "countries": ["MDA", "ROU"],
    "themes": ["legal-migration", "return-readmission"],
    "start_year": 2008,
    "end_year": None,
    "source_url": "https://ec.europa.eu/...",
    "source_title": "European Commission: ...",
    "owner_country": "MDA",
    "access": "public",
}


class InitiativeWrite(BaseModel):
    """The editable content of an initiative."""

    model_config = {"json_schema_extra": {"examples": [EXAMPLE]}}

    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
    title_en: Text
    title_ru: Text
    summary_en: LongText = Field(description="Summary in your own words.")
    summary_ru: LongText
    kind: Kind
    countries: list[Iso3] = Field(min_length=1, max_length=60)
    themes: list[ThemeCode] = Field(min_length=1, max_length=6)
    start_year: Year | None = None
    end_year: Year | None = None
    source_url: HttpUrl
    source_title: Text
    owner_country: Iso3 = Field(description="The state whose focal points maintain the record.")
    access: Access = Access.public

    @model_validator(mode="after")
    def _period(self) -> "InitiativeWrite":
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError("end_year must not be before start_year")
        return self


class InitiativeRead(BaseModel):
    """An initiative with its countries, themes and workflow state."""

    model_config = {
        "json_schema_extra": {
            "examples": [{**EXAMPLE, "id": 1, "status": "published", "version": 1}]
        }
    }

    id: int
    slug: str
    title_en: str
    title_ru: str
    summary_en: str = Field(description="Summary in our own words (CC BY 4.0).")
    summary_ru: str
    kind: Kind
    countries: list[str] = Field(description="ISO3 codes of participating states.")
    themes: list[str] = Field(description="Codes of the Action Plan thematic areas.")
    start_year: int | None
    end_year: int | None = Field(description="Null while ongoing or open-ended.")
    source_url: str
    source_title: str
    owner_country: str
    access: Access
    status: Status
    version: int = Field(description='Row version; the ETag is W/"<version>".')
    updated_at: datetime | None = None


class TransitionRequest(BaseModel):
    """A workflow step with an optional comment (required to return a submission)."""

    model_config = {"json_schema_extra": {"examples": [{"action": "submit", "comment": None}]}}

    action: Action
    comment: Annotated[str, StringConstraints(max_length=2000)] | None = None

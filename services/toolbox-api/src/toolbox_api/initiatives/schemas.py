"""Initiative API schemas: the editable content, the read model, and the flat row for CSV/XLSX."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from imap_kit.countries import Iso3
from imap_kit.editorial import Access, Status
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from toolbox_api.common.codes import (
    CountryRole,
    CurrencyCode,
    ImplementationStatus,
    Kind,
    OrganisationRole,
    RouteSlug,
    ThemeCode,
)
from toolbox_api.common.schemas import (
    Corridor,
    CountryLink,
    OrganisationLink,
    Reference,
    Source,
    SourceRead,
    TransitionRequest,
)
from toolbox_api.common.text import Markdown, OptionalMarkdown, Title

__all__ = ["InitiativeRead", "InitiativeWrite", "Kind", "ThemeCode", "TransitionRequest"]

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Stable kebab-case name.", examples=["eu-moldova-mobility-partnership"]),
]
Year = Annotated[int, Field(ge=1950, le=2100)]
MARKDOWN_FIELDS = (
    "summary_en",
    "summary_ru",
    "description_en",
    "description_ru",
    "outcomes_en",
    "outcomes_ru",
)

EXAMPLE: dict[str, Any] = {
    "slug": "eu-moldova-mobility-partnership",
    "title_en": "EU–Moldova Mobility Partnership",
    "title_ru": "Партнёрство по вопросам мобильности ЕС – Молдова",
    "summary_en": "A joint declaration signed in 2008 ...",
    "summary_ru": "Совместная декларация, подписанная в 2008 году ...",
    "description_en": "Moldova and 15 EU member states agreed ...",
    "description_ru": "Молдова и 15 государств – членов ЕС договорились ...",
    "kind": "bilateral",
    "countries": [{"iso3": "MDA", "role": "partner"}, {"iso3": "ROU", "role": "implementer"}],
    "organisations": [{"name": "European Commission", "role": "donor"}],
    "themes": ["legal-migration", "return-readmission"],
    "start_year": 2008,
    "end_year": None,
    "budget": {"amount": 5000000, "currency": "EUR"},
    "implementation_status": "ongoing",
    "outcomes_en": "",
    "outcomes_ru": "",
    "sources": [{"title": "European Commission: ...", "url": "https://ec.europa.eu/"}],
    "corridors": [{"from": "MDA", "to": "ITA"}],
    "routes": ["eastern-borders"],
    "owner_country": "MDA",
    "access": "public",
}


def _plain_codes(value: Any) -> Any:
    """Older clients send countries as plain ISO3 codes: each is then a partner."""
    if isinstance(value, list):
        return [{"iso3": v, "role": "partner"} if isinstance(v, str) else v for v in value]
    return value


class Budget(BaseModel):
    """An amount in a currency, as a source states it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": 5000000, "currency": "EUR"}]}
    )

    amount: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
    currency: CurrencyCode


class InitiativeWrite(BaseModel):
    """The editable content of an initiative.

    Older clients may still send `countries` as plain ISO3 codes (each then a partner) and one
    `source_url` with `source_title` instead of `sources`.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    slug: Slug
    title_en: Title
    title_ru: Title
    summary_en: Markdown = Field(description="Summary in your own words (Markdown).")
    summary_ru: Markdown
    description_en: OptionalMarkdown = ""
    description_ru: OptionalMarkdown = ""
    kind: Kind
    countries: Annotated[list[CountryLink], BeforeValidator(_plain_codes)] = Field(
        min_length=1,
        max_length=80,
        description="Participating states with their roles (a plain ISO3 code is a partner).",
    )
    organisations: list[OrganisationLink] = Field(default_factory=list, max_length=50)
    themes: list[ThemeCode] = Field(min_length=1, max_length=6)
    start_year: Year | None = None
    end_year: Year | None = None
    budget: Budget | None = None
    implementation_status: ImplementationStatus = "ongoing"
    outcomes_en: OptionalMarkdown = ""
    outcomes_ru: OptionalMarkdown = ""
    sources: list[Source] = Field(default_factory=list, max_length=20)
    source_url: HttpUrl | None = Field(
        default=None, json_schema_extra={"deprecated": True}, description="Use `sources`."
    )
    source_title: Title | None = Field(
        default=None, json_schema_extra={"deprecated": True}, description="Use `sources`."
    )
    corridors: list[Corridor] = Field(default_factory=list, max_length=50)
    routes: list[RouteSlug] = Field(default_factory=list, max_length=10)
    owner_country: Iso3 | None = Field(
        default=None,
        description="The state whose focal points maintain the record; one of its countries "
        "(default: the first partner state).",
    )
    access: Access = Access.public

    @field_validator("end_year")
    @classmethod
    def _ends_after_start(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("start_year")
        if start and end and end < start:
            raise ValueError(f"must not be before start_year ({start})")
        return end

    @model_validator(mode="after")
    def _consistent(self) -> InitiativeWrite:
        if not self.sources:
            if self.source_url is None or self.source_title is None:
                raise ValueError("give at least one source in `sources`")
            self.sources = [Source(title=self.source_title, url=self.source_url)]
        return self

    def owner(self) -> str:
        """The maintaining state: as given, else the first partner (else first) country."""
        if self.owner_country:
            return self.owner_country
        partners = [c.iso3 for c in self.countries if c.role == "partner"]
        return (partners or [self.countries[0].iso3])[0]


class CountryRead(BaseModel):
    """A participating state and its role."""

    iso3: str
    role: CountryRole


class OrganisationRead(BaseModel):
    """An organisation and its role."""

    name: str
    role: OrganisationRole


class BudgetRead(BaseModel):
    """The stated budget."""

    amount: float
    currency: str


class InitiativeRead(BaseModel):
    """An initiative with its countries, organisations, themes, links and workflow state."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **EXAMPLE,
                    "id": 1,
                    "source_url": "https://ec.europa.eu/",
                    "source_title": "European Commission: ...",
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
    summary_en: str = Field(description="Summary in our own words (Markdown, CC BY 4.0).")
    summary_ru: str
    description_en: str
    description_ru: str
    kind: Kind
    countries: list[CountryRead] = Field(description="Participating states and their roles.")
    organisations: list[OrganisationRead]
    themes: list[str] = Field(description="Codes of the Action Plan thematic areas.")
    start_year: int | None
    end_year: int | None = Field(description="Null while ongoing or open-ended.")
    budget: BudgetRead | None
    implementation_status: ImplementationStatus
    outcomes_en: str
    outcomes_ru: str
    sources: list[SourceRead] = Field(description="Cited sources, the primary one first.")
    source_url: str = Field(description="The primary source's address (as `sources[0].url`).")
    source_title: str
    corridors: list[Corridor] = Field(description="Origin -> destination pairs it touches.")
    routes: list[str] = Field(description="map-api route slugs it touches.")
    owner_country: str
    access: Access
    status: Status
    version: int = Field(description='Row version; the ETag is W/"<version>".')
    updated_at: datetime | None = None


class InitiativeDetail(InitiativeRead):
    """One initiative, with its practices and its Markdown rendered as safe HTML."""

    practices: list[Reference] = Field(
        default_factory=list, description="Practices distilled from it (those you may see)."
    )
    html: dict[str, str] = Field(
        default_factory=dict,
        description="Each Markdown field rendered as sanitised HTML (raw HTML escaped).",
    )


class InitiativeRow(BaseModel):
    """An initiative as one CSV/XLSX row (lists joined with `;`, roles in brackets)."""

    id: int
    slug: str
    title_en: str
    title_ru: str
    kind: str
    partner_countries: str
    implementer_countries: str
    organisations: str
    themes: str
    start_year: int | None
    end_year: int | None
    budget_amount: float | None
    budget_currency: str | None
    implementation_status: str
    corridors: str
    routes: str
    source_url: str
    source_title: str
    summary_en: str
    summary_ru: str
    owner_country: str
    access: str
    status: str
    version: int

"""Indicator API schemas: the catalogue (read and write) and the data-gap matrix."""

from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from profiles_api.text import Storable

CODE_PATTERN = r"^[A-Za-z0-9._]{1,40}$"

Kind = Literal["country", "bilateral"]
Topic = Annotated[str, StringConstraints(pattern=r"^[A-G][0-9]?$")]
Text200 = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=300), Storable]
Comment = Annotated[str, StringConstraints(max_length=2000), Storable]

EXAMPLE: dict[str, Any] = {
    "code": "SL.UEM.TOTL.ZS",
    "name_en": "Unemployment, total (% of total labor force) (modeled ILO estimate)",
    "name_ru": "Безработица, всего (% рабочей силы) (модельная оценка МОТ)",
    "unit": "% of labour force",
    "scale": 0,
    "kind": "country",
    "non_negative": True,
    "definition_en": "Unemployment refers to the share of the labor force ...",
    "definition_ru": None,
    "topic": "B3",
    "source_organization": "International Labour Organization, ILOSTAT",
    "licence": "CC BY 4.0",
    "source_url": "https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS",
}


class IndicatorRead(BaseModel):
    """An indicator of the catalogue with the years it covers."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                EXAMPLE
                | {"first_year": 1991, "last_year": 2024, "observation_count": 1734, "version": 1}
            ]
        },
    )

    code: str = Field(description="Indicator code (World Bank WDI code where there is one).")
    name_en: str
    name_ru: str
    unit: str
    scale: int = Field(description="Power of ten of the values: 6 = values in millions.")
    kind: Kind = Field(
        description="`country`: one value per country; `bilateral`: per origin-destination pair."
    )
    non_negative: bool = Field(description="Stocks and counts: no value may be below 0.")
    definition_en: str
    definition_ru: str | None = None
    topic: str = Field(
        description="Part and section of the EC Extended Migration Profile template."
    )
    source_organization: str
    licence: str
    source_url: str
    first_year: int | None = Field(description="First year with a value.")
    last_year: int | None = Field(description="Last year with a value.")
    observation_count: int = Field(description="Values held (every source, every period).")
    version: int = Field(
        default=1,
        validation_alias=AliasChoices("row_version", "version"),
        description='Row version; the ETag is W/"<version>".',
    )


class IndicatorContent(BaseModel):
    """The editable content of a catalogue entry (everything but its code)."""

    model_config = ConfigDict(extra="forbid")

    name_en: Text200
    name_ru: Text200
    unit: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), Storable
    ]
    scale: Annotated[
        int, Field(strict=True, ge=-3, le=12, description="Power of ten: 6 = millions.")
    ] = 0
    kind: Kind = "country"
    non_negative: Annotated[bool, Field(strict=True)] = False
    definition_en: Annotated[str, StringConstraints(min_length=1, max_length=10_000), Storable]
    definition_ru: Annotated[str, StringConstraints(max_length=10_000), Storable] | None = None
    topic: Topic = Field(description="Template part or section: A-G, or B1-B4, C1-C5.")
    source_organization: Annotated[str, StringConstraints(min_length=1, max_length=2000), Storable]
    licence: Annotated[str, StringConstraints(min_length=1, max_length=60), Storable]
    source_url: Url
    comment: Comment | None = Field(
        default=None, description="Why the change was made (kept with the version)."
    )


class IndicatorCreate(IndicatorContent):
    """A new catalogue entry."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                EXAMPLE
                | {
                    "code": "NSO.MIG.EMIG",
                    "name_en": "Emigrants registered by the national statistics office",
                    "name_ru": "Эмигранты по данным национальной статистики",
                    "unit": "persons",
                    "topic": "C3",
                    "source_organization": "National statistics office",
                    "licence": "CC BY 4.0",
                    "source_url": "https://example.org/emigration",
                }
            ]
        },
    )

    code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)] = Field(
        description="Letters, digits, dots and underscores (a WDI code where there is one)."
    )


class IndicatorUpdate(IndicatorContent):
    """A catalogue entry's whole content (PUT)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})


class IndicatorPatch(BaseModel):
    """Some fields of a catalogue entry (PATCH); the fields left out keep their value."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name_ru": "Безработица (% рабочей силы)"}]},
    )

    name_en: Text200 | None = None
    name_ru: Text200 | None = None
    unit: Annotated[str, StringConstraints(min_length=1, max_length=60), Storable] | None = None
    scale: Annotated[int, Field(strict=True, ge=-3, le=12)] | None = None
    kind: Kind | None = None
    non_negative: Annotated[bool, Field(strict=True)] | None = None
    definition_en: (
        Annotated[str, StringConstraints(min_length=1, max_length=10_000), Storable] | None
    ) = None
    definition_ru: Annotated[str, StringConstraints(max_length=10_000), Storable] | None = None
    topic: Topic | None = None
    source_organization: (
        Annotated[str, StringConstraints(min_length=1, max_length=2000), Storable] | None
    ) = None
    licence: Annotated[str, StringConstraints(min_length=1, max_length=60), Storable] | None = None
    source_url: Url | None = None
    comment: Comment | None = None


class DataGapRead(BaseModel):
    """Which years of an indicator have no value for a country."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "country_iso3": "XKX",
                    "indicator_code": "SM.POP.TOTL",
                    "available": 0,
                    "missing_years": [2000, 2005, 2010, 2015, 2020],
                }
            ]
        },
    )

    country_iso3: str
    indicator_code: str
    available: int = Field(description="Years in the range with a value.")
    missing_years: list[int] = Field(description="Years in the range without any value.")

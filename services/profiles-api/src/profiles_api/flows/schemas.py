"""Bilateral flow API schemas: a value per corridor, its write form, and a country's partners."""

from typing import Annotated, Literal

from imap_kit.countries import Iso3
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from profiles_api.indicators.observation_schemas import FLAGS_DOC, DatasetCode, Flags, Note, Number
from profiles_api.indicators.periods import Period
from profiles_api.indicators.schemas import CODE_PATTERN
from profiles_api.text import Storable

Direction = Literal["inbound", "outbound"]


class FlowRead(BaseModel):
    """One value of a bilateral indicator for an origin -> destination corridor and period."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "indicator_code": "KNOMAD.MIG.BILAT",
                    "origin_iso3": "GEO",
                    "origin_name_en": "Georgia",
                    "destination_iso3": "RUS",
                    "destination_name_en": "Russia",
                    "year": 2017,
                    "period": "2017",
                    "value": 449432.0,
                    "unit": "persons",
                    "scale": 0,
                    "flags": "e",
                    "note": None,
                    "source_dataset": "knomad_migration_2017",
                    "id": 42,
                    "version": 1,
                }
            ]
        },
    )

    indicator_code: str
    origin_iso3: str = Field(description="Where migrants come from / remittances are sent from.")
    origin_name_en: str
    destination_iso3: str = Field(description="Where migrants live / remittances are received.")
    destination_name_en: str
    year: int
    period: str = Field(description="`2020`, `2020-Q1` or `2020-03`.")
    value: float = Field(description="The value in `unit` × 10^`scale`.")
    unit: str
    scale: int = Field(description="Power of ten: 6 = the value is in millions.")
    flags: str = Field(description=FLAGS_DOC)
    note: str | None
    source_dataset: str
    id: int = Field(description="Record id, for editors (`/v1/flows/{id}`).")
    version: int = Field(
        validation_alias=AliasChoices("row_version", "version"),
        description='Row version; the ETag is W/"<version>".',
    )


class FlowWrite(BaseModel):
    """A bilateral value as editors send it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "indicator_code": "KNOMAD.MIG.BILAT",
                    "origin_iso3": "GEO",
                    "destination_iso3": "RUS",
                    "period": "2017",
                    "value": 449432,
                    "flags": "e",
                    "note": None,
                    "source_dataset": "knomad_migration_2017",
                }
            ]
        },
    )

    indicator_code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)] = Field(
        description="A bilateral indicator of the catalogue."
    )
    origin_iso3: Iso3
    destination_iso3: Iso3
    period: Period
    value: Number
    flags: Flags = Field(default="", description=FLAGS_DOC)
    note: Note | None = None
    source_dataset: DatasetCode = Field(description="A dataset of /v1/datasets.")
    comment: Annotated[str, StringConstraints(max_length=2000), Storable] | None = Field(
        default=None, description="Why the change was made (kept with the version)."
    )


class PartnerRead(BaseModel):
    """One partner of a country in a corridor ranking (largest value first)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rank": 1,
                    "country_iso3": "GEO",
                    "direction": "outbound",
                    "partner_iso3": "RUS",
                    "partner_name_en": "Russia",
                    "partner_name_ru": "Россия",
                    "indicator_code": "KNOMAD.MIG.BILAT",
                    "year": 2017,
                    "period": "2017",
                    "value": 449432.0,
                    "unit": "persons",
                    "scale": 0,
                    "flags": "",
                    "note": None,
                    "source_dataset": "knomad_migration_2017",
                }
            ]
        }
    )

    rank: int = Field(description="1 for the largest value.")
    country_iso3: str
    direction: Direction = Field(
        description="`inbound`: the country is the destination, partners are origins; "
        "`outbound`: the country is the origin, partners are destinations."
    )
    partner_iso3: str
    partner_name_en: str
    partner_name_ru: str
    indicator_code: str
    year: int
    period: str
    value: float
    unit: str
    scale: int
    flags: str
    note: str | None
    source_dataset: str

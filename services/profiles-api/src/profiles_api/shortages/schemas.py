"""Skill-shortage API schemas."""

from typing import Annotated, Any, Literal

from imap_kit.countries import Iso3
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from profiles_api.indicators.observation_schemas import DatasetCode, Note
from profiles_api.text import Storable

Direction = Literal["shortage", "surplus"]
Severity = Literal["critical", "high", "moderate", "low"]
IscoCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,4}$")]
NaceCode = Annotated[str, StringConstraints(pattern=r"^([A-U]|[0-9]{2}(\.[0-9]{1,2})?)$")]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{2,40}$")]

EXAMPLE: dict[str, Any] = {
    "area": "EU27-NO-CH",
    "country_iso3": None,
    "year": 2023,
    "direction": "shortage",
    "severity": "critical",
    "isco_code": "2221",
    "nace_code": None,
    "occupation_as_reported": "nursing professionals",
    "note": "critical shortage (widespread and severe); ISCO-08 code assigned by i-Map",
    "source_dataset": "ela_eures_2023",
    "source_url": "https://www.ela.europa.eu/en/news/too-many-jobs-too-few-workers",
}


class ShortageRead(BaseModel):
    """An occupation and/or sector in shortage or surplus, with its ISCO-08 and NACE titles."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                EXAMPLE
                | {"id": 1, "isco_title": "Nursing professionals", "nace_title": None, "version": 1}
            ]
        },
    )

    id: int
    area: str = Field(description="The country's ISO3 code, or an area such as `EU27-NO-CH`.")
    country_iso3: str | None = Field(description="Empty for an area-level record.")
    year: int
    direction: Direction
    severity: Severity
    isco_code: str | None = Field(description="ISCO-08 group (1-4 digits).")
    isco_title: str | None
    nace_code: str | None = Field(description="NACE Rev. 2 item (section letter, 01, 01.1...).")
    nace_title: str | None
    occupation_as_reported: str | None = Field(description="The source's own wording.")
    note: str | None
    source_dataset: str
    source_url: str | None
    version: int = Field(
        validation_alias=AliasChoices("row_version", "version"),
        description='Row version; the ETag is W/"<version>".',
    )


class ShortageWrite(BaseModel):
    """A skill-shortage record as editors send it: a country (or an area), a year, an ISCO-08
    occupation and/or a NACE sector."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "country_iso3": "GEO",
                    "year": 2024,
                    "direction": "shortage",
                    "severity": "high",
                    "isco_code": "7411",
                    "nace_code": "F",
                    "occupation_as_reported": "electricians in construction",
                    "source_dataset": "ela_eures_2023",
                }
            ]
        },
    )

    country_iso3: Iso3 | None = Field(default=None, description="The country; or leave it out…")
    area: AreaCode | None = Field(
        default=None, description="…and name an area (`EU27-NO-CH`) for an area-level record."
    )
    year: Annotated[int, Field(strict=True, ge=1900, le=2100)]
    direction: Direction = "shortage"
    severity: Severity
    isco_code: IscoCode | None = None
    nace_code: NaceCode | None = None
    occupation_as_reported: Annotated[str, StringConstraints(max_length=500), Storable] | None = (
        None
    )
    note: Note | None = None
    source_dataset: DatasetCode = Field(description="A dataset of /v1/datasets.")
    source_url: (
        Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=300), Storable]
        | None
    ) = None
    comment: Annotated[str, StringConstraints(max_length=2000), Storable] | None = Field(
        default=None, description="Why the change was made (kept with the version)."
    )

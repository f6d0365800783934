"""Observation API schemas: one value, its write form, and the country × year table."""

from typing import Annotated

from imap_kit.countries import Iso3
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from profiles_api.indicators.periods import Period
from profiles_api.text import Storable

# A finite JSON number (not a string holding one).
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Flags = Annotated[str, StringConstraints(pattern=r"^[bcefpu]{0,6}$")]
DatasetCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.-]{1,60}$")]
Note = Annotated[str, StringConstraints(max_length=2000), Storable]

FLAGS_DOC = (
    "Letters: e estimated, p provisional, b break in series, f forecast, u low reliability, "
    "c confidential (Eurostat's letters)."
)


class ObservationRead(BaseModel):
    """One value of an indicator for a country and period, with its unit and source."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "indicator_code": "SP.POP.TOTL",
                    "country_iso3": "ARM",
                    "year": 2020,
                    "period": "2020",
                    "value": 2805608.0,
                    "unit": "persons",
                    "scale": 0,
                    "flags": "",
                    "note": None,
                    "source_dataset": "wdi_2025-04-15",
                    "id": 1234,
                    "version": 1,
                }
            ]
        },
    )

    indicator_code: str
    country_iso3: str
    year: int = Field(description="The year of the period.")
    period: str = Field(description="`2020`, `2020-Q1` or `2020-03`.")
    value: float = Field(description="The value in `unit` × 10^`scale`.")
    unit: str
    scale: int = Field(description="Power of ten: 6 = the value is in millions.")
    flags: str = Field(description=FLAGS_DOC)
    note: str | None
    source_dataset: str = Field(description="Source dataset and vintage (see /v1/datasets).")
    id: int = Field(description="Record id, for editors (`/v1/observations/{id}`).")
    version: int = Field(
        validation_alias=AliasChoices("row_version", "version"),
        description='Row version; the ETag is W/"<version>".',
    )


class ObservationWrite(BaseModel):
    """A country value as editors send it (the indicator is in the path or already set)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "country_iso3": "GEO",
                    "period": "2023",
                    "value": 3736400,
                    "flags": "p",
                    "note": "Provisional estimate of 1 January.",
                    "source_dataset": "wdi_2025-04-15",
                }
            ]
        },
    )

    country_iso3: Iso3
    period: Period
    value: Number
    flags: Flags = Field(default="", description=FLAGS_DOC)
    note: Note | None = None
    source_dataset: DatasetCode = Field(description="A dataset of /v1/datasets.")
    comment: Annotated[str, StringConstraints(max_length=2000), Storable] | None = Field(
        default=None, description="Why the change was made (kept with the version)."
    )


class TableRow(BaseModel):
    """One country's values of an indicator, one entry per year (null where none)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "country_iso3": "ARM",
                    "name_en": "Armenia",
                    "name_ru": "Армения",
                    "indicator_code": "SP.POP.TOTL",
                    "unit": "persons",
                    "scale": 0,
                    "values": {"2019": 2820602.0, "2020": 2805608.0, "2021": None},
                    "flags": {},
                    "sources": ["wdi_2025-04-15"],
                }
            ]
        }
    )

    country_iso3: str
    name_en: str
    name_ru: str
    indicator_code: str
    unit: str
    scale: int
    values: dict[str, float | None] = Field(description="Year -> value, every year of the range.")
    flags: dict[str, str] = Field(description="Year -> flags, only for flagged values.")
    sources: list[str] = Field(description="Datasets the row's values come from.")

    def flat(self, years: list[int]) -> dict[str, object]:
        """The row with one column per year (CSV and XLSX)."""
        head = self.model_dump(exclude={"values", "flags", "sources"})
        cells = {str(y): self.values.get(str(y)) for y in years}
        flags = ";".join(f"{y}={f}" for y, f in self.flags.items())
        return head | cells | {"flags": flags, "sources": ";".join(self.sources)}


class FlatRow(BaseModel):
    """A row whose columns are only known at run time (the table's years)."""

    model_config = ConfigDict(extra="allow")

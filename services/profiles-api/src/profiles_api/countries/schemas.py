"""Country API schemas."""

from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from profiles_api.text import Storable

PPGroup = Literal[
    "EU27",
    "Schengen-associated",
    "Western Balkans",
    "Eastern Partnership",
    "Central Asia",
    "Russia",
    "Turkey",
    "United Kingdom",
]


class CountryRead(BaseModel):
    """A state of the Prague Process scope."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "iso3": "ARM",
                    "iso2": "AM",
                    "iso_numeric": "051",
                    "wb_code": "ARM",
                    "eurostat_geo": "AM",
                    "name_en": "Armenia",
                    "name_ru": "Армения",
                    "official_name_en": "Republic of Armenia",
                    "pp_group": "Eastern Partnership",
                    "pp_status": "listed",
                    "eu_member": False,
                    "schengen_member": False,
                    "capital": "Yerevan",
                    "wb_region": "Europe & Central Asia",
                    "wb_income_group": "Upper middle income",
                    "version": 1,
                }
            ]
        },
    )

    iso3: str
    iso2: str
    iso_numeric: str | None = Field(description="ISO numeric code; none for Kosovo.")
    wb_code: str = Field(description="World Bank economy code.")
    eurostat_geo: str = Field(description="Eurostat geo code (Greece EL, UK UK).")
    name_en: str
    name_ru: str
    official_name_en: str | None
    pp_group: str = Field(description="Prague Process group.")
    pp_status: str = Field(
        description=(
            "`listed` on the Prague Process site, else `not_listed_uk` or `not_listed_schengen`."
        )
    )
    eu_member: bool
    schengen_member: bool = Field(description="Full Schengen member as of 2025-01-01.")
    capital: str | None
    wb_region: str | None = Field(default=None, description="World Bank region (WDI metadata).")
    wb_income_group: str | None = Field(
        default=None, description="World Bank income group (WDI metadata)."
    )
    version: int = Field(
        default=1,
        validation_alias=AliasChoices("row_version", "version"),
        description='Row version; the ETag is W/"<version>".',
    )


EDITABLE = ("name_en", "name_ru", "official_name_en", "capital")
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), Storable
]


class CountryUpdate(BaseModel):
    """The register's editable fields (codes, groups and flags come from the reference data)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name_ru": "Армения", "capital": "Yerevan"}]},
    )

    name_en: Name | None = None
    name_ru: Name | None = None
    official_name_en: Annotated[str, StringConstraints(max_length=200), Storable] | None = None
    capital: Name | None = None
    comment: Annotated[str, StringConstraints(max_length=2000), Storable] | None = Field(
        default=None, description="Why the change was made (kept with the version)."
    )


GROUP_NAMES_RU = {
    "EU27": "ЕС-27",
    "Schengen-associated": "Ассоциированные страны Шенгена",
    "Western Balkans": "Западные Балканы",
    "Eastern Partnership": "Восточное партнёрство",
    "Central Asia": "Центральная Азия",
    "Russia": "Россия",
    "Turkey": "Турция",
    "United Kingdom": "Соединённое Королевство",
}


class GroupRead(BaseModel):
    """A Prague Process group of states with its members."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Central Asia",
                    "name_ru": "Центральная Азия",
                    "member_count": 5,
                    "members": ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
                }
            ]
        }
    )

    name: str = Field(description="The value `group=` filters take.")
    name_ru: str
    member_count: int
    members: list[str] = Field(description="ISO3 codes of the member states, sorted.")

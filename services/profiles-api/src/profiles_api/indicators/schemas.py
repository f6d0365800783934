"""Indicator API schemas."""

from pydantic import BaseModel, ConfigDict, Field


class IndicatorRead(BaseModel):
    """An indicator of the catalogue with the years it covers."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "code": "SL.UEM.TOTL.ZS",
                    "name_en": "Unemployment, total (% of total labor force)",
                    "name_ru": "Безработица, всего (% рабочей силы) (модельная оценка МОТ)",
                    "unit": "% of labour force",
                    "definition_en": "Unemployment refers to the share of the labor force ...",
                    "topic": "B3",
                    "source_organization": "International Labour Organization, ILOSTAT",
                    "licence": "CC BY 4.0",
                    "source_url": "https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS",
                    "first_year": 2000,
                    "last_year": 2024,
                    "observation_count": 1222,
                }
            ]
        },
    )

    code: str = Field(description="Indicator code (World Bank WDI code).")
    name_en: str
    name_ru: str
    unit: str
    definition_en: str
    topic: str = Field(
        description="Part and section of the EC Extended Migration Profile template."
    )
    source_organization: str
    licence: str
    source_url: str
    first_year: int | None = Field(description="First year with a value.")
    last_year: int | None = Field(description="Last year with a value.")
    observation_count: int


class ObservationRead(BaseModel):
    """One yearly value."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "indicator_code": "SP.POP.TOTL",
                    "country_iso3": "ARM",
                    "year": 2020,
                    "value": 2805608.0,
                    "unit": "persons",
                    "source": "wdi_2025-04-15",
                }
            ]
        },
    )

    indicator_code: str
    country_iso3: str
    year: int
    value: float
    unit: str
    source: str = Field(description="Source dataset and vintage the value comes from.")


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

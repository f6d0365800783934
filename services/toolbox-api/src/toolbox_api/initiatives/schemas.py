"""Initiative API schemas."""

from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["bilateral", "multilateral", "regional"]


class InitiativeRead(BaseModel):
    """An initiative with its countries and themes."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": 1,
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
                }
            ]
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

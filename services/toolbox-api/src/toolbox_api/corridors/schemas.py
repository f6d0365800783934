"""Corridor link schemas."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from toolbox_api.common.schemas import Corridor


class LinkedRecord(BaseModel):
    """An initiative or practice with the corridors and routes it touches."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "initiative",
                    "id": 12,
                    "slug": "germany-uzbekistan-labour-migration",
                    "title_en": "...",
                    "title_ru": "...",
                    "corridors": [{"from": "UZB", "to": "DEU"}],
                    "routes": [],
                    "href": "/v1/initiatives/12",
                }
            ]
        }
    )

    type: Literal["initiative", "practice"]
    id: int
    slug: str
    title_en: str
    title_ru: str
    corridors: list[Corridor] = Field(description="Origin -> destination pairs, ISO3.")
    routes: list[str] = Field(description="map-api route slugs.")
    href: str = Field(description="The record's path in this API.")

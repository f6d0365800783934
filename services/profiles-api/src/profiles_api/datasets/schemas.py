"""Dataset API schemas."""

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from profiles_api.text import Storable

EXAMPLE: dict[str, Any] = {
    "code": "wdi_2025-04-15",
    "title": "World Development Indicators (last updated 2025-04-15)",
    "publisher": "World Bank",
    "vintage": "2025-04-15",
    "licence": "CC BY 4.0",
    "source_url": "https://datacatalog.worldbank.org/search/dataset/0037712",
    "priority": 60,
    "note": None,
}


class DatasetRead(BaseModel):
    """A source dataset and vintage, with how many values come from it."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                EXAMPLE | {"observation_count": 4898, "flow_count": 0, "shortage_count": 0}
            ]
        },
    )

    code: str
    title: str
    publisher: str
    vintage: date | None = Field(description="The publisher's last-updated date, when known.")
    licence: str
    source_url: str
    priority: int = Field(
        description="Where several datasets give a value for the same cell, the default view "
        "shows the one with the highest priority, then the newest vintage."
    )
    note: str | None
    observation_count: int = Field(description="Country values from this dataset.")
    flow_count: int = Field(description="Bilateral values from this dataset.")
    shortage_count: int = Field(description="Skill-shortage records from this dataset.")


class DatasetCreate(BaseModel):
    """A new source dataset, described before values are entered from it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "geostat_2024",
                    "title": "National Statistics Office of Georgia, migration statistics 2024",
                    "publisher": "National Statistics Office of Georgia (Geostat)",
                    "vintage": "2024-06-30",
                    "licence": "CC BY 4.0",
                    "source_url": "https://www.geostat.ge/en/modules/categories/322/migration",
                    "priority": 70,
                    "note": "Entered by the Georgian focal point.",
                }
            ]
        },
    )

    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.-]{1,60}$")] = Field(
        description="Lower-case letters, digits, `_`, `.` and `-`; name the vintage in it."
    )
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Storable
    ]
    publisher: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable
    ]
    vintage: date | None = None
    licence: Annotated[str, StringConstraints(min_length=1, max_length=60), Storable]
    source_url: Annotated[
        str, StringConstraints(pattern=r"^https?://\S+$", max_length=300), Storable
    ]
    priority: Annotated[int, Field(strict=True, ge=0, le=100)] = 50
    note: Annotated[str, StringConstraints(max_length=2000), Storable] | None = None

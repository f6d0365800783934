"""Classification API schemas."""

from pydantic import BaseModel, ConfigDict, Field


class IscoGroupRead(BaseModel):
    """An ISCO-08 occupation group."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "code": "2221",
                    "level": 4,
                    "level_name": "unit group",
                    "parent_code": "222",
                    "title_en": "Nursing professionals",
                    "esco_uri": "http://data.europa.eu/esco/isco/C2221",
                }
            ]
        },
    )

    code: str = Field(description="ISCO-08 code: 1 digit (major group) to 4 digits (unit group).")
    level: int = Field(ge=1, le=4)
    level_name: str = Field(description="major group, sub-major group, minor group, unit group.")
    parent_code: str | None = Field(description="The enclosing group (null for major groups).")
    title_en: str
    esco_uri: str | None = Field(description="The group's concept URI in ESCO v1.1.")


class NaceActivityRead(BaseModel):
    """A NACE Rev. 2 economic activity."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "code": "49.41",
                    "version": "NACE Rev. 2",
                    "level": 4,
                    "level_name": "class",
                    "parent_code": "49.4",
                    "title_en": "Freight transport by road",
                }
            ]
        },
    )

    code: str = Field(
        description="Section letter (A-U), division (49), group (49.4), class (49.41)."
    )
    version: str
    level: int = Field(ge=1, le=4)
    level_name: str = Field(description="section, division, group or class.")
    parent_code: str | None = Field(description="The enclosing item (null for sections).")
    title_en: str

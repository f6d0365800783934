"""Theme API schemas."""

from pydantic import BaseModel, ConfigDict


class ThemeRead(BaseModel):
    """A thematic area."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "code": "legal-migration",
                    "number": 3,
                    "name_en": "Legal migration and mobility, with emphasis on labour migration",
                    "name_ru": "Законная миграция и мобильность с акцентом на трудовую миграцию",
                    "description_en": "...",
                    "description_ru": "...",
                }
            ]
        },
    )

    code: str
    number: int
    name_en: str
    name_ru: str
    description_en: str
    description_ru: str

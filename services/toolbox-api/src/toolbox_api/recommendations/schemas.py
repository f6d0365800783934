"""Transfer recommendation schemas: a suggested practice, why, and the answer around it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from toolbox_api.recommendations.scoring import WEIGHTS


class Reason(BaseModel):
    """One component of the score, explained in English and Russian."""

    component: str = Field(description=f"One of {', '.join(WEIGHTS)}.")
    weight: float = Field(description="Its weight in the score.")
    score: float | None = Field(description="0..1; null when it could not be computed.")
    en: str
    ru: str


class Suggestion(BaseModel):
    """A practice that worked elsewhere, ranked for the country."""

    practice_id: int
    slug: str
    href: str = Field(description="The practice's detail path.")
    title_en: str
    title_ru: str
    evidence: str
    applied_in: list[str] = Field(description="States where it was applied (ISO3).")
    score: float = Field(description="Weighted mean of the known components, 0..1.")
    components: dict[str, float | None]
    reasons: list[Reason]
    named_by: list[str] = Field(
        default_factory=list,
        description="With `objective`: codes of the strategy's recommendations naming it.",
    )


class Target(BaseModel):
    """What the practices are ranked for."""

    country: str
    name_en: str
    name_ru: str
    theme: str
    objective: str | None = None
    text_en: str = Field(
        description="The theme's or objective's text the practices are compared to."
    )
    text_ru: str
    group: str | None = Field(description="The country's Prague Process group (profiles-api).")
    corridor_role: str | None = Field(
        description="origin or destination, as the country mostly appears in the toolbox's "
        "corridors; null when it does not or equally."
    )


class RecommendationList(BaseModel):
    """Ranked practices for a country and a theme or objective."""

    target: Target
    items: list[Suggestion]
    total: int
    weights: dict[str, float] = Field(description="The score's components and weights.")
    degraded: bool = Field(
        description="True when profiles-api could not be asked: group and indicator "
        "similarity are left out and the score is the mean of the other components."
    )
    notes: list[str] = Field(default_factory=list)

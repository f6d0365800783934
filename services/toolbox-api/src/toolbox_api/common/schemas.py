"""Schemas every toolbox record uses: sources, corridors, country and organisation roles."""

from __future__ import annotations

from typing import Annotated, Any

from imap_kit.countries import Iso3
from imap_kit.editorial import Action
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from toolbox_api.common.codes import CountryRole, OrganisationRole
from toolbox_api.common.text import Name, Safe, Title


class Source(BaseModel):
    """A public source: the first one of a record is its primary source."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"title": "European Commission: press release", "url": "https://ec.europa.eu/"}
            ]
        }
    )

    title: Title
    url: Annotated[HttpUrl, Field(description="http(s) address of the source.")]

    def stored(self) -> dict[str, str]:
        """As kept in the record's `sources` column."""
        return {"title": self.title, "url": str(self.url)}


class SourceRead(BaseModel):
    """A cited source."""

    title: str
    url: str


class Corridor(BaseModel):
    """An origin -> destination pair of states the record touches (ISO3)."""

    model_config = ConfigDict(
        populate_by_name=True,
        serialize_by_alias=True,
        json_schema_extra={"examples": [{"from": "UZB", "to": "DEU"}]},
    )

    origin: Iso3 = Field(alias="from", description="Origin state, ISO3.")
    destination: Iso3 = Field(alias="to", description="Destination state, ISO3.")

    @model_validator(mode="after")
    def _two_ends(self) -> Corridor:
        if self.origin == self.destination:
            raise ValueError("a corridor joins two different states")
        return self


class CountryLink(BaseModel):
    """A participating state and its role."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"iso3": "MDA", "role": "partner"}]})

    iso3: Iso3
    role: CountryRole = Field(
        default="partner",
        description="implementer: implementing or donor state; partner: partner or beneficiary "
        "state.",
    )


class OrganisationLink(BaseModel):
    """An organisation and its role (implementer, donor or partner)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "IOM", "role": "implementer"}]}
    )

    name: Name
    role: OrganisationRole


class Reference(BaseModel):
    """Another record, named (with a link to read it)."""

    id: int
    slug: str
    title_en: str
    title_ru: str


class TransitionRequest(BaseModel):
    """A workflow step with an optional comment (required to return a submission)."""

    model_config = {"json_schema_extra": {"examples": [{"action": "submit", "comment": None}]}}

    action: Action
    comment: Annotated[str, StringConstraints(max_length=2000), Safe] | None = None


def corridor(origin: str, destination: str) -> Corridor:
    """A corridor from two ISO3 codes."""
    return Corridor.model_validate({"from": origin, "to": destination})


def dump(model: BaseModel) -> dict[str, Any]:
    """A model as JSON-ready data with its public field names (`from`, `to`)."""
    return model.model_dump(mode="json", by_alias=True)

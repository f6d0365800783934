"""Bodies and answers of the editors' API: GeoJSON Features of routes and crossing points.

Bodies are Features in WGS84 longitude/latitude (RFC 7946). Their geometry is typed loosely here
and checked by `editing.geometry` and PostGIS, so every problem comes back as a 422 naming the
exact position. Read-only properties a GET answer carries (`status`, `version`, `created_at`,
`updated_at`) and the Feature's `id`, `bbox` and `links` are ignored in bodies, so an answer can
be edited and sent back as it is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from imap_kit.countries import Iso3
from imap_kit.editorial import Access, Action, Status
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from map_api.editing import examples
from map_api.routes.models import POINT_TYPES, ROUTE_KINDS

READ_ONLY = ("status", "version", "created_at", "updated_at", "id")


def _storable(value: str) -> str:
    """Text PostgreSQL can store: no NUL, no lone surrogate (else a 500 at write time)."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode (it holds a lone surrogate)") from None
    return value


Storable = AfterValidator(_storable)
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000), Storable
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Stable identifier: lower-case words joined by hyphens."),
]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]
Flag = Annotated[bool, Field(strict=True)]
RouteKind = Literal["land", "sea", "air", "mixed"]
PointType = Literal["road", "rail", "sea_port", "airport", "green_border"]
assert set(RouteKind.__args__) == set(ROUTE_KINDS)  # type: ignore[attr-defined]
assert set(PointType.__args__) == set(POINT_TYPES)  # type: ignore[attr-defined]

GEOMETRY_NOTE = (
    "WGS84 longitude, latitude (RFC 7946); an altitude is dropped. A GeoJSON 2008 `crs` member "
    "naming another EPSG CRS (e.g. `urn:ogc:def:crs:EPSG::3857`) is converted with ST_Transform."
)


def _geometry_schema(types: tuple[str, ...], nullable: bool) -> WithJsonSchema:
    schema: dict[str, Any] = {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"type": "string", "enum": list(types)},
            "coordinates": {"type": "array", "description": "Positions: [longitude, latitude]."},
        },
        "description": GEOMETRY_NOTE,
    }
    return WithJsonSchema({"anyOf": [schema, {"type": "null"}]} if nullable else schema)


# Typed `Any` so that `editing.geometry` names every problem itself; documented as GeoJSON.
LineGeometryIn = Annotated[Any, _geometry_schema(("LineString", "MultiLineString"), nullable=True)]
PointGeometryIn = Annotated[Any, _geometry_schema(("Point",), nullable=False)]
CrsIn = Annotated[
    dict[str, Any] | None,
    WithJsonSchema(
        {
            "type": ["object", "null"],
            "description": "GeoJSON 2008 named CRS; omit for WGS84. Another EPSG CRS is "
            "converted to WGS84 (positions read as x, y).",
            "examples": [{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}],
        }
    ),
]


class Source(BaseModel):
    """A public source the record is drawn from."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Storable
    ]
    url: Annotated[HttpUrl, Field(description="http(s) URL.")]


class _Properties(BaseModel):
    """Drops the read-only members a GET answer carries, so answers can be sent back."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_read_only(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in READ_ONLY}
        return data


class RouteProperties(_Properties):
    """The editable content of a migration route."""

    slug: Slug
    name_en: Name = Field(description="English name (as Frontex names the route).")
    name_ru: Name
    kind: RouteKind = Field(description="land, sea, air, or mixed (land and sea).")
    valid_from: Day = Field(description="First day the route is used under this name.")
    valid_to: Day | None = Field(
        default=None, description="Day the name went out of use (exclusive); null while in use."
    )
    description_en: LongText
    description_ru: LongText
    countries: list[Iso3] = Field(
        max_length=60,
        description="ISO3 codes of the states the route runs through: also who may edit it "
        "(contributors of any of them).",
    )
    sources: list[Source] = Field(default_factory=list, max_length=50)
    indicative: Flag = Field(default=True, description="The line is a sketch, not surveyed.")
    access: Access = Access.public


class RoutePatch(_Properties):
    """Some properties of a route (PATCH); those left out keep their value."""

    slug: Slug | None = None
    name_en: Name | None = None
    name_ru: Name | None = None
    kind: RouteKind | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None
    description_en: LongText | None = None
    description_ru: LongText | None = None
    countries: list[Iso3] | None = Field(default=None, max_length=60)
    sources: list[Source] | None = Field(default=None, max_length=50)
    indicative: Flag | None = None
    access: Access | None = None


class PointProperties(_Properties):
    """The editable content of a border crossing point."""

    slug: Slug
    name_en: Name = Field(description="English name (both sides).")
    name_ru: Name
    type: PointType = Field(description="Kind of crossing.")
    country_a: Iso3 = Field(description="The state on one side (contributors of either side edit).")
    country_b: Iso3 = Field(description="The state on the other side.")
    route: Slug | None = Field(default=None, description="Slug of the route it lies on, or null.")
    approximate: Flag = Field(default=True, description="The position is approximate.")
    description_en: LongText | None = None
    description_ru: LongText | None = None
    sources: list[Source] = Field(default_factory=list, max_length=50)
    access: Access = Access.public


class PointPatch(_Properties):
    """Some properties of a crossing point (PATCH); those left out keep their value."""

    slug: Slug | None = None
    name_en: Name | None = None
    name_ru: Name | None = None
    type: PointType | None = None
    country_a: Iso3 | None = None
    country_b: Iso3 | None = None
    route: Slug | None = None
    approximate: Flag | None = None
    description_en: LongText | None = None
    description_ru: LongText | None = None
    sources: list[Source] | None = Field(default=None, max_length=50)
    access: Access | None = None


FEATURE_NOTE = "A GeoJSON Feature; `id`, `bbox`, `links` and read-only properties are ignored."


class RouteFeatureIn(BaseModel):
    """A route as a GeoJSON Feature (LineString or MultiLineString, stored as MultiLineString)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ROUTE_IN]})

    type: Literal["Feature"] = Field(description=FEATURE_NOTE)
    geometry: LineGeometryIn = Field(description="The line; null for a route not drawn.")
    properties: RouteProperties
    crs: CrsIn = None


class RoutePatchIn(BaseModel):
    """Changes to a route: a new geometry and/or some properties (JSON merge patch)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"type": "Feature", "properties": {"valid_to": "2024-01-01"}}]
        }
    )

    type: Literal["Feature"] = "Feature"
    geometry: LineGeometryIn = Field(default=None, description="Omit to keep the line.")
    properties: RoutePatch = Field(default_factory=RoutePatch)
    crs: CrsIn = None


class PointFeatureIn(BaseModel):
    """A crossing point as a GeoJSON Feature (Point)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.POINT_IN]})

    type: Literal["Feature"] = Field(description=FEATURE_NOTE)
    geometry: PointGeometryIn
    properties: PointProperties
    crs: CrsIn = None


class PointPatchIn(BaseModel):
    """Changes to a crossing point: a new position and/or some properties (JSON merge patch)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [41.55, 41.52]}}
            ]
        }
    )

    type: Literal["Feature"] = "Feature"
    geometry: Annotated[dict[str, Any] | None, _geometry_schema(("Point",), nullable=True)] = Field(
        default=None, description="Omit to keep the position."
    )
    properties: PointPatch = Field(default_factory=PointPatch)
    crs: CrsIn = None


class Link(BaseModel):
    """A related resource."""

    href: str
    rel: str
    type: str
    title: str


class Workflow(BaseModel):
    """Read-only state every record carries."""

    status: Status
    version: int = Field(description='Row version; the ETag is W/"<version>".')
    created_at: datetime
    updated_at: datetime


class RouteRead(Workflow):
    """A route's properties with its workflow state."""

    slug: str
    name_en: str
    name_ru: str
    kind: RouteKind
    valid_from: date
    valid_to: date | None
    description_en: str
    description_ru: str
    countries: list[str]
    sources: list[dict[str, Any]]
    indicative: bool
    access: Access


class PointRead(Workflow):
    """A crossing point's properties with its workflow state."""

    slug: str
    name_en: str
    name_ru: str
    type: PointType
    country_a: str
    country_b: str
    route: str | None
    approximate: bool
    description_en: str | None
    description_ru: str | None
    sources: list[dict[str, Any]]
    access: Access


class GeometryOut(BaseModel):
    """A GeoJSON geometry in WGS84."""

    type: Literal["MultiLineString", "Point"]
    coordinates: list[Any]


class RouteFeature(BaseModel):
    """A route as a GeoJSON Feature, with its workflow state and links."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ROUTE_FEATURE]})

    type: Literal["Feature"] = "Feature"
    id: int = Field(description="Record id (the OGC collection's feature id is the slug).")
    geometry: GeometryOut | None
    properties: RouteRead
    links: list[Link]


class PointFeature(BaseModel):
    """A crossing point as a GeoJSON Feature, with its workflow state and links."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.POINT_FEATURE]})

    type: Literal["Feature"] = "Feature"
    id: int = Field(description="Record id (the OGC collection's feature id is the slug).")
    geometry: GeometryOut
    properties: PointRead
    links: list[Link]


class TransitionRequest(BaseModel):
    """A workflow step with an optional comment (required to return a submission)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"action": "submit", "comment": None}]}
    )

    action: Action
    comment: Annotated[str, StringConstraints(max_length=2000), Storable] | None = None


class RouteCollection(BaseModel):
    """A page of routes as a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[RouteFeature]
    numberMatched: int = Field(description="Routes matching, across all pages.")
    numberReturned: int
    links: list[Link] = Field(description="self, first, next and prev pages.")


class PointCollection(BaseModel):
    """A page of crossing points as a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PointFeature]
    numberMatched: int = Field(description="Crossing points matching, across all pages.")
    numberReturned: int
    links: list[Link] = Field(description="self, first, next and prev pages.")

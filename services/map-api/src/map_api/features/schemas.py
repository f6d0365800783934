"""Response documents of the OGC API, for the OpenAPI description (answers are built as JSON
text directly; these models describe them)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Link(BaseModel):
    """A link to a related resource."""

    href: str = Field(examples=["https://example.org/api/map/v1/collections"])
    rel: str = Field(examples=["data"])
    type: str | None = Field(default=None, examples=["application/json"])
    title: str | None = None


class LandingPage(BaseModel):
    """The entry point: title, description and links to everything else."""

    title: str
    description: str
    links: list[Link]


class Conformance(BaseModel):
    """The conformance classes this API implements."""

    conformsTo: list[str] = Field(
        examples=[["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"]]
    )


class SpatialExtent(BaseModel):
    """Bounding box in CRS84 (west, south, east, north)."""

    bbox: list[list[float]] = Field(examples=[[[-31.3, 27.6, 180.0, 81.9]]])
    crs: str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


class TemporalExtent(BaseModel):
    """First and last instant covered (null: open)."""

    interval: list[list[str | None]] = Field(
        examples=[[["2009-01-01T00:00:00Z", "2025-04-30T23:59:59Z"]]]
    )
    trs: str = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


class Extent(BaseModel):
    """Spatial and temporal extent of a collection."""

    spatial: SpatialExtent | None = None
    temporal: TemporalExtent | None = None


class CollectionInfo(BaseModel):
    """A collection: what it holds, its extent and its links."""

    id: str = Field(examples=["routes"])
    title: str
    description: str
    keywords: list[str] = []
    attribution: str = ""
    itemType: Literal["feature"] = "feature"
    crs: list[str]
    storageCrs: str
    extent: Extent
    links: list[Link]


class Collections(BaseModel):
    """Every collection."""

    links: list[Link]
    collections: list[CollectionInfo]


class Geometry(BaseModel):
    """A GeoJSON geometry in longitude/latitude (CRS84)."""

    type: Literal["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
    coordinates: list[Any]


class Feature(BaseModel):
    """A GeoJSON feature."""

    model_config = ConfigDict(extra="allow")

    type: Literal["Feature"]
    id: str | int
    bbox: list[float] | None = Field(
        default=None, description="[west, south, east, north]; west > east across 180 degrees."
    )
    geometry: Geometry | None
    properties: dict[str, Any]
    links: list[Link] | None = None


class FeatureCollection(BaseModel):
    """A page of features with the OGC paging members."""

    type: Literal["FeatureCollection"]
    features: list[Feature]
    numberMatched: int = Field(description="Features matching the request, over all pages.")
    numberReturned: int = Field(description="Features in this page.")
    links: list[Link] = Field(description="self, alternate, next, prev and collection.")


QUERYABLES_EXAMPLE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.org/api/map/v1/collections/routes/queryables",
    "type": "object",
    "title": "Migration routes",
    "properties": {
        "geometry": {"format": "geometry-multilinestring", "x-ogc-role": "primary-geometry"},
        "kind": {"type": "string", "enum": ["land", "sea", "air", "mixed"]},
    },
    "additionalProperties": False,
}

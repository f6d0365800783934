"""GeoJSON response documents (RFC 7946) and the `application/geo+json` response class."""

from __future__ import annotations

from typing import Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

GEOJSON = "application/geo+json"


class GeoJSONResponse(JSONResponse):
    """JSON with the GeoJSON media type."""

    media_type = GEOJSON


class Geometry(BaseModel):
    """A GeoJSON geometry in WGS84 longitude/latitude."""

    type: Literal["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
    coordinates: list[Any]


class Link(BaseModel):
    """A hypermedia link."""

    href: str
    rel: str
    type: str | None = None


class Feature(BaseModel):
    """A GeoJSON feature with its id and properties."""

    type: Literal["Feature"]
    id: str
    bbox: list[float] | None = Field(
        default=None, description="[west, south, east, north]; west > east across the antimeridian."
    )
    geometry: Geometry
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    """A page of features with OGC API - Features paging counts and links."""

    type: Literal["FeatureCollection"]
    features: list[Feature]
    numberMatched: int
    numberReturned: int
    links: list[Link]


def feature_collection_json(features: list[str], matched: int, links: list[Link]) -> str:
    """Assemble a FeatureCollection from features already serialised by PostGIS."""
    head = '{"type":"FeatureCollection","features":['
    tail = (
        f'],"numberMatched":{matched},"numberReturned":{len(features)},'
        f'"links":[{",".join(link.model_dump_json(exclude_none=True) for link in links)}]}}'
    )
    return head + ",".join(features) + tail

"""Documents of the tile endpoints, for the OpenAPI description (answers are built as dicts;
these models describe them): tile matrix set lists, tileset lists, OGC tileset metadata and
TileJSON 3.0."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from map_api.features.schemas import Link


class TemplatedLink(Link):
    """A link; `templated` hrefs carry `{tileMatrix}/{tileRow}/{tileCol}`."""

    templated: bool | None = None


class TileMatrixSetRef(BaseModel):
    """A tile matrix set offered."""

    id: str = Field(examples=["WebMercatorQuad"])
    title: str
    uri: str = Field(examples=["http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"])
    crs: str
    links: list[Link]


class TileMatrixSets(BaseModel):
    """The tile matrix sets offered."""

    tileMatrixSets: list[TileMatrixSetRef]
    links: list[Link]


class TileSetRef(BaseModel):
    """A tileset in a list."""

    title: str
    dataType: Literal["vector"] = "vector"
    crs: str = Field(examples=["http://www.opengis.net/def/crs/EPSG/0/3857"])
    tileMatrixSetURI: str
    links: list[Link]


class TileSets(BaseModel):
    """The tilesets of a collection or of the dataset."""

    links: list[Link]
    tilesets: list[TileSetRef]


class TileLayer(BaseModel):
    """A layer of the tiles (one MVT layer)."""

    id: str = Field(examples=["routes"])
    title: str
    description: str
    dataType: Literal["vector"] = "vector"
    geometryDimension: int = Field(description="0 points, 1 lines, 2 polygons.")
    minTileMatrix: str
    maxTileMatrix: str
    propertiesSchema: dict[str, Any]


class TileSetMetadata(BaseModel):
    """OGC tileset metadata (2D TMS 2.0): layers, limits, bounding box and links (`item`:
    the tile URL template; `alternate`: TileJSON)."""

    model_config = ConfigDict(extra="allow")

    title: str
    description: str
    attribution: str
    dataType: Literal["vector"] = "vector"
    crs: str
    tileMatrixSetURI: str
    tileMatrixSetLimits: list[dict[str, Any]]
    boundingBox: dict[str, Any]
    centerPoint: dict[str, Any]
    layers: list[TileLayer]
    links: list[TemplatedLink]


class VectorLayer(BaseModel):
    """A TileJSON vector layer: its id (the MVT layer name) and attributes."""

    id: str
    description: str
    minzoom: int
    maxzoom: int
    fields: dict[str, str] = Field(description="Attribute name -> type and meaning.")


class TileJSON(BaseModel):
    """TileJSON 3.0.0, for MapLibre GL (`{"type": "vector", "url": ...}`), QGIS and others."""

    tilejson: Literal["3.0.0"] = "3.0.0"
    name: str
    description: str
    version: str
    attribution: str
    scheme: Literal["xyz"] = "xyz"
    tiles: list[str] = Field(
        examples=[["https://example.org/api/map/v1/tiles/WebMercatorQuad/{z}/{y}/{x}"]]
    )
    minzoom: int
    maxzoom: int
    bounds: list[float] = Field(description="West, south, east, north (degrees).")
    center: list[float] = Field(description="Longitude, latitude, zoom.")
    vector_layers: list[VectorLayer]


TILEJSON_EXAMPLE = {
    "tilejson": "3.0.0",
    "name": "Migration routes",
    "tiles": [
        "https://example.org/api/map/v1/collections/routes/tiles/WebMercatorQuad/{z}/{y}/{x}"
    ],
    "minzoom": 0,
    "maxzoom": 16,
    "vector_layers": [{"id": "routes", "fields": {"slug": "String: Stable identifier."}}],
}

"""The tile matrix set (WebMercatorQuad from morecantile), checks of tile coordinates, and the
documents describing them (OGC Two Dimensional Tile Matrix Set 2.0)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import morecantile

from map_api.tiles.exceptions import InvalidTile, TileMatrixSetNotFound, TileOutOfRange

TMS_ID = "WebMercatorQuad"
TMS = morecantile.tms.get(TMS_ID)
MAX_ZOOM = 16  # deepest tiles served: the data are 1:50m boundaries and ~1 km positions
EXTENT = 4096  # MVT grid units per tile side
BUFFER = 64  # grid units drawn beyond the tile edge (lines and outlines join without gaps)
MVT = "application/vnd.mapbox-vector-tile"
CRS_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
MERCATOR_LAT = 85.0511287798066  # where the square Web Mercator world ends


@dataclass(frozen=True)
class TileId:
    """A tile of WebMercatorQuad: zoom (tile matrix), row (y) and column (x)."""

    z: int
    y: int
    x: int


def check_tms(tms_id: str) -> None:
    """Only WebMercatorQuad is offered (404 otherwise)."""
    if tms_id != TMS_ID:
        raise TileMatrixSetNotFound(tms_id, [TMS_ID])


def check_tile(z: int, y: int, x: int) -> TileId:
    """A tile of the served range: a zoom outside the tile matrix set is a 400, a zoom beyond
    the tileset's limits (0-16) or a row or column beyond 2^zoom - 1 a 404."""
    if not TMS.minzoom <= z <= TMS.maxzoom:
        raise InvalidTile.one(
            "tileMatrix", f"must be a tile matrix of {TMS_ID} ({TMS.minzoom}-{TMS.maxzoom})", z
        )
    if z > MAX_ZOOM:
        raise TileOutOfRange("tileMatrix", f"tiles are served up to zoom {MAX_ZOOM}", z)
    size = 2**z
    if not 0 <= y < size:
        raise TileOutOfRange("tileRow", f"must be between 0 and {size - 1} at zoom {z}", y)
    if not 0 <= x < size:
        raise TileOutOfRange("tileCol", f"must be between 0 and {size - 1} at zoom {z}", x)
    return TileId(z, y, x)


@cache
def _definition() -> dict[str, Any]:
    """The 2D TMS 2.0 encoding, plus the 1.0 keys (`supportedCRS`, `tileMatrix` with
    `topLeftCorner`) that GDAL before 3.7 (Debian 12's, under QGIS) reads; 2.0 readers
    ignore them."""
    doc = dict(json.loads(TMS.model_dump_json(exclude_none=True)))
    doc |= {
        "type": "TileMatrixSetType",
        "identifier": doc["id"],
        "supportedCRS": doc["crs"],
        "tileMatrix": [
            {
                "type": "TileMatrixType",
                "identifier": m["id"],
                "scaleDenominator": m["scaleDenominator"],
                "topLeftCorner": m["pointOfOrigin"],
                "tileWidth": m["tileWidth"],
                "tileHeight": m["tileHeight"],
                "matrixWidth": m["matrixWidth"],
                "matrixHeight": m["matrixHeight"],
            }
            for m in doc["tileMatrices"]
        ],
    }
    return doc


def tms_doc(base: str) -> dict[str, Any]:
    """The tile matrix set definition (OGC 2D TMS 2.0 JSON) with a self link."""
    url = f"{base}/tileMatrixSets/{TMS_ID}"
    return {
        **_definition(),
        "links": [{"href": url, "rel": "self", "type": "application/json", "title": TMS.title}],
    }


def tms_list(base: str) -> dict[str, Any]:
    """The tile matrix sets offered."""
    url = f"{base}/tileMatrixSets/{TMS_ID}"
    return {
        "tileMatrixSets": [
            {
                "id": TMS_ID,
                "title": TMS.title,
                "uri": str(TMS.uri),
                "crs": CRS_3857,
                "links": [
                    {"href": url, "rel": "self", "type": "application/json", "title": TMS.title},
                    {"href": url, "rel": REL_TILING_SCHEME, "type": "application/json"},
                ],
            }
        ],
        "links": [
            {"href": f"{base}/tileMatrixSets", "rel": "self", "type": "application/json"},
        ],
    }


def limits(minzoom: int = 0, maxzoom: int = MAX_ZOOM) -> list[dict[str, Any]]:
    """tileMatrixSetLimits: every row and column of the zooms served."""
    return [
        {
            "tileMatrix": str(z),
            "minTileRow": 0,
            "maxTileRow": 2**z - 1,
            "minTileCol": 0,
            "maxTileCol": 2**z - 1,
        }
        for z in range(minzoom, maxzoom + 1)
    ]

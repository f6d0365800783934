"""Tile layers: what each MVT layer holds, derived from the collection registry.

A collection's own tileset has one layer named after the collection, carrying its properties
(dates as `YYYY-MM-DD`, arrays comma-joined, objects such as `sources` left out: fetch the
feature for them). Route statistics are aggregated per route (one line per route with the
detections of the selected months). The web map's multi-layer tileset (`/v1/tiles`) combines
countries, their label points, capitals, routes and crossing points with the properties a map
draws and labels with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, func

from map_api.features.collections import (
    CAPITALS,
    COLLECTIONS,
    COUNTRIES,
    CROSSING_POINTS,
    ROUTE_STATISTICS,
    ROUTES,
)
from map_api.features.registry import Collection, Column, Prop, TileGeometry
from map_api.routes.models import MigrationRoute as Route
from map_api.routes.models import RouteStatistic as Stat

DIMENSIONS = {"Point": 0, "LineString": 1, "MultiLineString": 1, "MultiPolygon": 2}
MVT_TYPES = {"integer": "Number", "number": "Number", "boolean": "Boolean"}


@dataclass(frozen=True)
class Attribute:
    """One MVT feature attribute: its name, SQL and JSON type."""

    name: str
    sql: Column
    type: str
    description: str


@dataclass(frozen=True)
class Layer:
    """One layer of a tile: rows of `collection.source` drawn with `geometry`."""

    id: str
    title: str
    description: str
    collection: Collection
    attributes: tuple[Attribute, ...]
    geometry: Column  # in EPSG:4326 (transformed per tile) unless `mercator` is given
    geometry_type: str
    mercator: TileGeometry | None = None
    group_by: tuple[Column, ...] = ()  # aggregated layers (route statistics)

    @property
    def dimension(self) -> int:
        """0 points, 1 lines, 2 polygons (OGC tileset metadata)."""
        return DIMENSIONS.get(self.geometry_type, 0)

    def fields(self) -> dict[str, str]:
        """TileJSON `fields`: attribute name -> type and meaning."""
        return {
            a.name: f"{MVT_TYPES.get(a.type, 'String')}: {a.description}" for a in self.attributes
        }

    def properties_schema(self) -> dict[str, Any]:
        """JSON Schema of the attributes (OGC tileset metadata `propertiesSchema`)."""
        props: dict[str, Any] = {}
        for a in self.attributes:
            kind = a.type if a.type in ("integer", "number", "boolean") else "string"
            props[a.name] = {"type": kind, "description": a.description}
        return {"type": "object", "properties": props}


def attribute(prop: Prop) -> Attribute | None:
    """A property as an MVT attribute (None for objects, which MVT cannot carry)."""
    sql: Any = prop.column
    if prop.type == "object":
        return None
    if prop.type == "date":
        sql = func.to_char(prop.column, "YYYY-MM-DD")
    elif prop.type == "array":
        sql = func.array_to_string(prop.column, ",")
    kind = "string" if prop.type in ("date", "array") else prop.type
    return Attribute(prop.name, sql, kind, prop.description)


def _attributes(
    collection: Collection, names: tuple[str, ...] | None = None
) -> tuple[Attribute, ...]:
    props = collection.properties if names is None else [collection.by_name[n] for n in names]
    return tuple(a for a in (attribute(p) for p in props) if a is not None)


def collection_layer(collection: Collection) -> Layer:
    """The single layer of a collection's own tileset: every property MVT can carry."""
    if collection.id == ROUTE_STATISTICS.id:
        return STATISTICS_LAYER
    assert collection.geometry is not None
    return Layer(
        id=collection.id,
        title=collection.title,
        description=collection.description,
        collection=collection,
        attributes=_attributes(collection),
        geometry=collection.geometry,
        geometry_type=collection.geometry_type,
        mercator=collection.tile_geometry,
    )


def _route_attributes() -> tuple[Attribute, ...]:
    month = func.to_char
    return (
        Attribute("route", Route.slug, "string", "Slug of the route."),
        Attribute("name", Route.name_en, "string", "English name of the route."),
        Attribute("name_ru", Route.name_ru, "string", "Russian name of the route."),
        Attribute("kind", Route.kind, "string", "land, sea, air or mixed."),
        Attribute(
            "detections",
            func.sum(Stat.detections).cast(Integer),
            "integer",
            "Detections in the selected months (all months without `datetime`).",
        ),
        Attribute(
            "first_month",
            month(func.min(Stat.month), "YYYY-MM"),
            "string",
            "First month with detections in the selection.",
        ),
        Attribute(
            "last_month",
            month(func.max(Stat.month), "YYYY-MM"),
            "string",
            "Last month with detections in the selection.",
        ),
    )


STATISTICS_LAYER = Layer(
    id=ROUTE_STATISTICS.id,
    title="Detections per route",
    description=(
        "One line per route with the detections of the months `datetime` selects (a month "
        "`2023-05`, an interval `2023-01/2023-12`; all months without it), summed over the "
        "nationalities and border types that `filter` and `?nationality=` keep. Routes without "
        "any reported month in the selection are left out."
    ),
    collection=ROUTE_STATISTICS,
    attributes=_route_attributes(),
    geometry=Route.geom,
    geometry_type="MultiLineString",
    group_by=(Route.id,),
)

_PLACE = ("iso3", "name", "name_ru", "role", "pp_group")

BASEMAP: tuple[Layer, ...] = (
    Layer(
        id="countries",
        title="Countries",
        description="Country outlines: Prague Process states (role=scope) and neighbours.",
        collection=COUNTRIES,
        attributes=_attributes(COUNTRIES, _PLACE),
        geometry=COUNTRIES.geometry,  # type: ignore[arg-type]
        geometry_type="MultiPolygon",
        mercator=COUNTRIES.tile_geometry,
    ),
    Layer(
        id="country-labels",
        title="Country label points",
        description="Where to put each country's name (Natural Earth label points).",
        collection=COUNTRIES,
        attributes=_attributes(COUNTRIES, _PLACE),
        geometry=COUNTRIES.label_point,  # type: ignore[arg-type]
        geometry_type="Point",
    ),
    Layer(
        id="capitals",
        title=CAPITALS.title,
        description=CAPITALS.description,
        collection=CAPITALS,
        attributes=_attributes(CAPITALS),
        geometry=CAPITALS.geometry,  # type: ignore[arg-type]
        geometry_type="Point",
    ),
    Layer(
        id="routes",
        title=ROUTES.title,
        description="Indicative route lines, in use at `datetime` (all without it).",
        collection=ROUTES,
        attributes=_attributes(
            ROUTES, ("slug", "name", "name_ru", "kind", "valid_from", "valid_to", "indicative")
        ),
        geometry=ROUTES.geometry,  # type: ignore[arg-type]
        geometry_type="MultiLineString",
    ),
    Layer(
        id="crossing-points",
        title=CROSSING_POINTS.title,
        description=CROSSING_POINTS.description,
        collection=CROSSING_POINTS,
        attributes=_attributes(
            CROSSING_POINTS,
            ("slug", "name", "name_ru", "type", "country_a", "country_b", "route", "approximate"),
        ),
        geometry=CROSSING_POINTS.geometry,  # type: ignore[arg-type]
        geometry_type="Point",
    ),
)
BASEMAP_COLLECTIONS = tuple(dict.fromkeys(layer.collection.id for layer in BASEMAP))
assert all(c in COLLECTIONS for c in BASEMAP_COLLECTIONS)

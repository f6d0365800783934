"""Extra collections: tables outside `geo` served read-only as collections and tilesets, named in
the environment variable `MAP_EXTRA_COLLECTIONS` (a JSON list; see `MapSettings`).

They are described once, at import, like the built-in collections: the id, the schema-qualified
table, the id and geometry columns, the geometry type, the properties with their JSON types and
optionally a `date` column that `datetime` selects on. Nothing is read from the database to build
them. The benchmark (`bench/map_bench.py`) serves its synthetic tables this way, so map-api and
its peers read the very same tables.

ETags and cached tiles follow the table's revision in `geo.data_revision` (key: the table name
without its schema) when the table has the `geo.bump_data_revision()` statement trigger and a row
there; without them the revision is constant, so answers only change with map-api's version.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from geoalchemy2 import Geometry
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Boolean, Date, Float, Integer, Text, column, table

from map_api.db import SRID
from map_api.features.registry import Collection, Prop, PropType, Temporal

ENV = "MAP_EXTRA_COLLECTIONS"
NAME = r"^[a-z_][a-z0-9_]{0,62}$"
SQL_TYPES: dict[str, Any] = {
    "string": Text,
    "integer": Integer,
    "number": Float,
    "boolean": Boolean,
    "date": Date,
}


class ExtraCollection(BaseModel):
    """One extra collection: a table (or view) with an id, a geometry and scalar properties."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{0,62}$", description="Collection id.")
    table: str = Field(
        pattern=NAME.removesuffix("$") + r"\." + NAME.removeprefix("^"),
        description="schema.table",
    )
    title: str = ""
    description: str = ""
    attribution: str = ""
    geometry_type: Literal["Point", "LineString", "MultiLineString", "MultiPolygon"]
    geometry: str = Field(default="geom", pattern=NAME, description="Geometry column (4326).")
    id_column: str = Field(default="id", pattern=NAME)
    id_type: Literal["integer", "string"] = "integer"
    properties: dict[str, Literal["string", "integer", "number", "boolean", "date"]] = Field(
        default_factory=dict, description="Column name -> JSON type, in output order."
    )
    datetime: str | None = Field(
        default=None, pattern=NAME, description="A date column `datetime` selects on."
    )

    def collection(self) -> Collection:
        """The registry entry."""
        schema, name = self.table.split(".")
        types: dict[str, Any] = {self.id_column: Integer if self.id_type == "integer" else Text}
        types |= {prop: SQL_TYPES[kind] for prop, kind in self.properties.items()}
        types[self.geometry] = Geometry(self.geometry_type, srid=SRID)
        source = table(name, *(column(c, t) for c, t in types.items()), schema=schema)
        kinds: dict[str, PropType] = dict(self.properties)
        temporal = None
        if self.datetime is not None:
            temporal = Temporal(source.c[self.datetime], description=self.datetime)
        return Collection(
            id=self.id,
            title=self.title or self.id,
            description=self.description or f"The table {self.table}.",
            source=source,
            id_column=source.c[self.id_column],
            id_type=self.id_type,
            geometry=source.c[self.geometry],
            geometry_type=self.geometry_type,
            properties=tuple(
                Prop(prop, source.c[prop], kind, prop) for prop, kind in kinds.items()
            ),
            default_sort=(),
            tables=(name,),
            attribution=self.attribution,
            temporal=temporal,
        )


SPECS = TypeAdapter(list[ExtraCollection])


def from_environment(taken: set[str] | frozenset[str] = frozenset()) -> dict[str, Collection]:
    """The collections `MAP_EXTRA_COLLECTIONS` describes (none when unset); an id in `taken`
    (a built-in collection's) is refused."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return {}
    out: dict[str, Collection] = {}
    for spec in SPECS.validate_json(raw):
        if spec.id in taken or spec.id in out or spec.id == "flows":
            raise ValueError(f"{ENV}: the collection id {spec.id!r} is already taken")
        out[spec.id] = spec.collection()
    return out

"""The collection registry: what OGC API - Features serves, described once.

A `Collection` names its source (a table or a join), its feature id, its geometry, its properties
with their JSON types (which double as queryables and sort keys), its time dimension, the tables
whose revisions tag its responses (ETags, caches), and which rows a caller may see. Vector tiles
(`map_api.tiles`) read the same descriptions, plus the Web Mercator copies of the geometry some
collections keep for them; the editors' API is meant to as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from imap_kit.auth import Principal
from sqlalchemy import ColumnElement, FromClause
from sqlalchemy.orm import InstrumentedAttribute

PropType = Literal["string", "integer", "number", "boolean", "date", "array", "object"]
SCALARS = ("string", "integer", "number", "boolean", "date")
Column = ColumnElement[Any] | InstrumentedAttribute[Any]  # a mapped column or an expression


@dataclass(frozen=True)
class Prop:
    """A feature property: its SQL expression, JSON type and documentation."""

    name: str
    column: Column
    type: PropType
    description: str
    enum: tuple[str, ...] | None = None
    pattern: str | None = None

    @property
    def queryable(self) -> bool:
        """Scalars can be filtered on (CQL2 and `?name=value`) and sorted by."""
        return self.type in SCALARS


@dataclass(frozen=True)
class Temporal:
    """The time dimension `datetime` applies to: dates, end exclusive and optional (open)."""

    start: Column
    end: Column | None = None
    monthly: bool = False  # each row covers the calendar month starting at `start`
    description: str = ""


@dataclass(frozen=True)
class TileGeometry:
    """Web Mercator (EPSG:3857) copies of a collection's geometry kept for vector tiles: the full
    one (what tile queries filter on, GiST-indexed) and simplified ones, each for tiles up to a
    zoom level."""

    full: Column
    bands: tuple[tuple[int, Column], ...] = ()  # (highest zoom served, column), zoom ascending

    def for_zoom(self, zoom: int) -> Column:
        """The lightest copy that still looks right at `zoom`."""
        for highest, column in self.bands:
            if zoom <= highest:
                return column
        return self.full


@dataclass(frozen=True)
class Collection:
    """One collection of features."""

    id: str
    title: str
    description: str
    source: FromClause
    id_column: Column
    id_type: Literal["string", "integer"]
    geometry: Column | None
    geometry_type: str
    properties: tuple[Prop, ...]
    default_sort: tuple[str, ...]  # property names; a leading '-' sorts descending
    tables: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    attribution: str = ""
    geometry_output: bool = True  # False: features carry `geometry: null`; filters still use it
    geometry_note: str = ""
    temporal: Temporal | None = None
    visibility: Callable[[Principal], ColumnElement[bool]] | None = None
    simplifiable: bool = False
    bbox_column: Column | None = None
    examples: dict[str, str] = field(default_factory=dict)
    tile_geometry: TileGeometry | None = None  # None: tiles transform `geometry` per request
    label_point: Column | None = None  # where a feature's label goes (the basemap's label layer)
    extra_params: tuple[str, ...] = ()  # query parameters of the collection's own (flows: year)

    @cached_property
    def by_name(self) -> dict[str, Prop]:
        """Properties by name."""
        return {p.name: p for p in self.properties}

    @cached_property
    def queryables(self) -> dict[str, Prop]:
        """The properties that can be filtered on and sorted by."""
        return {p.name: p for p in self.properties if p.queryable}

"""The `flows` collection, described like the registry's collections but built per request:
its source is the fetched values (bound arrays read by `unnest`), so the whole OGC machinery
(CQL2 filters, sorting, paging, GeoJSON and CSV built by PostGIS, vector tiles) serves it
unchanged. The arcs come along as WKB (see `arcs`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, LargeBinary, Text, column, func, literal
from sqlalchemy.dialects.postgresql import ARRAY

from map_api.db import SRID
from map_api.features.registry import Collection, Prop

ID = "flows"
TITLE = "Bilateral flows between capitals"
DESCRIPTION = (
    "Origin-destination values of a bilateral indicator of profiles-api (migrant stocks, "
    "remittances, asylum applications, refugees, ...) drawn as curved arcs from the origin's "
    "capital to the destination's, bent to the left of the direction of travel so that A->B "
    "and B->A do not overlap. `indicator` (default `UNDESA.IMS.TOTL`: international migrant "
    "stock, UN DESA 2024) and `year` (default: the latest year with annual values) or "
    "`period` (`2023-03`, `2023-Q1`) choose the values; `country=GEO` keeps the corridors "
    "with Georgia at either end and `top=10` the ten largest (before other filters). Only "
    "corridors between Prague Process states (whose capitals we have) are drawn. Values come "
    "from profiles-api's default view (one value per corridor: the source dataset with the "
    "highest priority, then the newest vintage); if profiles-api is down this collection "
    "answers 503."
)
ATTRIBUTION = (
    "Values: the source datasets named in `source` (UN DESA, World Bank/KNOMAD, UNHCR, "
    "Eurostat) via i-Map profiles-api. Capitals: Made with Natural Earth."
)
PARAMS = ("indicator", "year", "period", "country", "top")
FIELDS: tuple[tuple[str, Any], ...] = (
    ("id", Text),
    ("origin", Text),
    ("origin_name", Text),
    ("origin_name_ru", Text),
    ("destination", Text),
    ("destination_name", Text),
    ("destination_name_ru", Text),
    ("value", Float),
    ("unit", Text),
    ("scale", Integer),
    ("year", Integer),
    ("period", Text),
    ("indicator", Text),
    ("source", Text),
    ("flags", Text),
    ("wkb", LargeBinary),  # the arc (arcs.arc_wkb)
)
ISO3 = r"^[A-Z]{3}$"


def build(rows: list[dict[str, Any]]) -> Collection:
    """The flows collection over `rows` (dicts with the FIELDS keys), sent to PostgreSQL as one
    array per field (binary, far cheaper than JSON) and read back with `unnest`."""
    arrays = [literal([r[name] for r in rows], ARRAY(kind)) for name, kind in FIELDS]
    source = (
        func.unnest(*arrays)
        .table_valued(*(column(name, kind) for name, kind in FIELDS))
        .render_derived(name="flow")
    )
    c = source.c
    arc = func.ST_GeomFromWKB(c.wkb, SRID)

    def text(name: str, description: str, **kw: Any) -> Prop:
        return Prop(name, c[name], "string", description, **kw)

    return Collection(
        id=ID,
        title=TITLE,
        description=DESCRIPTION,
        source=source,
        id_column=c.id,
        id_type="string",
        geometry=arc,
        geometry_type="LineString",
        properties=(
            text(
                "origin",
                "ISO3 of the origin (where migrants come from, money is sent from).",
                pattern=ISO3,
            ),
            text("origin_name", "English name of the origin."),
            text("origin_name_ru", "Russian name of the origin."),
            text("destination", "ISO3 of the destination.", pattern=ISO3),
            text("destination_name", "English name of the destination."),
            text("destination_name_ru", "Russian name of the destination."),
            Prop("value", c.value, "number", "The value, in `unit` x 10^`scale`."),
            text("unit", "Unit of the value (persons, current US$, ...)."),
            Prop("scale", c.scale, "integer", "Power of ten of the value (6: millions)."),
            Prop("year", c.year, "integer", "Year of the value."),
            text("period", "Period of the value (`2024`, `2023-Q1`, `2023-03`)."),
            text("indicator", "Code of the bilateral indicator (profiles-api)."),
            text("source", "Source dataset of the value (profiles-api `/v1/datasets`)."),
            text("flags", "Observation flags (e: estimate, p: provisional, ...)."),
        ),
        default_sort=("-value", "origin", "destination"),
        tables=(),
        keywords=("flows", "bilateral", "migrant stock", "remittances", "corridors"),
        attribution=ATTRIBUTION,
        extra_params=PARAMS,
        examples={"origin": "UKR", "destination": "POL"},
    )


EMPTY = build([])  # the collection's shape, for documents that need no values

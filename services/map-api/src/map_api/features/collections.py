"""The collections map-api serves: boundaries, capitals, regions, routes, crossing points and
monthly route statistics."""

from __future__ import annotations

from typing import Any

from imap_kit.auth import Principal
from sqlalchemy import ColumnElement, String, and_, func, or_, true
from sqlalchemy.dialects.postgresql import array

from map_api.countries.models import Capital, CountryBoundary
from map_api.features import extra
from map_api.features.registry import Collection, Column, Prop, Temporal, TileGeometry
from map_api.regions.models import Region
from map_api.routes.models import BORDER_TYPES, POINT_TYPES, ROUTE_KINDS
from map_api.routes.models import CrossingPoint as Point
from map_api.routes.models import MigrationRoute as Route
from map_api.routes.models import RouteStatistic as Stat

NE = "Made with Natural Earth (public domain)."
FRONTEX = (
    "Source: Frontex, monthly detections of illegal border crossings (migratory map data as of "
    "2025-06-03). Reproduction is authorised provided the source is acknowledged."
)
OURS = "Lines and positions drawn by i-Map from public descriptions (indicative); CC BY 4.0."
ISO3 = r"^[A-Z]{3}$"


def _published(
    principal: Principal, status: Column, access: Column
) -> tuple[ColumnElement[bool], list[str] | None]:
    """Editors see everything; others published records (anonymous callers public ones only)."""
    if principal.is_editor:
        return true(), None
    published = status == "published"
    if not principal.authenticated:
        return and_(published, access == "public"), None
    return published, sorted(principal.countries)


def route_visible(principal: Principal) -> ColumnElement[bool]:
    """The routes this caller may see (contributors also their countries' unpublished ones)."""
    base, countries = _published(principal, Route.status, Route.access)
    if not countries:
        return base
    return or_(base, Route.countries.overlap(array(countries, type_=String(3))))


def point_visible(principal: Principal) -> ColumnElement[bool]:
    """The crossing points this caller may see (either side's country counts for scopes)."""
    base, countries = _published(principal, Point.status, Point.access)
    if not countries:
        return base
    return or_(base, Point.country_a.in_(countries), Point.country_b.in_(countries))


def _tile_geometry(model: Any) -> TileGeometry:
    """The generated Web Mercator columns of a polygon table (see the tiles migration)."""
    bands = ((1, model.geom_3857_z1), (3, model.geom_3857_z3), (5, model.geom_3857_z5))
    return TileGeometry(model.geom_3857, bands)


def _text(name: str, column: Column, description: str, **kw: Any) -> Prop:
    return Prop(name, column, "string", description, **kw)


COUNTRIES = Collection(
    id="countries",
    title="Country boundaries",
    description=(
        "Admin-0 polygons of the 51 Prague Process states (`role=scope`) and 25 neighbours "
        "(`role=context`), Natural Earth 1:50m. Geometries are split at the antimeridian; each "
        "feature carries an RFC 7946 `bbox` (west > east for Russia). Use `simplify` (degrees) "
        "or `zoom` (web map zoom level) to get lighter outlines."
    ),
    source=CountryBoundary.__table__,
    id_column=CountryBoundary.iso3,
    id_type="string",
    geometry=CountryBoundary.geom,
    geometry_type="MultiPolygon",
    properties=(
        _text("iso3", CountryBoundary.iso3, "ISO 3166-1 alpha-3 code (Kosovo: XKX).", pattern=ISO3),
        _text("name", CountryBoundary.name_en, "English short name."),
        _text(
            "name_ru",
            CountryBoundary.name_ru,
            "Russian short name (scope states: ours; neighbours: Debian iso-codes).",
        ),
        _text(
            "role",
            CountryBoundary.role,
            "scope: Prague Process state; context: neighbour.",
            enum=("scope", "context"),
        ),
        _text("pp_group", CountryBoundary.pp_group, "Prague Process group (scope states)."),
        _text("pp_status", CountryBoundary.pp_status, "Prague Process status (scope states)."),
    ),
    default_sort=("iso3",),
    tables=("country_boundary",),
    keywords=("boundaries", "countries", "Natural Earth"),
    attribution=NE,
    simplifiable=True,
    bbox_column=CountryBoundary.bbox,
    examples={"iso3": "UKR", "role": "scope"},
    tile_geometry=_tile_geometry(CountryBoundary),
    label_point=func.coalesce(
        CountryBoundary.label_point, func.ST_PointOnSurface(CountryBoundary.geom)
    ),
)

CAPITALS = Collection(
    id="capitals",
    title="Capitals",
    description="Capitals of the 51 Prague Process states (Natural Earth populated places).",
    source=Capital.__table__,
    id_column=Capital.iso3,
    id_type="string",
    geometry=Capital.geom,
    geometry_type="Point",
    properties=(
        _text("iso3", Capital.iso3, "ISO3 code of the state.", pattern=ISO3),
        _text("name", Capital.name, "Name of the city."),
        Prop("population", Capital.population, "integer", "Population (Natural Earth pop_max)."),
    ),
    default_sort=("iso3",),
    tables=("capital",),
    keywords=("capitals", "cities", "Natural Earth"),
    attribution=NE,
    examples={"iso3": "ARM"},
)

REGIONS = Collection(
    id="regions",
    title="Region groupings",
    description=(
        "Groups of states: the Prague Process states and its regional groups (Western Balkans, "
        "Eastern Partnership, Central Asia), the EU27, the Schengen area and the Schengen-"
        "associated states. The outline is the union of the members' boundaries."
    ),
    source=Region.__table__,
    id_column=Region.code,
    id_type="string",
    geometry=Region.geom,
    geometry_type="MultiPolygon",
    properties=(
        _text("code", Region.code, "Region code."),
        _text("name", Region.name_en, "English name."),
        _text("name_ru", Region.name_ru, "Russian name."),
        _text("description", Region.description_en, "What the grouping is."),
        _text("source_url", Region.source_url, "Where the membership comes from."),
    ),
    default_sort=("code",),
    tables=("region", "region_member", "country_boundary"),
    keywords=("regions", "groupings", "Prague Process"),
    attribution=NE,
    simplifiable=True,
    examples={"code": "eastern-partnership"},
    tile_geometry=_tile_geometry(Region),
)

_ROUTE_PROPS = (
    _text("slug", Route.slug, "Stable identifier of the route."),
    _text("name", Route.name_en, "English name (as Frontex names the route)."),
    _text("name_ru", Route.name_ru, "Russian name."),
    _text("kind", Route.kind, "land, sea, air, or mixed (land and sea).", enum=ROUTE_KINDS),
    Prop("valid_from", Route.valid_from, "date", "First day the route is used under this name."),
    Prop("valid_to", Route.valid_to, "date", "Day the name went out of use (exclusive); null."),
    _text("description", Route.description_en, "English description."),
    _text("description_ru", Route.description_ru, "Russian description."),
    Prop("indicative", Route.indicative, "boolean", "The line is a sketch, not a surveyed path."),
    Prop("countries", Route.countries, "array", "ISO3 codes of the states on the route."),
    Prop("sources", Route.sources, "object", "Sources of the description: [{title, url}]."),
)

ROUTES = Collection(
    id="routes",
    title="Migration routes",
    description=(
        "Migratory routes into the EU as Frontex names them, valid for a period (names change). "
        "Lines are indicative: drawn by i-Map through the main crossing areas named in public "
        "descriptions (see each route's `sources`), not surveyed paths. `datetime` selects the "
        "routes in use at that time (`valid_from` .. `valid_to`)."
    ),
    source=Route.__table__,
    id_column=Route.slug,
    id_type="string",
    geometry=Route.geom,
    geometry_type="MultiLineString",
    properties=_ROUTE_PROPS,
    default_sort=("slug",),
    tables=("migration_route",),
    keywords=("migration routes", "Frontex", "indicative"),
    attribution=OURS,
    temporal=Temporal(Route.valid_from, Route.valid_to, description="validity of the route name"),
    visibility=route_visible,
    examples={"kind": "land"},
)

CROSSING_POINTS = Collection(
    id="crossing-points",
    title="Border crossing points",
    description=(
        "Border crossing points (road, rail, sea port, airport) and green-border sections on the "
        "routes, with the states on each side. Positions are approximate (`approximate=true`)."
    ),
    source=Point.__table__.outerjoin(Route.__table__, Point.route_id == Route.id),
    id_column=Point.slug,
    id_type="string",
    geometry=Point.geom,
    geometry_type="Point",
    properties=(
        _text("slug", Point.slug, "Stable identifier of the crossing point."),
        _text("name", Point.name_en, "English name (both sides)."),
        _text("name_ru", Point.name_ru, "Russian name."),
        _text("type", Point.type, "Kind of crossing.", enum=POINT_TYPES),
        _text("country_a", Point.country_a, "ISO3 of the state on one side.", pattern=ISO3),
        _text("country_b", Point.country_b, "ISO3 of the state on the other side.", pattern=ISO3),
        _text("route", Route.slug, "Slug of the route it lies on (null: none)."),
        Prop("approximate", Point.approximate, "boolean", "The position is approximate."),
        _text("description", Point.description_en, "English description."),
        _text("description_ru", Point.description_ru, "Russian description."),
        Prop("sources", Point.sources, "object", "Sources: [{title, url}]."),
    ),
    default_sort=("slug",),
    tables=("crossing_point", "migration_route"),
    keywords=("border crossing points", "borders"),
    attribution=OURS,
    visibility=point_visible,
    examples={"type": "road", "country_b": "UKR"},
)

ROUTE_STATISTICS = Collection(
    id="route-statistics",
    title="Monthly detections per route and nationality",
    description=(
        "Detections of illegal border crossings reported by Frontex, per route, border type, "
        "nationality and month, 2009-01 to 2025-04: all nationalities on the Eastern Borders, "
        "Western Balkan, Black Sea and Albania-Greece circular routes, and nationals of the 51 "
        "Prague Process states on any route. `nationality` OOO: other or unknown; STL: "
        "stateless. Detections count crossings, not persons. Features carry no geometry (one "
        "line per route would repeat thousands of times); `bbox` and spatial filters select "
        "by the route's line. `datetime` selects months (`2020-03`, `2020-01/2020-12`)."
    ),
    source=Stat.__table__.join(Route.__table__, Stat.route_id == Route.id),
    id_column=Stat.id,
    id_type="integer",
    geometry=Route.geom,
    geometry_type="MultiLineString",
    geometry_output=False,
    geometry_note="the route's line (filters only; features have no geometry)",
    properties=(
        _text("route", Route.slug, "Slug of the route (see the routes collection)."),
        _text("route_name", Route.name_en, "English name of the route."),
        _text("border_type", Stat.border_type, "Land or Sea border.", enum=BORDER_TYPES),
        _text(
            "nationality",
            Stat.nationality_iso3,
            "ISO3 nationality; OOO other/unknown.",
            pattern=ISO3,
        ),
        Prop("month", Stat.month, "date", "First day of the month."),
        Prop("detections", Stat.detections, "integer", "Detections in the month (>= 0)."),
    ),
    default_sort=("route", "month", "nationality", "border_type"),
    tables=("route_statistic", "migration_route"),
    keywords=("Frontex", "detections", "irregular border crossings", "monthly"),
    attribution=FRONTEX,
    temporal=Temporal(Stat.month, monthly=True, description="calendar month"),
    visibility=route_visible,
    examples={"route": "eastern-borders", "nationality": "AFG"},
)

COLLECTIONS: dict[str, Collection] = {
    c.id: c for c in (COUNTRIES, CAPITALS, REGIONS, ROUTES, CROSSING_POINTS, ROUTE_STATISTICS)
}
COLLECTIONS |= extra.from_environment(set(COLLECTIONS))  # MAP_EXTRA_COLLECTIONS (the bench)

"""What differs between the two editable records: routes and crossing points.

Each kind knows its table, the OGC collection that shows it (whose visibility rule it shares),
its geometry types, which countries scope it (a route: any state in `countries`; a point: either
side), how its properties become columns (with the checks that need more than one field or the
database) and how a row becomes properties again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imap_kit.auth import Principal
from imap_kit.countries import check_iso3
from imap_kit.errors import FieldError, InvalidInput, NotFound
from pydantic import BaseModel
from sqlalchemy import ColumnElement, RowMapping, Table
from sqlalchemy.ext.asyncio import AsyncSession

from map_api.editing import repository
from map_api.editing.schemas import (
    PointFeature,
    PointProperties,
    PointRead,
    RouteFeature,
    RouteProperties,
    RouteRead,
)
from map_api.features.collections import point_visible, route_visible

FIELD = "body.properties"


class RouteNotFound(NotFound):
    """No route with this id (or none the caller may see)."""

    def __init__(self, record_id: int) -> None:
        super().__init__(f"No route with id {record_id}.")


class CrossingPointNotFound(NotFound):
    """No crossing point with this id (or none the caller may see)."""

    def __init__(self, record_id: int) -> None:
        super().__init__(f"No crossing point with id {record_id}.")


def _iso3(
    codes: list[str], field: str, errors: list[FieldError], *, single: bool = False
) -> list[str]:
    """Upper-cased known ISO3 codes; unknown ones are added to `errors`."""
    try:
        return check_iso3(codes, field)
    except InvalidInput as exc:
        for error in exc.errors or []:
            errors.append(error.model_copy(update={"field": field}) if single else error)
        return codes


def _common(props: BaseModel) -> dict[str, Any]:
    data = props.model_dump(exclude={"sources"})
    data["sources"] = [s.model_dump(mode="json") for s in getattr(props, "sources", [])]
    data["access"] = str(data["access"])
    return data


@dataclass(frozen=True)
class Kind:
    """One editable record type."""

    record_type: str  # as versions and the audit log name it
    noun: str
    path: str  # the editors' API path, under the service root
    collection: str  # the OGC collection showing it
    table: Table
    allowed: tuple[str, ...]  # geometry types accepted
    multi: bool  # stored as a Multi* geometry
    geometry_required: bool
    properties: type[BaseModel]
    read_model: type[BaseModel]
    feature_model: type[BaseModel]

    def not_found(self, record_id: int) -> NotFound:
        return (RouteNotFound if self.table is repository.ROUTE else CrossingPointNotFound)(
            record_id
        )

    def visible(self, principal: Principal) -> ColumnElement[bool]:
        """The records this caller may see (as in the OGC collection)."""
        return (route_visible if self.table is repository.ROUTE else point_visible)(principal)

    def countries(self, data: dict[str, Any] | RowMapping) -> list[str]:
        """The states whose contributors may edit the record."""
        if self.table is repository.ROUTE:
            return list(data["countries"] or [])
        return [data["country_a"], data["country_b"]]

    async def columns(
        self, session: AsyncSession, principal: Principal, props: BaseModel
    ) -> dict[str, Any]:
        """The columns to write, or a 422 naming every property that is wrong."""
        errors: list[FieldError] = []
        data = _common(props)
        if self.table is repository.ROUTE:
            countries = _iso3(data["countries"], f"{FIELD}.countries", errors)
            data["countries"] = list(dict.fromkeys(countries))
            if data["valid_to"] is not None and data["valid_to"] <= data["valid_from"]:
                reason = "must be after valid_from (the end day is exclusive)"
                errors.append(
                    FieldError(
                        field=f"{FIELD}.valid_to", reason=reason, value=str(data["valid_to"])
                    )
                )
        else:
            for side in ("country_a", "country_b"):
                data[side] = _iso3([data[side]], f"{FIELD}.{side}", errors, single=True)[0]
            if data["country_a"] == data["country_b"]:
                reason = "must differ from country_a"
                errors.append(FieldError(field=f"{FIELD}.country_b", reason=reason))
            slug = data.pop("route")
            data["route_id"] = None
            if slug is not None:
                data["route_id"] = await repository.route_id(
                    session, slug, route_visible(principal)
                )
                if data["route_id"] is None:
                    reason = "no route with this slug"
                    errors.append(FieldError(field=f"{FIELD}.route", reason=reason, value=slug))
        if errors:
            raise InvalidInput("; ".join(f"{e.field}: {e.reason}" for e in errors), errors=errors)
        return data

    def stored_properties(self, row: RowMapping) -> dict[str, Any]:
        """A row's editable properties, as a body would carry them (for PATCH)."""
        names = set(self.properties.model_fields)
        return {k: row[k] for k in names}

    def read(self, row: RowMapping) -> BaseModel:
        """A row's properties with its workflow state."""
        names = set(self.read_model.model_fields) - {"version"}
        return self.read_model(**{k: row[k] for k in names}, version=row["row_version"])


ROUTES = Kind(
    record_type="route",
    noun="route",
    path="/v1/routes",
    collection="routes",
    table=repository.ROUTE,
    allowed=("LineString", "MultiLineString"),
    multi=True,
    geometry_required=False,
    properties=RouteProperties,
    read_model=RouteRead,
    feature_model=RouteFeature,
)
POINTS = Kind(
    record_type="crossing_point",
    noun="crossing point",
    path="/v1/crossing-points",
    collection="crossing-points",
    table=repository.POINT,
    allowed=("Point",),
    multi=False,
    geometry_required=True,
    properties=PointProperties,
    read_model=PointRead,
    feature_model=PointFeature,
)

"""The flows collection's rules: which values (indicator, year or period, a country's top
partners), fetched from profiles-api and turned into arcs between capitals."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from map_api.features import service as features_service
from map_api.features.exceptions import InvalidParameter
from map_api.flows import arcs
from map_api.flows.collection import EMPTY
from map_api.flows.exceptions import FlowsUnavailable
from map_api.profiles_client import (
    FlowSet,
    FlowValue,
    ProfilesClient,
    ProfilesRejected,
    ProfilesUnavailable,
)

DEFAULT_INDICATOR = "UNDESA.IMS.TOTL"
INDICATOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$")
ISO3 = re.compile(r"^[A-Za-z]{3}$")
MAX_TOP = 1000


@dataclass(frozen=True)
class FlowsQuery:
    """Which values the flows collection shows."""

    indicator: str = DEFAULT_INDICATOR
    year: int | None = None
    period: str | None = None
    country: str | None = None
    top: int | None = None


def _int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParameter(name, "must be an integer", raw) from None
    if not low <= value <= high:
        raise InvalidParameter(name, f"must be between {low} and {high}", raw)
    return value


def parse_query(query_params: QueryParams) -> FlowsQuery:
    """`indicator`, `year` or `period`, `country`, `top` (400 naming the parameter)."""
    indicator = query_params.get("indicator", DEFAULT_INDICATOR)
    if not INDICATOR.match(indicator):
        raise InvalidParameter("indicator", "is not an indicator code", indicator)
    year_raw, period = query_params.get("year"), query_params.get("period")
    if year_raw is not None and period is not None:
        raise InvalidParameter("period", "give year or period, not both", period)
    if period is not None and not PERIOD.match(period):
        raise InvalidParameter("period", "must be YYYY, YYYY-MM or YYYY-Qn", period)
    country = query_params.get("country")
    if country is not None and not ISO3.match(country):
        raise InvalidParameter("country", "must be an ISO3 code", country)
    top_raw = query_params.get("top")
    return FlowsQuery(
        indicator=indicator,
        year=_int("year", year_raw, 1900, 2100) if year_raw is not None else None,
        period=period,
        country=country.upper() if country else None,
        top=_int("top", top_raw, 1, MAX_TOP) if top_raw is not None else None,
    )


async def load(client: ProfilesClient, query: FlowsQuery) -> FlowSet:
    """The values from profiles-api (the latest year's when neither year nor period is given)."""
    try:
        year = query.year
        if year is None and query.period is None:
            year = await client.latest_year(query.indicator)
            if year is None:
                return FlowSet(query.indicator, None, None, (), "none")
        return await client.flows(query.indicator, year=year, period=query.period)
    except ProfilesUnavailable as exc:
        raise FlowsUnavailable(str(exc)) from None
    except ProfilesRejected as exc:
        raise InvalidParameter(
            "indicator", f"profiles-api: {exc.detail}", query.indicator
        ) from None


def _row(flow: FlowValue, a: arcs.Place, b: arcs.Place) -> dict[str, Any]:
    return {
        "id": f"{flow.origin_iso3}-{flow.destination_iso3}",
        "origin": flow.origin_iso3,
        "origin_name": flow.origin_name_en,
        "origin_name_ru": a.name_ru,
        "destination": flow.destination_iso3,
        "destination_name": flow.destination_name_en,
        "destination_name_ru": b.name_ru,
        "value": flow.value,
        "unit": flow.unit,
        "scale": flow.scale,
        "year": flow.year,
        "period": flow.period,
        "indicator": flow.indicator_code,
        "source": flow.source_dataset,
        "flags": flow.flags,
        "wkb": arcs.arc_wkb(a.iso3, b.iso3),
    }


_ROWS: OrderedDict[tuple[str, str | None, int | None], list[dict[str, Any]]] = OrderedDict()


def rows(flows: FlowSet, query: FlowsQuery) -> list[dict[str, Any]]:
    """Rows of the collection (kept for the values' lifetime in the client's cache)."""
    key = (flows.digest, query.country, query.top)
    found = _ROWS.get(key)
    if found is None:
        found = _ROWS[key] = _rows(flows, query)
        while len(_ROWS) > 32:
            _ROWS.popitem(last=False)
    return found


def _rows(flows: FlowSet, query: FlowsQuery) -> list[dict[str, Any]]:
    """Corridors between two capitals we know, one per corridor (the latest period when a
    period-less request returns several), `country` and `top` applied."""
    where = arcs.places()
    chosen: dict[str, FlowValue] = {}
    for flow in flows.rows:
        if flow.origin_iso3 not in where or flow.destination_iso3 not in where:
            continue
        if query.country and query.country not in (flow.origin_iso3, flow.destination_iso3):
            continue
        corridor = f"{flow.origin_iso3}-{flow.destination_iso3}"
        if corridor not in chosen or flow.period > chosen[corridor].period:
            chosen[corridor] = flow
    kept = sorted(chosen.values(), key=lambda f: (-f.value, f.origin_iso3, f.destination_iso3))
    if query.top is not None:
        kept = kept[: query.top]
    return [_row(f, where[f.origin_iso3], where[f.destination_iso3]) for f in kept]


async def collection_doc(session: AsyncSession, base: str) -> dict[str, Any]:
    """The collection's description (no values needed: it answers while profiles-api is down)."""
    extent = {"spatial": {"bbox": [list(arcs.extent())], "crs": features_service.CRS84}}
    doc = await features_service.collection_doc(session, EMPTY, base, "", extent=extent)
    doc["defaults"] = {"indicator": DEFAULT_INDICATOR, "year": "latest with annual values"}
    return doc

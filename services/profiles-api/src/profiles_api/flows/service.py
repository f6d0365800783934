"""Flow reads: corridors of a bilateral indicator, and a country's top partners."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries import service as country_service
from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.countries.models import Country
from profiles_api.editing import invalid
from profiles_api.flows.exceptions import FlowNotFound
from profiles_api.flows.models import BilateralObservation as Flow
from profiles_api.flows.repository import FlowFilter, FlowRepository, Row
from profiles_api.flows.schemas import FlowRead, PartnerRead
from profiles_api.indicators import service as indicator_service
from profiles_api.indicators.sources import SourceChoice

FLOW_COLUMNS = [
    c for c in FlowRead.model_fields if c not in ("unit", "scale", "version") and "name" not in c
]


def to_read(row: Row) -> FlowRead:
    """A flow with its unit, scale and the English names of both ends."""
    flow, unit, scale, origin, destination = row
    return FlowRead.model_validate(
        {c: getattr(flow, c) for c in FLOW_COLUMNS}
        | {
            "unit": unit,
            "scale": scale,
            "origin_name_en": origin.name_en,
            "destination_name_en": destination.name_en,
            "version": flow.row_version,
        }
    )


async def _check_countries(session: AsyncSession, codes: list[str]) -> None:
    """404 for the first code that is not a state of the register."""
    wanted = {c.upper() for c in codes}
    if not wanted:
        return
    known = set(await session.scalars(select(Country.iso3).where(Country.iso3.in_(wanted))))
    for code in sorted(wanted - known):
        raise CountryNotFound(code)


async def list_flows(
    session: AsyncSession, flt: FlowFilter, *, sort: str, limit: int, offset: int
) -> tuple[list[FlowRead], int]:
    """Flows of one bilateral indicator within the filters."""
    await indicator_service.indicator_of_kind(
        session, flt.indicator_code, "bilateral", field="query.indicator"
    )
    flt.periods.check()
    await indicator_service.check_source(session, flt.sources)
    await _check_countries(session, flt.codes())
    rows, total = await FlowRepository(session).find(flt, sort=sort, limit=limit, offset=offset)
    return [to_read(r) for r in rows], total


async def get_flow(session: AsyncSession, flow_id: int) -> FlowRead:
    """One flow, or FlowNotFound."""
    row = await FlowRepository(session).read(flow_id)
    if row is None:
        raise FlowNotFound(flow_id)
    return to_read(row)


async def partners(
    session: AsyncSession,
    iso3: str,
    *,
    indicator: str,
    direction: str,
    year: int | None,
    period: str | None,
    sources: SourceChoice,
    limit: int,
    offset: int,
) -> tuple[list[PartnerRead], int]:
    """A country's partners for one bilateral indicator and period (the latest by default)."""
    if year is not None and period is not None and period != str(year):
        raise invalid(("query.period", f"conflicts with year={year}: give one of them", period))
    period = period or (str(year) if year is not None else None)
    country = await country_service.get_country(session, iso3)
    await indicator_service.indicator_of_kind(
        session, indicator, "bilateral", field="query.indicator"
    )
    await indicator_service.check_source(session, sources)
    mine = Flow.destination_iso3 if direction == "inbound" else Flow.origin_iso3
    conditions: list[ColumnElement[bool]] = [Flow.indicator_code == indicator, mine == country.iso3]
    repo = FlowRepository(session)
    period = period or await repo.latest_period(conditions, sources)
    if period is None:
        return [], 0
    rows, total = await repo.partners(
        [*conditions, Flow.period == period], sources, limit=limit, offset=offset
    )
    return [_partner(r, offset + i + 1, country.iso3, direction) for i, r in enumerate(rows)], total


def _partner(row: Row, rank: int, iso3: str, direction: str) -> PartnerRead:
    flow, unit, scale, origin, destination = row
    partner = origin if direction == "inbound" else destination
    return PartnerRead(
        rank=rank,
        country_iso3=iso3,
        direction=direction,  # type: ignore[arg-type]
        partner_iso3=partner.iso3,
        partner_name_en=partner.name_en,
        partner_name_ru=partner.name_ru,
        indicator_code=flow.indicator_code,
        year=flow.year,
        period=flow.period,
        value=flow.value,
        unit=unit,
        scale=scale,
        flags=flow.flags,
        note=flow.note,
        source_dataset=flow.source_dataset,
    )

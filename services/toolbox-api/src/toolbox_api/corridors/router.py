"""`GET /v1/corridors`: what the map shows on a country or a route."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from imap_kit.auth import PrincipalDep
from imap_kit.countries import Iso3
from imap_kit.db import SessionDep
from imap_kit.formats import TABULAR, FormatDep, respond
from imap_kit.pagination import Page, PageParamsDep

from toolbox_api.common.codes import RouteSlug, raise_if, route_errors
from toolbox_api.corridors.schemas import LinkedRecord
from toolbox_api.corridors.service import linked_records

router = APIRouter(prefix="/v1/corridors", tags=["corridors"])


@router.get("", response_model=Page[LinkedRecord], responses=TABULAR)
async def list_linked_records(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    fmt: FormatDep,
    country: Annotated[
        list[Iso3] | None,
        Query(
            description="A state at either end of a corridor, ISO3 (repeatable: any of).",
            examples=[["UZB"]],
        ),
    ] = None,
    route: Annotated[
        list[RouteSlug] | None,
        Query(
            description="A map-api route slug (repeatable: any of).", examples=[["eastern-borders"]]
        ),
    ] = None,
    type: Annotated[
        list[Literal["initiative", "practice"]] | None,
        Query(description="Only initiatives or only practices (default both)."),
    ] = None,
) -> Page[LinkedRecord] | Response:
    """List the initiatives and practices you may see that touch a country (a corridor starting
    or ending there) or a migration route, with all their corridors and routes, for the map.

    `country` and `route` together: records matching both. Neither: every record with a corridor
    or a route. Ordered by type, then English title.
    """
    raise_if(route_errors(list(route or []), "query.route"))
    items, total = await linked_records(
        session,
        principal,
        countries=list(country or []),
        routes=list(route or []),
        types=list(type or []),
        limit=page.limit,
        offset=page.offset,
    )
    return await respond(page.page(items, total), fmt, name="corridors")

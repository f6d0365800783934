"""`GET /v1/search`: initiatives and practices by text, filters and facets (JSON, CSV, XLSX)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from imap_kit.auth import PrincipalDep
from imap_kit.countries import Iso3
from imap_kit.db import SessionDep
from imap_kit.errors import InvalidInput, ServiceUnavailable, responses
from imap_kit.formats import TABULAR, Format, FormatDep, respond
from imap_kit.pagination import PageParamsDep

from toolbox_api.common.codes import (
    CountryRole,
    Evidence,
    ImplementationStatus,
    Kind,
    ThemeCode,
)
from toolbox_api.search import service
from toolbox_api.search.profiles import ProfilesDep, profiles_lifespan
from toolbox_api.search.schemas import RecordType, SearchLang, SearchPage, SearchQuery, Sort

router = APIRouter(prefix="/v1/search", tags=["search"], lifespan=profiles_lifespan)

MAX_Q = 200


@router.get(
    "",
    response_model=SearchPage,
    responses={**responses(InvalidInput, ServiceUnavailable), **TABULAR},
)
async def search(
    session: SessionDep,
    principal: PrincipalDep,
    profiles: ProfilesDep,
    page: PageParamsDep,
    fmt: FormatDep,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_Q,
            description="Words to find in titles, summaries, descriptions and outcomes (any of "
            "them; records with all of them first), in English and Russian. Quotes, `-word` and "
            "`or` work as in web search engines; no character is an error. A title close to "
            "the text also matches (typos: `Moldva`).",
            examples=["seasonal workers"],
        ),
    ] = None,
    lang: Annotated[
        SearchLang | None,
        Query(
            description="Search the English (`en`) or Russian (`ru`) texts, with that "
            "language's stemming, or `both`; default: the query's script (Cyrillic: Russian, "
            "else English). Also the snippets' language (`both`: by the script)."
        ),
    ] = None,
    type: Annotated[
        list[RecordType] | None,
        Query(description="initiative and/or practice (repeatable; default both)."),
    ] = None,
    country: Annotated[
        list[Iso3] | None,
        Query(description="A state taking part (ISO3, repeatable: any of).", examples=[["UZB"]]),
    ] = None,
    role: Annotated[
        CountryRole | None,
        Query(
            description="With `country`: only initiatives where it has this role (practices "
            "have no roles and are left out)."
        ),
    ] = None,
    group: Annotated[
        list[str] | None,
        Query(
            max_length=60,
            description="A Prague Process group of profiles-api (`GET /api/profiles/v1/groups`; "
            "repeatable: any of): records with a member state taking part.",
            examples=[["Central Asia"]],
        ),
    ] = None,
    theme: Annotated[
        list[ThemeCode] | None, Query(description="Thematic area (repeatable: any of).")
    ] = None,
    kind: Annotated[
        list[Kind] | None, Query(description="Initiatives of this kind (repeatable: any of).")
    ] = None,
    organisation: Annotated[
        list[str] | None,
        Query(
            max_length=200,
            description="An organisation's name, any case (repeatable: any of); practices "
            "match through their initiatives.",
            examples=[["IOM"]],
        ),
    ] = None,
    evidence: Annotated[
        list[Evidence] | None,
        Query(description="Practices with this evidence grade (repeatable: any of)."),
    ] = None,
    implementation_status: Annotated[
        list[ImplementationStatus] | None,
        Query(description="Initiatives with this implementation status (repeatable: any of)."),
    ] = None,
    year_from: Annotated[
        int | None,
        Query(ge=1900, le=2100, description="Period overlapping this year or later."),
    ] = None,
    year_to: Annotated[
        int | None,
        Query(ge=1900, le=2100, description="Period overlapping this year or earlier."),
    ] = None,
    sort: Annotated[
        Sort,
        Query(
            description="relevance (default; without `q`: date), date (latest start first) or "
            "title."
        ),
    ] = "relevance",
    facets: Annotated[
        bool, Query(description="Count the values of every filter (JSON only).")
    ] = True,
) -> SearchPage | Response:
    """Search initiatives and practices, with highlighted snippets and facet counts.

    Full text in English and Russian (PostgreSQL `websearch_to_tsquery`, weights: title, then
    summary, then description and outcomes, then organisations) plus trigram similarity of
    titles for names and typos. Filters combine with AND, the values of one filter with OR.
    Each facet counts its values over the text match and every *other* filter. Records are
    those you may see (the access tiers of the lists). CSV and XLSX give the hits of the page
    (`limit` up to 1000).
    """
    query = SearchQuery(
        q=q,
        lang=lang,
        types=list(type or []),
        countries=list(country or []),
        role=role,
        groups=list(group or []),
        themes=list(theme or []),
        kinds=list(kind or []),
        organisations=list(organisation or []),
        evidence=list(evidence or []),
        implementation=list(implementation_status or []),
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        limit=page.limit,
        offset=page.offset,
    )
    found = await service.search(
        session, principal, profiles, query, page=page, want_facets=facets and fmt is Format.json
    )
    if fmt is Format.json:
        return found
    file = await respond(page.page(found.items, found.total), fmt, name="search")
    assert isinstance(file, Response)
    return file

"""Download endpoints: a country's profile as PDF (English or Russian) and as XLSX.

`GET /v1/countries/{iso3}/profile.pdf?lang=en|ru&edition=N` and
`GET /v1/countries/{iso3}/profile.xlsx?edition=N`: one path per format, so each has its one
content type in OpenAPI and a link reads as the file it fetches.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response, status
from imap_kit.auth import Principal, PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import responses

from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.documents.exceptions import EditionNotFound
from profiles_api.downloads import service
from profiles_api.downloads.settings import RenderCacheDep

router = APIRouter(prefix="/v1/countries/{iso3}", tags=["profiles"])

Iso3Path = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 3166-1 alpha-3 code, case-insensitive (Kosovo: XKX).",
        examples=["GEO"],
    ),
]
EditionQuery = Annotated[
    int | None,
    Query(ge=1, le=1_000_000, description="A published edition; default: the newest you may read."),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        description="The ETag you hold: 304 while the file would be the same.",
        examples=['W/"9b1f0c3e5a7d4b2e8f6a1c0d3e5b7a9c"'],
    ),
]
# What a reader may see depends on who signs in, so shared caches must key on the credentials.
VARY = "Authorization, X-API-Key"


def _file(media: str, what: str) -> dict[int | str, dict[str, Any]]:
    answers: dict[int | str, dict[str, Any]] = {
        200: {
            "description": what,
            "content": {media: {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                "ETag": {"description": "Changes when the data or the edition changes."},
                "Content-Disposition": {"description": 'attachment; filename="i-map-profile-…"'},
            },
        },
        304: {"description": "Not Modified: the ETag sent in If-None-Match is current."},
    }
    return answers | responses(CountryNotFound, EditionNotFound)


def _matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in wanted or tag.removeprefix("W/") in wanted


def _headers(prepared: service.Prepared, principal: Principal) -> dict[str, str]:
    # Anonymous answers may sit in shared caches; a signed-in caller's (who may see a restricted
    # edition) only in their own. Either way every use revalidates with the ETag.
    scope = "private" if principal.authenticated else "public"
    headers = {
        "ETag": prepared.etag,
        "Cache-Control": f"{scope}, max-age=0, must-revalidate",
        "Vary": VARY,
    }
    if prepared.kind == "pdf":
        headers["Content-Language"] = prepared.lang
    return headers


async def _download(
    session: SessionDep,
    principal: Principal,
    cache: RenderCacheDep,
    prepared: service.Prepared,
    if_none_match: str | None,
) -> Response:
    headers = _headers(prepared, principal)
    if _matches(if_none_match, prepared.etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    data, hit = await service.content(session, prepared, cache)
    headers["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
    headers["X-Render-Cache"] = "hit" if hit else "miss"
    return Response(content=data, media_type=prepared.media_type, headers=headers)


@router.get(
    "/profile.pdf",
    response_class=Response,
    responses=_file(service.PDF, "The profile as a PDF document."),
)
async def download_profile_pdf(
    session: SessionDep,
    principal: PrincipalDep,
    cache: RenderCacheDep,
    iso3: Iso3Path,
    lang: Annotated[
        Literal["en", "ru"], Query(description="Language of the document.", examples=["ru"])
    ] = "en",
    edition: EditionQuery = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Download a country's profile as PDF, in English or Russian, with charts.

    The published edition you may read (or `edition`): a cover with the edition, its date and
    the endorsement state, parts A-G with their sections and key indicators (latest values and a
    line chart per series), top partners, skill shortages and every source. Before a first
    edition the PDF still comes, with the data and a "no published edition yet" cover. Rendered
    on request from the records and cached until any of them changes: the ETag names the
    country, language, edition and data revision, so If-None-Match gets 304 while nothing
    changed. Fonts: DejaVu Sans, embedded.
    """
    prepared = await service.prepare(
        session, principal, iso3, kind="pdf", lang=lang, edition=edition
    )
    return await _download(session, principal, cache, prepared, if_none_match)


@router.get(
    "/profile.xlsx",
    response_class=Response,
    responses=_file(service.XLSX, "The profile's data as an XLSX workbook."),
)
async def download_profile_xlsx(
    session: SessionDep,
    principal: PrincipalDep,
    cache: RenderCacheDep,
    iso3: Iso3Path,
    edition: EditionQuery = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Download a country's profile data as XLSX (indicators, series, partners, shortages, sources).

    Sheets: Profile (country, edition, endorsement), Indicators (latest value per key indicator
    with unit, scale, period, flags and dataset), Series (every point, long form), Partners,
    Shortages and Sources; numbers are numeric cells. Cached and tagged like the PDF.
    """
    prepared = await service.prepare(session, principal, iso3, kind="xlsx", edition=edition)
    return await _download(session, principal, cache, prepared, if_none_match)

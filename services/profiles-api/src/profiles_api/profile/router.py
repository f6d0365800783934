"""The assembled profile endpoint (JSON; PDF and XLSX renderings live in `downloads`)."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response, status
from imap_kit.auth import PrincipalDep
from imap_kit.db import SessionDep
from imap_kit.errors import responses

from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.documents.exceptions import EditionNotFound
from profiles_api.profile import service
from profiles_api.profile.schemas import AssembledProfile

router = APIRouter(prefix="/v1/countries/{iso3}", tags=["profiles"])

Iso3Path = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 3166-1 alpha-3 code, case-insensitive (Kosovo: XKX).",
        examples=["GEO"],
    ),
]
# What a reader may see depends on who signs in, so shared caches must key on the credentials.
VARY = "Authorization, X-API-Key"
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Not Modified"}}


def _matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in wanted or tag.removeprefix("W/") in wanted


@router.get(
    "/profile",
    response_model=AssembledProfile,
    responses=NOT_MODIFIED | responses(CountryNotFound, EditionNotFound),
)
async def get_profile(
    session: SessionDep,
    principal: PrincipalDep,
    iso3: Iso3Path,
    response: Response,
    edition: Annotated[
        int | None,
        Query(ge=1, le=1_000_000, description="A published edition; default: the newest."),
    ] = None,
    if_none_match: Annotated[
        str | None, Header(description="The ETag you hold: 304 when nothing changed.")
    ] = None,
) -> AssembledProfile | Response:
    """Get a country's assembled Extended Migration Profile (sections, key indicators, partners).

    Sections come from the newest published edition you may read (or `edition`), grouped by the
    template's parts A-G with each part's key indicators: the latest default-view value and the
    series (highest-priority dataset, then newest vintage, per period). Also the top 5 partners
    in and out per bilateral indicator (latest period), skill shortages of the country and of
    areas covering it (latest year per area), and every dataset cited. Before a first edition,
    `edition` is null and the parts carry data only. The ETag combines the data revision and the
    edition: send it as If-None-Match to get 304 while nothing changed.
    """
    country, shown, data_revision = await service.resolve(session, principal, iso3, edition)
    tag = service.etag(data_revision, shown)
    if _matches(if_none_match, tag):
        return Response(
            status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag, "Vary": VARY}
        )
    response.headers["ETag"] = tag
    response.headers["Vary"] = VARY
    return await service.assemble(session, country, shown, data_revision)

"""`GET /v1/recommendations`: practices to transfer to a country, ranked and explained."""

from typing import Annotated

from fastapi import APIRouter, Query
from imap_kit.auth import PrincipalDep
from imap_kit.countries import Iso3
from imap_kit.db import SessionDep
from imap_kit.errors import InvalidInput, responses

from toolbox_api.common.codes import ThemeCode
from toolbox_api.recommendations import service
from toolbox_api.recommendations.schemas import RecommendationList
from toolbox_api.search.profiles import ProfilesDep

router = APIRouter(prefix="/v1/recommendations", tags=["recommendations"])


@router.get("", response_model=RecommendationList, responses=responses(InvalidInput))
async def recommend(
    session: SessionDep,
    principal: PrincipalDep,
    profiles: ProfilesDep,
    country: Annotated[
        Iso3 | None,
        Query(
            description="The country to transfer to (ISO3); implied by `objective`.",
            examples=["UZB"],
        ),
    ] = None,
    theme: Annotated[
        ThemeCode | None, Query(description="A thematic area (or give `objective`).")
    ] = None,
    objective: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=r"^[A-Za-z0-9-]+$",
            description="A strategy objective's code (`UZB-O1`): its theme, text and country.",
            examples=["UZB-O1"],
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50, description="How many practices (1-50).")] = 10,
) -> RecommendationList:
    """Practices that worked elsewhere, ranked for a country and a theme or strategy objective.

    Candidates are the practices of the theme you may see that were not applied in the country.
    The score is the weighted mean of five components, each 0..1 and explained in `reasons` in
    English and Russian: evidence grade (0.30), word overlap with the theme's or objective's text
    (0.25), similarity of profile indicators from profiles-api (remittances % of GDP, migrant
    stock % of population, GDP per capita; 0.20), same Prague Process group (0.15), same role
    in the corridors, origin or destination (0.10). When profiles-api is down the answer keeps
    the other components, `degraded` is true and `notes` says why.
    """
    return await service.recommend(
        session,
        principal,
        profiles,
        country=country,
        theme=theme,
        objective=objective.upper() if objective else None,
        limit=limit,
    )

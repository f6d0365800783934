"""Boundary and capital endpoints (GeoJSON)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from imap_kit.db import SessionDep
from imap_kit.errors import responses
from imap_kit.geo import BBoxDep
from imap_kit.pagination import PageParamsDep

from map_api.countries import service
from map_api.countries.exceptions import BoundaryNotFound
from map_api.geojson import GEOJSON, Feature, FeatureCollection, GeoJSONResponse

router = APIRouter(prefix="/v1", tags=["countries"])

Simplify = Annotated[
    float | None,
    Query(
        gt=0,
        le=1,
        description="Simplify geometries with this tolerance in degrees (0.05 for a small map).",
        examples=[0.05],
    ),
]


@router.get(
    "/countries",
    response_model=FeatureCollection,
    response_class=GeoJSONResponse,
    summary="Country boundaries",
)
async def list_countries(
    session: SessionDep,
    page: PageParamsDep,
    bbox: BBoxDep,
    simplify: Simplify = None,
    role: Annotated[
        Literal["scope", "context"] | None,
        Query(description="`scope`: Prague Process states; `context`: neighbouring countries."),
    ] = None,
) -> Response:
    """Country boundaries (Natural Earth 1:50m) as a GeoJSON FeatureCollection.

    Geometries are split at the antimeridian (Russia draws without a band across the map) and
    each feature carries an RFC 7946 `bbox` (west > east when it spans the antimeridian).
    """
    body = await service.boundaries(session, page=page, bbox=bbox, role=role, simplify=simplify)
    return Response(body, media_type=GEOJSON)


@router.get(
    "/countries/{iso3}",
    response_model=Feature,
    response_class=GeoJSONResponse,
    responses=responses(BoundaryNotFound),
    summary="One country boundary",
)
async def get_country(
    session: SessionDep,
    iso3: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", examples=["RUS"])],
    simplify: Simplify = None,
) -> Response:
    """One country's boundary as a GeoJSON Feature."""
    return Response(await service.boundary(session, iso3, simplify=simplify), media_type=GEOJSON)


@router.get(
    "/capitals",
    response_model=FeatureCollection,
    response_class=GeoJSONResponse,
    summary="Capitals",
)
async def list_capitals(session: SessionDep, page: PageParamsDep, bbox: BBoxDep) -> Response:
    """Capitals of the Prague Process states (Natural Earth populated places) as GeoJSON points."""
    return Response(await service.capitals(session, page=page, bbox=bbox), media_type=GEOJSON)

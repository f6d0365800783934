"""Editors' API: `/v1/routes` and `/v1/crossing-points`, GeoJSON Features under the workflow.

The OGC API collections (`/v1/collections/routes`, `/v1/collections/crossing-points`) stay
read-only; these paths create, change, move through the workflow and delete the records under
them. Both are built by one factory, so they behave alike.

No `from __future__ import annotations` here: route signatures are built at runtime from the
arguments and FastAPI must see real types.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from imap_kit.auth import PrincipalDep
from imap_kit.countries import Iso3
from imap_kit.db import SessionDep
from imap_kit.editorial import Status
from imap_kit.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    responses,
)
from imap_kit.etag import IfMatchDep, etag, set_etag
from imap_kit.history_routes import add_history_routes
from imap_kit.pagination import PageParamsDep

from map_api.db import HISTORY
from map_api.editing import service
from map_api.editing.kinds import POINTS, ROUTES, Kind
from map_api.editing.schemas import (
    Link,
    PointCollection,
    PointFeatureIn,
    PointPatchIn,
    RouteCollection,
    RouteFeatureIn,
    RoutePatchIn,
    TransitionRequest,
)
from map_api.features.caching import is_fresh
from map_api.features.links import service_root
from map_api.geojson import GeoJSONResponse

TAG = "editing"
GEOJSON = "application/geo+json"
VARY = "Authorization, X-API-Key"
READ_ERRORS = responses(NotFound)
WRITE_ERRORS = responses(
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PreconditionFailed,
    InvalidInput,
    PreconditionRequired,
)
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: `If-None-Match` named the current ETag."}
}
WORKFLOW = (
    "Contributors create drafts for their countries, edit their drafts and submit them; editors "
    "(and admins) edit anything, publish, return a submission (with a comment), withdraw and "
    "reopen. Partner keys write with the `map:write` scope, for their countries."
)
CHECKS = (
    "Checked before anything is written, each a 422 naming the field: properties (unknown ISO3 "
    "codes, enums, dates, text), the geometry's structure and type, empty geometries, positions "
    "outside longitude -180..180 / latitude -90..90, more positions than `MAP_MAX_VERTICES`, a "
    "CRS PostGIS does not know, and what PostGIS finds invalid (its `ST_IsValidReason`). A slug "
    "already used is a 409. Bodies may be sent as `application/json` or `application/geo+json`."
)


def _max_vertices(request: Request) -> int:
    return int(request.app.state.settings.max_vertices)


def _fresh_headers(response: Response, version: int) -> None:
    set_etag(response, version)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = VARY


def build_router(
    kind: Kind, *, write_model: Any, patch_model: Any, collection_model: Any, scope_note: str
) -> APIRouter:
    """The editors' endpoints of one record kind."""
    router = APIRouter(prefix=kind.path, tags=[TAG])

    def geojson_body(model: Any) -> dict[str, Any]:
        """Also document `application/geo+json` request bodies (parsed like JSON)."""
        ref = {"$ref": f"#/components/schemas/{model.__name__}"}
        return {"requestBody": {"content": {GEOJSON: {"schema": ref}}}}

    noun, feature_model = kind.noun, kind.feature_model
    record_id_param = Annotated[
        int, Path(ge=1, le=2**62, description=f"Id of the {noun} (`id` of the Feature).")
    ]

    @router.get(
        "",
        response_model=collection_model,
        response_class=GeoJSONResponse,
        name=f"list_{kind.record_type}s",
        summary=f"List {noun}s with their workflow state (the review queue)",
        description=(
            f"Every {noun} you may see, most recently changed first, as a FeatureCollection: "
            "anonymous callers published public ones, signed-in callers also published "
            "restricted ones, contributors also their countries' drafts, editors everything. "
            "`status=submitted` is the editors' review queue."
        ),
    )
    async def list_records(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        page: PageParamsDep,
        status_: Annotated[
            list[Status] | None,
            Query(alias="status", description="Workflow state (repeatable: any of)."),
        ] = None,
        country: Annotated[
            Iso3 | None, Query(description=f"Only {noun}s of this state (ISO3).")
        ] = None,
    ) -> Any:
        features, total = await service.find(
            session, principal, kind, statuses=list(status_ or []), country=country,
            limit=page.limit, offset=page.offset, base=service_root(request),
        )  # fmt: skip
        pages = page.links(total)
        named = (
            (pages.self, "self", "This page"),
            (pages.first, "first", "First page"),
            (pages.next, "next", "Next page"),
            (pages.prev, "prev", "Previous page"),
        )
        links = [Link(href=h, rel=r, type=GEOJSON, title=t) for h, r, t in named if h]
        return collection_model(
            features=features, numberMatched=total, numberReturned=len(features), links=links
        )

    @router.get(
        "/{record_id}",
        response_model=feature_model,
        response_class=GeoJSONResponse,
        responses={**READ_ERRORS, **NOT_MODIFIED},
        name=f"get_{kind.record_type}",
        summary=f"Get one {noun} as a GeoJSON Feature with its ETag",
        description=(
            f'The {noun} with its workflow state and `version`; the ETag (`W/"<version>"`) '
            "goes into `If-Match` of the next write. Hidden records answer 404."
        ),
    )
    async def get_record(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        record_id: record_id_param,
        response: Response,
    ) -> Any:
        feature = await service.get(session, principal, kind, record_id, service_root(request))
        version = feature.properties.version  # type: ignore[attr-defined]
        if is_fresh(request, etag(version)):
            not_modified = Response(status_code=304)
            _fresh_headers(not_modified, version)
            return not_modified
        _fresh_headers(response, version)
        return feature

    @router.post(
        "",
        response_model=feature_model,
        response_class=GeoJSONResponse,
        status_code=status.HTTP_201_CREATED,
        responses=responses(Unauthorized, Forbidden, Conflict, InvalidInput),
        name=f"create_{kind.record_type}",
        openapi_extra=geojson_body(write_model),
        summary=f"Create a {noun} (a draft) from a GeoJSON Feature",
        description=f"{scope_note} The new record is a draft. {WORKFLOW}\n\n{CHECKS}",
    )
    async def create_record(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        body: write_model,
        response: Response,
    ) -> Any:
        feature = await service.create(
            session, principal, kind, body,
            max_vertices=_max_vertices(request), base=service_root(request),
        )  # fmt: skip
        set_etag(response, feature.properties.version)  # type: ignore[attr-defined]
        response.headers["Location"] = feature.links[0].href  # type: ignore[attr-defined]
        return feature

    @router.put(
        "/{record_id}",
        response_model=feature_model,
        response_class=GeoJSONResponse,
        responses=WRITE_ERRORS,
        name=f"replace_{kind.record_type}",
        openapi_extra=geojson_body(write_model),
        summary=f"Replace a {noun}: geometry and properties (If-Match required)",
        description=(
            f"Send the whole Feature (an answer of GET, edited, will do). {scope_note} "
            "Contributors edit drafts only; editors anything (the state stays). `If-Match` "
            f"is required: 428 without, 412 when the {noun} changed since you read it.\n\n{CHECKS}"
        ),
    )
    async def replace_record(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        record_id: record_id_param,
        body: write_model,
        if_match: IfMatchDep,
        response: Response,
    ) -> Any:
        feature = await service.update(
            session, principal, kind, record_id, body, if_match=if_match, partial=False,
            max_vertices=_max_vertices(request), base=service_root(request),
        )  # fmt: skip
        set_etag(response, feature.properties.version)  # type: ignore[attr-defined]
        return feature

    @router.patch(
        "/{record_id}",
        response_model=feature_model,
        response_class=GeoJSONResponse,
        responses=WRITE_ERRORS,
        name=f"patch_{kind.record_type}",
        openapi_extra=geojson_body(patch_model),
        summary=f"Change some properties or the geometry of a {noun} (If-Match required)",
        description=(
            "A partial Feature, applied as a JSON merge patch: properties left out keep their "
            "value, `null` clears an optional one; a `geometry` member replaces the geometry, "
            "none keeps it. The result is checked as a whole, like PUT. Same rights and "
            f"`If-Match` rules as PUT.\n\n{CHECKS}"
        ),
    )
    async def patch_record(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        record_id: record_id_param,
        body: patch_model,
        if_match: IfMatchDep,
        response: Response,
    ) -> Any:
        feature = await service.update(
            session, principal, kind, record_id, body, if_match=if_match, partial=True,
            max_vertices=_max_vertices(request), base=service_root(request),
        )  # fmt: skip
        set_etag(response, feature.properties.version)  # type: ignore[attr-defined]
        return feature

    @router.post(
        "/{record_id}/transitions",
        response_model=feature_model,
        response_class=GeoJSONResponse,
        responses=WRITE_ERRORS,
        name=f"transition_{kind.record_type}",
        summary=f"Move a {noun} through the workflow: submit, publish, return, withdraw, reopen",
        description=(
            f"{WORKFLOW} `return` needs a comment. Moves from the wrong state are 409. "
            "`If-Match` is required. Publishing makes the record visible in the OGC collection "
            "and the tiles at once."
        ),
    )
    async def transition_record(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        record_id: record_id_param,
        body: TransitionRequest,
        if_match: IfMatchDep,
        response: Response,
    ) -> Any:
        feature = await service.transition(
            session, principal, kind, record_id, body, if_match=if_match,
            base=service_root(request),
        )  # fmt: skip
        set_etag(response, feature.properties.version)  # type: ignore[attr-defined]
        return feature

    @router.delete(
        "/{record_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        response_class=Response,
        responses=WRITE_ERRORS,
        name=f"delete_{kind.record_type}",
        summary=f"Delete a {noun} (If-Match required); its history stays",
        description=(
            "Editors delete anything, contributors their countries' drafts. "
            + (
                "A route that monthly statistics or crossing points refer to is a 409: "
                "withdraw it instead."
                if kind is ROUTES
                else ""
            )
        ),
    )
    async def delete_record(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        record_id: record_id_param,
        if_match: IfMatchDep,
    ) -> Response:
        await service.delete(
            session, principal, kind, record_id, if_match=if_match, base=service_root(request)
        )
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    async def ensure_visible(session: Any, principal: Any, record_id: int) -> None:
        await service.ensure_visible(session, principal, kind, record_id)

    add_history_routes(
        router,
        path="",
        record_type=kind.record_type,
        tables=HISTORY,
        id_param=record_id_param,
        ensure_visible=ensure_visible,
    )
    return router


routes_router = build_router(
    ROUTES,
    write_model=RouteFeatureIn,
    patch_model=RoutePatchIn,
    collection_model=RouteCollection,
    scope_note="Contributors write routes running through a state of their scope (`countries`).",
)
points_router = build_router(
    POINTS,
    write_model=PointFeatureIn,
    patch_model=PointPatchIn,
    collection_model=PointCollection,
    scope_note="Contributors write crossing points with a state of their scope on either side.",
)

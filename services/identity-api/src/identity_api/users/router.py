"""User endpoints (admins only) and `/v1/me` (anyone signed in)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status
from imap_kit.db import SessionDep
from imap_kit.errors import (
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    responses,
)
from imap_kit.etag import IfMatchDep, set_etag
from imap_kit.pagination import Page, PageParamsDep

from identity_api.access import ADMIN_ERRORS, AdminDep, SignedInDep
from identity_api.grants import user_id_of
from identity_api.users import service
from identity_api.users.exceptions import EmailTaken, SelfLockout, UserNotFound
from identity_api.users.schemas import PrincipalRead, UserCreate, UserRead, UserUpdate

router = APIRouter(prefix="/v1", tags=["users"])
UserId = Annotated[int, Path(ge=1, le=2**62, examples=[1])]
ETAG_HEADER = {"ETag": {"description": 'The record version, `W/"<row_version>"`.'}}


@router.get("/users", response_model=Page[UserRead], responses=ADMIN_ERRORS)
async def list_users(session: SessionDep, page: PageParamsDep, _: AdminDep) -> Page[UserRead]:
    """List accounts in id order."""
    items, total = await service.list_users(session, limit=page.limit, offset=page.offset)
    return page.page(items, total)


@router.post(
    "/users",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses={**ADMIN_ERRORS, **responses(EmailTaken, InvalidInput)},
)
async def create_user(
    session: SessionDep, request: Request, response: Response, body: UserCreate, _: AdminDep
) -> UserRead:
    """Create an account (the password must pass the policy)."""
    user = await service.create_user(session, body)
    response.headers["Location"] = str(request.url_for("get_user", user_id=user.id).path)
    set_etag(response, user.row_version)
    return UserRead.model_validate(user)


@router.get(
    "/users/{user_id}",
    response_model=UserRead,
    responses={**ADMIN_ERRORS, **responses(UserNotFound), 200: {"headers": ETAG_HEADER}},
)
async def get_user(
    session: SessionDep, response: Response, user_id: UserId, _: AdminDep
) -> UserRead:
    """Get one account; its ETag is needed to change it."""
    user = await service.get_user(session, user_id)
    set_etag(response, user.row_version)
    return UserRead.model_validate(user)


@router.patch(
    "/users/{user_id}",
    response_model=UserRead,
    responses={
        **ADMIN_ERRORS,
        **responses(
            UserNotFound, EmailTaken, SelfLockout, PreconditionFailed, PreconditionRequired
        ),
        200: {"headers": ETAG_HEADER},
    },
)
async def update_user(
    session: SessionDep,
    admin: AdminDep,
    response: Response,
    user_id: UserId,
    body: UserUpdate,
    if_match: IfMatchDep,
) -> UserRead:
    """Change an account; send `If-Match` with the ETag you read (428 without, 412 if stale)."""
    user = await service.update_user(
        session, user_id, changes=body, if_match=if_match, actor_id=user_id_of(admin.subject)
    )
    set_etag(response, user.row_version)
    return UserRead.model_validate(user)


@router.get("/me", response_model=PrincipalRead, responses=responses(Unauthorized))
async def me(principal: SignedInDep) -> PrincipalRead:
    """Who you are: the principal every service sees for your token."""
    return PrincipalRead(
        kind=principal.kind,
        subject=principal.subject,
        name=principal.name,
        roles=sorted(principal.roles),
        scopes=sorted(principal.scopes),
        countries=sorted(principal.countries),
    )

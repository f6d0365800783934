"""API key endpoints: issue, list, revoke (admins) and introspect (the other services)."""

from typing import Annotated

from fastapi import APIRouter, Path, status
from imap_kit.db import SessionDep
from imap_kit.errors import InvalidInput, responses
from imap_kit.pagination import Page, PageParamsDep

from identity_api.access import ADMIN_ERRORS, AdminDep
from identity_api.api_keys import service
from identity_api.api_keys.exceptions import ApiKeyNotFound
from identity_api.api_keys.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    Introspection,
    IntrospectRequest,
)
from identity_api.dependencies import SettingsDep
from identity_api.grants import user_id_of

router = APIRouter(prefix="/v1/api-keys", tags=["api-keys"])
KeyId = Annotated[int, Path(ge=1, le=2**62, examples=[1])]


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    responses={**ADMIN_ERRORS, **responses(InvalidInput)},
)
async def create_api_key(session: SessionDep, admin: AdminDep, body: ApiKeyCreate) -> ApiKeyCreated:
    """Issue a key; the whole key is in this answer only, so store it now."""
    return await service.create_key(session, body, created_by=user_id_of(admin.subject))


@router.get("", response_model=Page[ApiKeyRead], responses=ADMIN_ERRORS)
async def list_api_keys(session: SessionDep, _: AdminDep, page: PageParamsDep) -> Page[ApiKeyRead]:
    """List keys, newest first (prefixes only, never secrets)."""
    items, total = await service.list_keys(session, limit=page.limit, offset=page.offset)
    return page.page(items, total)


@router.post(
    "/{key_id}/revoke",
    response_model=ApiKeyRead,
    responses={**ADMIN_ERRORS, **responses(ApiKeyNotFound)},
)
async def revoke_api_key(session: SessionDep, _: AdminDep, key_id: KeyId) -> ApiKeyRead:
    """Revoke a key; services stop accepting it within their short cache time."""
    return await service.revoke_key(session, key_id)


@router.post("/introspect", response_model=Introspection, response_model_exclude_none=True)
async def introspect_api_key(
    session: SessionDep, settings: SettingsDep, body: IntrospectRequest
) -> Introspection:
    """Check a key: what it grants, or `{"active": false}`; always 200."""
    return await service.introspect(session, body.key, touch_seconds=settings.api_key_touch_seconds)

"""Sign-in (`POST /v1/token`) and discovery (`/.well-known/jwks.json`, `openid-configuration`)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse
from imap_kit.db import SessionDep
from imap_kit.errors import problem_response, responses
from imap_kit.urls import public_url

from identity_api.dependencies import ClientAddressDep, KeyRingDep, SettingsDep
from identity_api.tokens import service
from identity_api.tokens.exceptions import (
    InvalidCredentials,
    TooManySignInAttempts,
    UnsupportedGrantType,
)
from identity_api.tokens.schemas import Jwks, OpenIdConfiguration, TokenForm, TokenRead

router = APIRouter(tags=["tokens"])
discovery = APIRouter(prefix="/.well-known", tags=["discovery"])
PUBLIC_CACHE = "public, max-age=300"
OPENID_PATH = "/.well-known/openid-configuration"


@router.post(
    "/v1/token",
    response_model=TokenRead,
    responses=responses(UnsupportedGrantType, InvalidCredentials, TooManySignInAttempts),
)
async def token(
    session: SessionDep,
    request: Request,
    response: Response,
    form: Annotated[TokenForm, Form()],
    keyring: KeyRingDep,
    settings: SettingsDep,
    address: ClientAddressDep,
) -> TokenRead | JSONResponse:
    """Sign in with email (`username`) and password; answers a bearer token."""
    try:
        result = await service.sign_in(
            session,
            service.Issuer.from_settings(keyring, settings),
            settings,
            grant_type=form.grant_type,
            email=form.username,
            password=form.password,
            address=address,
        )
    except (InvalidCredentials, TooManySignInAttempts) as exc:
        # Answer instead of raising: the session then commits, and the failure row it holds is
        # what the next attempt is counted against.
        return problem_response(
            request, exc.status, slug=exc.slug, detail=exc.detail, headers=exc.headers
        )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return result


@discovery.get("/jwks.json", response_model=Jwks)
async def jwks(response: Response, keyring: KeyRingDep) -> Jwks:
    """The public keys that verify i-Map tokens (JWKS)."""
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return Jwks.model_validate(keyring.jwks())


@discovery.get("/openid-configuration", response_model=OpenIdConfiguration)
async def openid_configuration(
    request: Request, response: Response, settings: SettingsDep
) -> OpenIdConfiguration:
    """OpenID Provider metadata: issuer, JWKS and token endpoint, as public URLs."""
    base = public_url(request).partition("?")[0].removesuffix(OPENID_PATH)
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return OpenIdConfiguration(
        issuer=settings.auth.issuer,
        jwks_uri=f"{base}/.well-known/jwks.json",
        token_endpoint=f"{base}/v1/token",
        api_key_introspection_endpoint=f"{base}/v1/api-keys/introspect",
    )

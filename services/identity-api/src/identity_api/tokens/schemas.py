"""Token, JWKS and discovery schemas."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TokenForm(BaseModel):
    """OAuth2 password grant form (`application/x-www-form-urlencoded`)."""

    grant_type: str = Field(default="password", examples=["password"])
    username: str = Field(max_length=320, description="The account's email.")
    # No length constraint: a value refused by validation would be echoed in the 422 problem.
    password: str = Field(description="The account's password.")
    scope: str = Field(
        default="",
        max_length=1000,
        description="Accepted and ignored: roles come from the account.",
    )


class TokenRead(BaseModel):
    """An access token (JWT signed with EdDSA)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJFZERTQSIs...",
                    "token_type": "bearer",
                    "expires_in": 900,
                }
            ]
        }
    )

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")


class Jwk(BaseModel):
    """An Ed25519 public key (RFC 8037); `kid` is its RFC 7638 thumbprint."""

    kty: Literal["OKP"]
    crv: Literal["Ed25519"]
    x: str
    kid: str
    alg: Literal["EdDSA"]
    use: Literal["sig"]


class Jwks(BaseModel):
    """The public keys that verify i-Map tokens (current first, then earlier ones)."""

    keys: list[Jwk]


class OpenIdConfiguration(BaseModel):
    """OpenID Provider metadata, so services treat identity-api like any OIDC issuer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "issuer": "urn:imap:identity",
                    "jwks_uri": "https://imap.example.org/api/identity/.well-known/jwks.json",
                    "token_endpoint": "https://imap.example.org/api/identity/v1/token",
                    "grant_types_supported": ["password"],
                    "id_token_signing_alg_values_supported": ["EdDSA"],
                }
            ]
        }
    )

    issuer: str
    jwks_uri: str
    token_endpoint: str
    api_key_introspection_endpoint: str
    grant_types_supported: list[str] = ["password"]
    response_types_supported: list[str] = ["token"]
    subject_types_supported: list[str] = ["public"]
    id_token_signing_alg_values_supported: list[str] = ["EdDSA"]
    token_endpoint_auth_methods_supported: list[str] = ["none"]
    claims_supported: list[str] = [
        "iss",
        "aud",
        "sub",
        "iat",
        "exp",
        "jti",
        "roles",
        "countries",
        "name",
        "email",
    ]

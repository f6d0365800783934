"""API key schemas. The full key appears in exactly one response: the one that creates it."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from identity_api.grants import Iso3, Role, Scope

READ_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "name": "Ministry of Labour statistics feed",
    "prefix": "3f9a1c07",
    "roles": ["partner"],
    "scopes": ["toolbox:write"],
    "countries": ["GEO"],
    "created_at": "2026-11-28T09:00:00Z",
    "created_by": 1,
    "expires_at": "2027-02-26T09:00:00Z",
    "revoked_at": None,
    "last_used_at": None,
    "active": True,
}


class ApiKeyCreate(BaseModel):
    """A key for a partner system."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Ministry of Labour statistics feed",
                    "roles": ["partner"],
                    "scopes": ["toolbox:write"],
                    "countries": ["GEO"],
                    "expires_at": "2027-02-26T09:00:00Z",
                }
            ]
        },
    )

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    roles: list[Role] = Field(default=["partner"])
    scopes: list[Scope] = Field(default_factory=list)
    countries: list[Iso3] = Field(default_factory=list)
    expires_at: AwareDatetime | None = Field(
        default=None, description="With a time zone; null for a key that does not expire."
    )


class ApiKeyRead(BaseModel):
    """A key as listed: never its secret."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [READ_EXAMPLE]})

    id: int
    name: str
    prefix: str = Field(description="Public part of the key: `imap_<prefix>_...`.")
    roles: list[str]
    scopes: list[str]
    countries: list[str]
    created_at: datetime
    created_by: int | None = Field(description="User id of the admin who issued it.")
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    active: bool = Field(description="Neither revoked nor expired.")


class ApiKeyCreated(ApiKeyRead):
    """The new key, with the secret shown this once."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**READ_EXAMPLE, "key": "imap_3f9a1c07_Zx8...Qk"}]}
    )

    key: str = Field(description="The whole key. It is not stored and cannot be shown again.")


class IntrospectRequest(BaseModel):
    """The key to check."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"key": "imap_3f9a1c07_Zx8...Qk"}]})

    key: str = Field(description="The whole key as the partner system sent it.")


class Introspection(BaseModel):
    """RFC 7662-style answer: `{"active": false}` for any key that is not good now."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "active": True,
                    "sub": "key:3f9a1c07",
                    "name": "Ministry of Labour statistics feed",
                    "roles": ["partner"],
                    "scopes": ["toolbox:write"],
                    "countries": ["GEO"],
                    "exp": 1803891600,
                },
                {"active": False},
            ]
        }
    )

    active: bool
    sub: str | None = None
    name: str | None = None
    roles: list[str] | None = None
    scopes: list[str] | None = None
    countries: list[str] | None = None
    exp: int | None = Field(default=None, description="Expiry (Unix time); absent if none.")

"""User API schemas. Passwords are accepted, checked by the service, and never returned."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from identity_api.grants import Iso3, Role

Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    Field(description="Sign-in name; stored lower-case.", examples=["editor@example.org"]),
]
DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Field(examples=["Nino Beridze"]),
]
# No length rule here: the policy is checked by the service so that a rejected password is never
# echoed back in the validation error.
Password = Annotated[
    str,
    Field(
        description="At least 12 characters, not the email, not a common password.",
        examples=["long and personal passphrase"],
    ),
]
CREATE_EXAMPLE: dict[str, Any] = {
    "email": "focal.point@example.org",
    "display_name": "Nino Beridze",
    "password": "correct horse battery staple",
    "roles": ["contributor"],
    "countries": ["GEO"],
}


class UserCreate(BaseModel):
    """A new account."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CREATE_EXAMPLE]})

    email: Email
    display_name: DisplayName
    password: Password
    roles: list[Role] = Field(default_factory=list)
    countries: list[Iso3] = Field(
        default_factory=list, description="Country scope; a contributor needs at least one."
    )


class UserUpdate(BaseModel):
    """Fields to change; absent or null fields stay as they are."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"roles": ["contributor", "editor"], "countries": ["ARM"]}]
        },
    )

    email: Email | None = None
    display_name: DisplayName | None = None
    password: Password | None = None
    roles: list[Role] | None = None
    countries: list[Iso3] | None = None
    is_active: bool | None = Field(default=None, description="False disables sign-in.")


class UserRead(BaseModel):
    """An account as admins see it (never the password hash)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "email": "focal.point@example.org",
                    "display_name": "Nino Beridze",
                    "is_active": True,
                    "roles": ["contributor"],
                    "countries": ["GEO"],
                    "created_at": "2026-11-28T09:00:00Z",
                    "updated_at": "2026-11-28T09:00:00Z",
                    "row_version": 1,
                }
            ]
        },
    )

    id: int
    email: str
    display_name: str
    is_active: bool
    roles: list[str]
    countries: list[str]
    created_at: datetime
    updated_at: datetime
    row_version: int = Field(description='Also sent as the ETag `W/"<row_version>"`.')


class PrincipalRead(BaseModel):
    """The caller, as every i-Map service sees it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "user",
                    "subject": "user:7",
                    "name": "Nino Beridze",
                    "roles": ["contributor"],
                    "scopes": [],
                    "countries": ["GEO"],
                }
            ]
        }
    )

    kind: str = Field(description="`user` or `api_key`.")
    subject: str | None
    name: str | None
    roles: list[str]
    scopes: list[str]
    countries: list[str]

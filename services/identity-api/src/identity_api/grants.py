"""What a principal is granted: roles, country scope (ISO3) and scopes, validated one way.

Roles: `admin` (everything), `editor` (reviews and publishes anything), `contributor` (drafts and
submits content of the countries in its scope) and `partner` (a system reading restricted data;
writes only where a scope such as `toolbox:write` grants it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal, get_args

from imap_kit.countries import check_iso3
from imap_kit.errors import FieldError, InvalidInput
from pydantic import BeforeValidator, Field, StringConstraints

Role = Literal["admin", "editor", "contributor", "partner"]
ROLES: tuple[str, ...] = get_args(Role)


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Iso3 = Annotated[
    str,
    BeforeValidator(_upper),
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    Field(description="ISO 3166-1 alpha-3 code (Kosovo: XKX).", examples=["GEO"]),
]
Scope = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$", max_length=64),
    Field(description="`<service>:<action>`, e.g. `toolbox:write`.", examples=["toolbox:write"]),
]


def tidy(values: Iterable[str]) -> list[str]:
    """Sorted and without duplicates, so stored lists compare equal."""
    return sorted(set(values))


def country_scope(codes: Iterable[str], *, where: str) -> list[str]:
    """Known ISO3 codes (Kosovo: XKX), sorted; a 422 names each unknown one under `where`."""
    return tidy(check_iso3(list(codes), where))


def check_contributor_scope(roles: Iterable[str], countries: Iterable[str], *, where: str) -> None:
    """A contributor works for named countries: refuse one without any (422 on `where`)."""
    if "contributor" in roles and not list(countries):
        raise InvalidInput(
            "A contributor needs at least one country in its scope.",
            errors=[FieldError(field=where, reason="a contributor needs at least one country")],
        )


def user_id_of(subject: str | None) -> int | None:
    """The user id in a `user:<id>` subject, else None (API keys, anonymous)."""
    kind, _, ident = (subject or "").partition(":")
    return int(ident) if kind == "user" and ident.isdigit() else None

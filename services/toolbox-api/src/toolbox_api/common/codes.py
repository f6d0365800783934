"""Codes the toolbox checks: currencies (ISO 4217), map routes, themes, countries and roles."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

import pycountry
from imap_kit.countries import check_iso3
from imap_kit.errors import FieldError, InvalidInput
from pydantic import Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.themes.models import Theme

# The routes of map-api's `routes` collection that records may be linked to (map-api's slugs;
# its catch-all "other" route is not one a record can touch on purpose).
ROUTES = (
    "albania-greece-circular",
    "black-sea",
    "central-mediterranean",
    "eastern-borders",
    "eastern-mediterranean",
    "western-balkans",
    "western-mediterranean",
)
# ISO 4217 codes that are not currencies a budget is stated in.
NOT_MONEY = {"XXX", "XTS"}

CountryRole = Literal["implementer", "partner"]
OrganisationRole = Literal["implementer", "donor", "partner"]
ImplementationStatus = Literal["planned", "ongoing", "completed", "suspended"]
Evidence = Literal["evaluated", "reported", "described"]
RecommendationStatus = Literal["not_started", "in_progress", "implemented", "dropped"]
Kind = Literal["bilateral", "multilateral", "regional"]

ThemeCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z-]{2,40}$"),
    Field(
        description="Code of an Action Plan thematic area (`GET /v1/themes`).",
        examples=["legal-migration"],
    ),
]
RouteSlug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z-]{2,40}$"),
    Field(description=f"A map-api route: {', '.join(ROUTES)}.", examples=["eastern-borders"]),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True),
    Field(description="ISO 4217 currency code.", examples=["EUR"]),
]


@cache
def currencies() -> frozenset[str]:
    """Every ISO 4217 currency code a budget may be stated in."""
    return frozenset(c.alpha_3 for c in pycountry.currencies) - NOT_MONEY


def currency_error(code: str, field: str) -> FieldError | None:
    """A FieldError unless `code` is an ISO 4217 currency."""
    if code.upper() in currencies():
        return None
    return FieldError(field=field, reason="not an ISO 4217 currency code", value=code)


def route_errors(slugs: list[str], field: str) -> list[FieldError]:
    """A FieldError for each slug that is not a known route."""
    return [
        FieldError(
            field=f"{field}.{i}", reason=f"unknown route; use one of {', '.join(ROUTES)}", value=s
        )
        for i, s in enumerate(slugs)
        if s not in ROUTES
    ]


async def theme_errors(session: AsyncSession, codes: list[str], field: str) -> list[FieldError]:
    """A FieldError for each code that is not a thematic area."""
    if not codes:
        return []
    known = set(await session.scalars(select(Theme.code).where(Theme.code.in_(codes))))
    return [
        FieldError(field=f"{field}.{i}", reason="unknown theme (see GET /v1/themes)", value=c)
        for i, c in enumerate(codes)
        if c not in known
    ]


def raise_if(errors: list[FieldError]) -> None:
    """422 naming every field and its reason, when there are any errors."""
    if errors:
        raise InvalidInput(
            "; ".join(
                f"{e.field}: {e.reason}" + (f" ({e.value})" if e.value is not None else "")
                for e in errors[:20]
            ),
            errors=errors,
        )


def country_errors(codes: list[str], field: str) -> list[FieldError]:
    """A FieldError for each code that is not ISO 3166-1 alpha-3 (or Kosovo's XKX)."""
    try:
        check_iso3(codes, field)
    except InvalidInput as err:
        return list(err.errors or [])
    return []


def duplicate_errors(values: list[object], field: str) -> list[FieldError]:
    """A FieldError for each value listed a second time."""
    seen: set[object] = set()
    out = []
    for i, v in enumerate(values):
        if v in seen:
            out.append(FieldError(field=f"{field}.{i}", reason="listed twice", value=str(v)))
        seen.add(v)
    return out


def country_error(code: str, field: str) -> FieldError | None:
    """A FieldError unless `code` is ISO 3166-1 alpha-3 (or Kosovo's XKX)."""
    if country_errors([code], field):
        return FieldError(field=field, reason="not an ISO 3166-1 alpha-3 code", value=code)
    return None


def corridor_errors(pairs: list[tuple[str, str]], field: str) -> list[FieldError]:
    """Unknown states at either end of a corridor, and corridors listed twice."""
    out = []
    for i, (origin, destination) in enumerate(pairs):
        for end, code in (("from", origin), ("to", destination)):
            if err := country_error(code, f"{field}.{i}.{end}"):
                out.append(err)
    return out + duplicate_errors([f"{o}>{d}" for o, d in pairs], field)

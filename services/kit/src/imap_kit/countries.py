"""Country codes: ISO 3166-1 alpha-3 (via pycountry) plus Kosovo's XKX (not assigned by ISO)."""

from __future__ import annotations

from functools import cache
from typing import Annotated

import pycountry
from pydantic import Field, StringConstraints

from imap_kit.errors import FieldError, InvalidInput

Iso3 = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True),
    Field(description="ISO 3166-1 alpha-3 code, any case (Kosovo: XKX).", examples=["ARM"]),
]

EXTRA = {"XKX"}  # Kosovo: the World Bank/EU code used by every i-Map dataset


@cache
def _known() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries} | EXTRA)


def check_iso3(codes: list[str], field: str) -> list[str]:
    """Upper-cased codes, or a 422 naming each unknown one."""
    upper = [c.upper() for c in codes]
    bad = [
        FieldError(field=f"{field}.{i}", reason="not an ISO 3166-1 alpha-3 code", value=c)
        for i, c in enumerate(upper)
        if c not in _known()
    ]
    if bad:
        raise InvalidInput(
            "; ".join(f"{e.field}: {e.value} is {e.reason}" for e in bad), errors=bad
        )
    return upper

"""Country codes in long files: the register's states, aggregates, and states outside the scope.

Long layouts (tidy CSV, DDF, metadata files) name places by code. A code is one of three things:
a state of the register (any of its ISO3, ISO2, World Bank or Eurostat codes, any case); a code to
skip and count (a publisher's aggregate such as WLD, EUU or EU27, a non-country category such as
"stateless" or "unknown", or an ISO 3166 state outside the Prague Process scope); or an unknown
code, which is an error: a typo must not silently drop a country's values.
"""

from __future__ import annotations

from enum import Enum

import pycountry

from profiles_api.imports.common import Register

# World Bank aggregates (regions, income and lending groups, demographic dividend groups, world).
WB_AGGREGATES = frozenset(
    "AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN "
    "LDC LIC LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA "
    "TSS UMC WLD".split()
)
# Eurostat aggregates and non-country categories of the citizenship and geo dimensions.
EUROSTAT_AGGREGATES = frozenset(
    "EU EU27 EU27_2020 EU27_2007 EU28 EU25 EU15 EA EA19 EA20 EFTA EEA EXT_EU27_2020 EXT_EU28 "
    "TOTAL STLS UNK RNC".split()
)
# Other publishers' non-country codes: UN/IOM "world", Frontex "other/unknown nationality",
# UNHCR "stateless" and "unknown", and World Bank economies without an ISO 3166 code.
OTHER_NON_COUNTRIES = frozenset("WORLD OOO XXA XXB XXC XXX UKN STA CHI".split())
NOT_COUNTRIES = WB_AGGREGATES | EUROSTAT_AGGREGATES | OTHER_NON_COUNTRIES


class Kind(Enum):
    """What a code is: a state of ours, a code to skip, or unknown."""

    STATE = "state"
    SKIP = "skip"
    UNKNOWN = "unknown"


def classify(register: Register, raw: str) -> tuple[Kind, str | None]:
    """(kind, ISO3 for a state of the register) of a code as written in a file."""
    code = raw.strip().upper()
    iso3 = register.code(code)
    if iso3 is not None:
        return Kind.STATE, iso3
    if code in NOT_COUNTRIES or _iso_state(code):
        return Kind.SKIP, None
    return Kind.UNKNOWN, None


def _iso_state(code: str) -> bool:
    """An ISO 3166 alpha-3 (or alpha-2) code of a state: real, just not one of ours."""
    if len(code) == 3:
        return pycountry.countries.get(alpha_3=code) is not None
    if len(code) == 2:
        return pycountry.countries.get(alpha_2=code) is not None
    return False


UNKNOWN_REASON = (
    "unknown country code: not a state of the register, an ISO 3166 code, nor a known aggregate"
)

"""What the recommendations ask profiles-api: names, groups and a few profile indicators."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pycountry
from imap_kit.peers import PeerRejected, PeerUnavailable

from toolbox_api.recommendations import scoring
from toolbox_api.search.profiles import Country, Group, ProfilesClient

# Profile indicators compared (profiles-api codes), with their names for the reasons.
INDICATORS = {
    "BX.TRF.PWKR.DT.GD.ZS": ("personal remittances received, % of GDP", "денежные переводы, % ВВП"),
    "SM.POP.TOTL.ZS": (
        "international migrant stock, % of population",
        "численность международных мигрантов, % населения",
    ),
    "NY.GDP.PCAP.CD": ("GDP per capita, current US$", "ВВП на душу населения, долл. США"),
}


@dataclass
class Profiles:
    """What profiles-api said (or nothing, with the reason, when it could not be asked)."""

    countries: dict[str, Country] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    values: dict[str, dict[str, float]] = field(default_factory=dict)
    ranks: dict[str, dict[str, float]] = field(default_factory=dict)
    problem: str | None = None

    def name(self, iso3: str, lang: str) -> str:
        known = self.countries.get(iso3)
        if known:
            return known.name_ru if lang == "ru" else known.name_en
        found = pycountry.countries.get(alpha_3=iso3)
        return found.name if found else iso3


async def ask_profiles(client: ProfilesClient) -> Profiles:
    """Everything at once (cached by the client); on any failure, nothing and the reason."""
    try:
        countries, groups = await asyncio.gather(client.countries(), client.groups())
        latest = await asyncio.gather(*(client.latest(code) for code in INDICATORS))
    except (PeerUnavailable, PeerRejected) as exc:
        return Profiles(problem=str(exc))
    pairs = zip(INDICATORS, latest, strict=True)
    values = {code: {k: v.value for k, v in got.items()} for code, got in pairs}
    return Profiles(
        countries=countries,
        groups={g.name: g for g in groups},
        values=values,
        ranks={code: scoring.percentile_ranks(v) for code, v in values.items()},
    )

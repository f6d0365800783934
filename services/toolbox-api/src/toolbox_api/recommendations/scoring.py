"""The transfer score: pure functions, no database, no network.

A practice that worked elsewhere is scored for a country on five components, each 0..1:

- evidence (0.30): evaluated 1.0, reported results 0.6, described only 0.3;
- text (0.25): word overlap of the practice with the theme's or objective's text (cosine of the
  stemmed word sets, English and Russian averaged), relative to the best candidate's;
- indicators (0.20): profile similarity with the most alike country where it was applied: for
  each indicator, 1 minus the distance between the two countries' percentile ranks among all
  states with a value, averaged over the indicators both have;
- group (0.15): 1 when it was applied in a state of the country's Prague Process group, else 0;
- role (0.10): 1 when it was applied by a state on the country's side of its corridors (origin or
  destination), 0 when only on the other side, 0.5 when unknown.

The score is the weighted mean of the components that could be computed (a component is left out,
not counted as 0, when profiles-api is down or a value is missing), so scores stay 0..1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WEIGHTS = {"evidence": 0.30, "text": 0.25, "indicators": 0.20, "group": 0.15, "role": 0.10}
EVIDENCE = {"evaluated": 1.0, "reported": 0.6, "described": 0.3}


def percentile_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Each key's rank among the values, 0 (lowest) .. 1 (highest); ties share their mean rank."""
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    n = len(ordered)
    if n < 2:
        return {k: 0.5 for k in values}
    out: dict[str, float] = {}
    i = 0
    while i < n:
        j = i
        while j + 1 < n and ordered[j + 1][1] == ordered[i][1]:
            j += 1
        for k in range(i, j + 1):
            out[ordered[k][0]] = ((i + j) / 2) / (n - 1)
        i = j + 1
    return out


@dataclass(frozen=True)
class Likeness:
    """How alike two countries' profiles are: the mean similarity and each indicator's."""

    country: str
    score: float
    per_indicator: dict[str, float]


def most_alike(
    target: str, countries: Iterable[str], ranks: Mapping[str, Mapping[str, float]]
) -> Likeness | None:
    """The country most like `target` over the indicators both have (None: no common one)."""
    best: Likeness | None = None
    for country in countries:
        if country == target:
            continue
        shared = {
            code: 1 - abs(r[target] - r[country])
            for code, r in ranks.items()
            if target in r and country in r
        }
        if not shared:
            continue
        score = sum(shared.values()) / len(shared)
        if best is None or (score, country) > (best.score, best.country):
            best = Likeness(country, score, shared)
    return best


def corridor_role(country: str, corridors: Iterable[tuple[str, str]]) -> str | None:
    """`origin` or `destination` as the country mostly appears in corridors, else None."""
    pairs = list(corridors)
    origin = sum(1 for o, _ in pairs if o == country)
    destination = sum(1 for _, d in pairs if d == country)
    if origin == destination:
        return None
    return "origin" if origin > destination else "destination"


def practice_sides(
    countries: Iterable[str], corridors: Iterable[tuple[str, str]]
) -> dict[str, list[str]]:
    """The practice's countries at the origin and at the destination end of its corridors."""
    applied = set(countries)
    sides: dict[str, list[str]] = {"origin": [], "destination": []}
    for o, d in corridors:
        if o in applied and o not in sides["origin"]:
            sides["origin"].append(o)
        if d in applied and d not in sides["destination"]:
            sides["destination"].append(d)
    return sides


def role_score(role: str | None, sides: Mapping[str, list[str]], has_corridors: bool) -> float:
    """1 same side, 0 only the other side, 0.5 unknown (see the module docstring)."""
    if role is None or not has_corridors:
        return 0.5
    return 1.0 if sides.get(role) else 0.0


def combine(components: Mapping[str, float | None]) -> float:
    """Weighted mean of the components that are known."""
    known = {k: v for k, v in components.items() if v is not None}
    weight = sum(WEIGHTS[k] for k in known)
    if weight == 0:
        return 0.0
    return sum(WEIGHTS[k] * v for k, v in known.items()) / weight

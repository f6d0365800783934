"""The transfer score's parts: percentile ranks, the most alike country, corridor roles."""

import pytest
from toolbox_api.recommendations import scoring


def test_percentile_ranks_share_ties() -> None:
    ranks = scoring.percentile_ranks({"A": 1, "B": 5, "C": 5, "D": 9})
    assert ranks == {"A": 0.0, "B": 0.5, "C": 0.5, "D": 1.0}
    assert scoring.percentile_ranks({"A": 3}) == {"A": 0.5}


def test_most_alike_uses_shared_indicators_only() -> None:
    ranks = {"x": {"UZB": 0.2, "KGZ": 0.25, "DEU": 1.0}, "y": {"UZB": 0.1, "DEU": 0.9}}
    alike = scoring.most_alike("UZB", ["DEU", "KGZ", "UZB"], ranks)
    assert alike is not None and alike.country == "KGZ"
    assert alike.per_indicator == {"x": pytest.approx(0.95)}
    assert scoring.most_alike("UZB", ["FRA"], ranks) is None


def test_corridor_roles() -> None:
    corridors = [("UZB", "RUS"), ("UZB", "KOR"), ("KGZ", "UZB")]
    assert scoring.corridor_role("UZB", corridors) == "origin"
    assert scoring.corridor_role("RUS", corridors) == "destination"
    assert scoring.corridor_role("FRA", corridors) is None
    sides = scoring.practice_sides(["GEO", "DEU"], [("GEO", "DEU"), ("ARM", "DEU")])
    assert sides == {"origin": ["GEO"], "destination": ["DEU"]}
    assert scoring.role_score("origin", sides, True) == 1.0
    assert scoring.role_score("origin", {"origin": [], "destination": ["DEU"]}, True) == 0.0
    assert scoring.role_score(None, sides, True) == 0.5


def test_combine_leaves_unknown_components_out() -> None:
    full = {"evidence": 1.0, "text": 0.0, "indicators": 0.5, "group": 1.0, "role": 0.5}
    assert scoring.combine(full) == pytest.approx(0.30 + 0.10 + 0.15 + 0.05)
    degraded = {"evidence": 1.0, "text": 0.0, "indicators": None, "group": None, "role": 0.5}
    assert scoring.combine(degraded) == pytest.approx((0.30 + 0.05) / 0.65)

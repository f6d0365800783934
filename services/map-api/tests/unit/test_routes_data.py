"""The shipped route data is complete and consistent (no database)."""

import itertools
from collections import Counter

from map_api.regions.seed import region_rows
from map_api.routes.seed import crossing_point_rows, frontex_rows, route_rows
from map_api.seed import boundary_rows


def test_every_frontex_route_has_a_route_record() -> None:
    names = {r["route"] for r in frontex_rows()}
    assert names == {r["frontex"] for r in route_rows()}
    assert len(frontex_rows()) == 11_541


def test_frontex_rows_are_unique_and_non_negative() -> None:
    keys = Counter(
        (r["route"], r["border_type"], r["nationality_iso3"], r["month"]) for r in frontex_rows()
    )
    assert max(keys.values()) == 1
    assert all(r["detections"] >= 0 and r["month"].day == 1 for r in frontex_rows())


def test_the_four_required_routes_have_indicative_lines_with_sources() -> None:
    by_slug = {r["slug"]: r for r in route_rows()}
    for slug in ("eastern-borders", "western-balkans", "black-sea", "albania-greece-circular"):
        route = by_slug[slug]
        assert route["geometry"]["type"] == "MultiLineString" and route["indicative"]
        assert route["sources"] and route["name_ru"] and route["description_ru"]
        for line in route["geometry"]["coordinates"]:
            assert len(line) >= 2
            for lon, lat in line:
                assert -25 <= lon <= 75 and 30 <= lat <= 72
            assert max(abs(a[0] - b[0]) for a, b in itertools.pairwise(line)) < 180


def test_crossing_points_name_known_routes_and_two_states() -> None:
    slugs = {r["slug"] for r in route_rows()}
    states = {r["iso3"] for r in boundary_rows()}
    for point in crossing_point_rows():
        assert point["route"] in slugs
        assert {point["country_a"], point["country_b"]} <= states
        assert point["country_a"] != point["country_b"] and point["approximate"]


def test_regions_list_register_states() -> None:
    scope = {r["iso3"] for r in boundary_rows() if r["role"] == "scope"}
    regions = {r["code"]: set(r["members"]) for r in region_rows()}
    assert all(members <= scope for members in regions.values())
    assert len(regions["eu27"]) == 27 and regions["schengen-associated"] == {
        "ISL", "LIE", "NOR", "CHE"
    }  # fmt: skip
    assert regions["eastern-partnership"] == {"ARM", "AZE", "BLR", "GEO", "MDA", "UKR"}

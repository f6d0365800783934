"""The shipped Natural Earth extract is complete (no database)."""

import itertools

from map_api import seed


def test_boundaries_cover_51_states_plus_context() -> None:
    rows = seed.boundary_rows()
    scope = [r for r in rows if r["role"] == "scope"]
    assert len(scope) == 51 and len(rows) == 76
    assert all(len(r["iso3"]) == 3 for r in rows)
    assert all(r["name_ru"] for r in scope)


def test_no_ring_jumps_across_the_antimeridian() -> None:
    """A segment longer than 180 degrees of longitude would draw a band across the whole map."""
    for row in seed.boundary_rows():
        geometry = row["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                jumps = [abs(a[0] - b[0]) for a, b in itertools.pairwise(ring)]
                assert max(jumps) < 180, row["iso3"]

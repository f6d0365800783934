"""The shipped Natural Earth extract is complete (no database)."""

import itertools
import re

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


def test_every_boundary_has_a_russian_name() -> None:
    """Scope states: ours; neighbours: iso-codes (pycountry's gettext catalogue); N. Cyprus, which
    has no ISO code, editorial. A name without Cyrillic letters would be an untranslated one."""
    names = {r["iso3"]: r["name_ru"] for r in seed.boundary_rows()}
    assert all(
        name and re.search("[А-Яа-яЁё]", name) and not re.search("[A-Za-z]", name)
        for name in names.values()
    ), names
    assert names["IRN"] == "Иран" and names["SYR"] == "Сирия" and names["CYN"] == "Северный Кипр"
    assert names["RUS"] == "Россия" and names["MDA"] == "Молдова"  # ours, not iso-codes'
    assert seed.iso_codes_name_ru("EGY") == "Египет"
    assert seed.iso_codes_name_ru("CYN") is None and seed.iso_codes_name_ru("XKX") is None

"""The seed loader reads the shipped files through the editors' API schemas, in both shapes of
`initiatives.json` (no database)."""

import pytest
from pydantic import ValidationError
from toolbox_api import seed

OLD_SHAPE = {
    "slug": "old-shape-initiative",
    "title_en": "Old shape",
    "title_ru": "Старая форма",
    "summary_en": "A record in the first shape of the file.",
    "summary_ru": "Запись в первой форме файла.",
    "kind": "bilateral",
    "countries": ["MDA", "ROU"],
    "themes": ["legal-migration"],
    "start_year": 2008,
    "end_year": 2012,
    "source_url": "https://example.org/old",
    "source_title": "Old source",
}


def test_six_action_plan_themes_in_both_languages() -> None:
    themes = seed.theme_rows()
    assert [t["number"] for t in themes] == [1, 2, 3, 4, 5, 6]
    assert all(t["name_en"] and t["name_ru"] for t in themes)


def test_every_shipped_row_parses_as_an_editor_would_send_it() -> None:
    initiatives = [seed.initiative_write(r) for r in seed.initiative_rows()]
    practices = [seed.practice_write(r) for r in seed.practice_rows()]
    strategies = [seed.strategy_write(r) for r in seed.strategy_rows()]
    assert len(initiatives) >= 12
    assert all(i.sources for i in initiatives)
    slugs = {i.slug for i in initiatives}
    assert all(set(p.initiatives) <= slugs for p in practices)
    assert all(s.country == s.country.upper() for s in strategies)


def test_the_first_shape_still_loads() -> None:
    data = seed.initiative_write(OLD_SHAPE)
    assert [(c.iso3, c.role) for c in data.countries] == [("MDA", "partner"), ("ROU", "partner")]
    assert [(s.title, str(s.url)) for s in data.sources] == [
        ("Old source", "https://example.org/old")
    ]
    assert data.implementation_status == "completed"  # ended in 2012
    assert data.owner() == "MDA"
    assert seed.country_codes(OLD_SHAPE) == ["MDA", "ROU"]
    ongoing = seed.initiative_write({**OLD_SHAPE, "end_year": None})
    assert ongoing.implementation_status == "ongoing"


def test_a_row_without_any_source_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least one source"):
        seed.initiative_write({k: v for k, v in OLD_SHAPE.items() if k != "source_url"})

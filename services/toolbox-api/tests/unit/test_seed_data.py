"""The shipped toolbox content is complete and consistent (no database)."""

import csv
from pathlib import Path

from toolbox_api import seed

REGISTER = Path(__file__).resolve().parents[4] / "services/profiles-api/src/profiles_api/seed_data"


def test_six_action_plan_themes_in_both_languages() -> None:
    themes = seed.theme_rows()
    assert [t["number"] for t in themes] == [1, 2, 3, 4, 5, 6]
    assert all(t["name_en"] and t["name_ru"] for t in themes)


def test_at_least_twelve_sourced_initiatives_with_known_codes() -> None:
    with open(REGISTER / "pp_countries.csv", encoding="utf-8") as fh:
        iso3 = {r["iso3"] for r in csv.DictReader(fh)}
    themes = {t["code"] for t in seed.theme_rows()}
    rows = seed.initiative_rows()
    assert len(rows) >= 12
    assert len({r["slug"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source_url"].startswith(("https://", "http://")), r["slug"]
        assert r["summary_en"] and r["summary_ru"] and r["title_ru"], r["slug"]
        assert set(r["countries"]) <= iso3 and r["countries"], r["slug"]
        assert set(r["themes"]) <= themes and r["themes"], r["slug"]

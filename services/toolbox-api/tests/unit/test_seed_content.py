"""The shipped toolbox content files follow the seed-data contract (issue 6), read as plain JSON."""

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import pytest
import toolbox_api

SEED = Path(toolbox_api.__file__).resolve().parent / "seed_data"

ROUTES = {
    "eastern-borders",
    "western-balkans",
    "black-sea",
    "albania-greece-circular",
    "eastern-mediterranean",
    "central-mediterranean",
    "western-mediterranean",
}
KINDS = {"bilateral", "multilateral", "regional"}
STATUSES = {"planned", "ongoing", "completed", "suspended"}
EVIDENCE = {"evaluated", "reported", "described"}
REC_STATUSES = {"not_started", "in_progress", "implemented", "dropped"}
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@cache
def load(name: str) -> Any:
    return json.loads((SEED / name).read_text(encoding="utf-8"))


def is_iso3(code: str) -> bool:
    """ISO 3166-1 alpha-3, plus Kosovo's XKX as used throughout i-Map."""
    return code == "XKX" or pycountry.countries.get(alpha_3=code) is not None


def themes() -> set[str]:
    return {t["code"] for t in load("themes.json")}


def check_bilingual(rec: dict[str, Any], *stems: str, may_be_empty: bool = False) -> None:
    for stem in stems:
        en, ru = rec[f"{stem}_en"], rec[f"{stem}_ru"]
        assert isinstance(en, str) and isinstance(ru, str), (stem, rec.get("slug"))
        assert bool(en.strip()) == bool(ru.strip()), f"{stem}: one language only in {rec}"
        if not may_be_empty:
            assert en.strip() and ru.strip(), f"{stem} empty in {rec.get('slug', rec)}"
        if ru.strip():
            assert CYRILLIC.search(ru), f"{stem}_ru is not Russian in {rec.get('slug', rec)}"


def check_sources(sources: list[dict[str, str]], where: str) -> None:
    assert sources, f"no sources for {where}"
    for src in sources:
        assert src["title"].strip(), where
        assert URL.match(src["url"]), (where, src["url"])


def check_corridors(corridors: list[dict[str, str]], where: str) -> None:
    for c in corridors:
        assert set(c) == {"from", "to"}, where
        assert is_iso3(c["from"]) and is_iso3(c["to"]) and c["from"] != c["to"], (where, c)


def test_files_are_lists_sorted_by_unique_slug() -> None:
    for name in ("initiatives.json", "practices.json"):
        slugs = [r["slug"] for r in load(name)]
        assert slugs == sorted(slugs), name
        assert len(slugs) == len(set(slugs)), name
        assert all(SLUG.match(s) for s in slugs), name
    countries = [s["country"] for s in load("strategies.json")]
    assert countries == sorted(countries) and len(countries) == len(set(countries))


def test_counts_meet_the_issue() -> None:
    assert len(load("initiatives.json")) >= 40
    assert len(load("practices.json")) >= 15
    assert len(load("strategies.json")) >= 6


@pytest.mark.parametrize("rec", load("initiatives.json"), ids=lambda r: r["slug"])
def test_initiative_follows_contract(rec: dict[str, Any]) -> None:
    check_bilingual(rec, "title", "summary")
    check_bilingual(rec, "description", "outcomes", may_be_empty=True)
    assert rec["kind"] in KINDS
    assert rec["countries"], "an initiative names at least one country"
    iso = [c["iso3"] for c in rec["countries"]]
    assert len(iso) == len(set(iso))
    for c in rec["countries"]:
        assert is_iso3(c["iso3"]), c
        assert c["role"] in {"partner", "implementer"}, c
    for org in rec["organisations"]:
        assert org["name"].strip() and org["role"] in {"implementer", "donor", "partner"}, org
    assert rec["themes"] and set(rec["themes"]) <= themes()
    start, end = rec["start_year"], rec["end_year"]
    assert start is None or 1900 < start <= date.today().year
    assert end is None or (start is not None and end >= start)
    if rec["budget"] is not None:
        assert set(rec["budget"]) == {"amount", "currency"}
        assert isinstance(rec["budget"]["amount"], int | float) and rec["budget"]["amount"] > 0
        assert pycountry.currencies.get(alpha_3=rec["budget"]["currency"]) is not None
    assert rec["implementation_status"] in STATUSES
    if rec["implementation_status"] == "completed":
        assert end is not None, "a completed initiative has an end year"
    check_sources(rec["sources"], rec["slug"])
    # kept for the loader of the first version: equal to the primary source
    assert rec["source_url"] == rec["sources"][0]["url"]
    assert rec["source_title"] == rec["sources"][0]["title"]
    check_corridors(rec["corridors"], rec["slug"])
    assert set(rec["routes"]) <= ROUTES


@pytest.mark.parametrize("rec", load("practices.json"), ids=lambda r: r["slug"])
def test_practice_follows_contract(rec: dict[str, Any]) -> None:
    initiatives = {r["slug"] for r in load("initiatives.json")}
    check_bilingual(rec, "title", "what", "conditions", "evidence_note", "transferability")
    assert rec["evidence"] in EVIDENCE
    assert rec["initiatives"] and set(rec["initiatives"]) <= initiatives, rec["initiatives"]
    assert rec["countries"] and all(is_iso3(c) for c in rec["countries"])
    assert rec["themes"] and set(rec["themes"]) <= themes()
    check_corridors(rec["corridors"], rec["slug"])
    assert set(rec["routes"]) <= ROUTES
    check_sources(rec["sources"], rec["slug"])


@pytest.mark.parametrize("rec", load("strategies.json"), ids=lambda r: r["country"])
def test_strategy_follows_contract(rec: dict[str, Any]) -> None:
    practices = {p["slug"] for p in load("practices.json")}
    code = rec["country"]
    assert is_iso3(code)
    check_bilingual(rec, "title", "summary")
    assert isinstance(rec["demonstration"], bool)
    assert rec["adopted_year"] is None or 1990 < rec["adopted_year"] <= date.today().year
    check_sources(rec["sources"], code)

    assert len(rec["priorities"]) >= 3
    assert [p["rank"] for p in rec["priorities"]] == list(range(1, len(rec["priorities"]) + 1))
    for p in rec["priorities"]:
        assert p["theme"] in themes()
        check_bilingual(p, "text")

    assert len(rec["objectives"]) >= 3
    objectives = {o["code"] for o in rec["objectives"]}
    assert len(objectives) == len(rec["objectives"])
    for o in rec["objectives"]:
        assert o["code"].startswith(f"{code}-O") and o["theme"] in themes()
        check_bilingual(o, "text")

    assert len(rec["recommendations"]) >= 4
    codes = [r["code"] for r in rec["recommendations"]]
    assert len(codes) == len(set(codes))
    for r in rec["recommendations"]:
        assert r["code"].startswith(f"{code}-R")
        assert r["objective"] in objectives, r["code"]
        assert r["themes"] and set(r["themes"]) <= themes()
        assert r["practices"] and set(r["practices"]) <= practices, r["code"]
        check_bilingual(r, "text")
        assert r["target_date"] is None or date.fromisoformat(r["target_date"])
        assert r["status"] in REC_STATUSES
        for note in r["notes"]:
            date.fromisoformat(note["date"])
            check_bilingual(note, "text")


def test_demonstration_strategies_say_so_and_official_ones_cite_a_source() -> None:
    for rec in load("strategies.json"):
        if not rec["demonstration"]:
            assert rec["adopted_year"] is not None and rec["sources"], rec["country"]


def test_issue_examples_are_in_the_content() -> None:
    """Moldova's objectives are linked to practices; Uzbekistan has labour-migration advice."""
    strategies = {s["country"]: s for s in load("strategies.json")}
    assert {"MDA", "GEO", "ARM", "UZB"} <= set(strategies)
    mda = strategies["MDA"]
    linked = {r["objective"] for r in mda["recommendations"] if r["practices"]}
    assert linked == {o["code"] for o in mda["objectives"]}
    uzb = strategies["UZB"]
    labour = {o["code"] for o in uzb["objectives"] if o["theme"] == "legal-migration"}
    assert labour
    assert any(r["objective"] in labour for r in uzb["recommendations"])
    text = " ".join(r["summary_en"] for r in load("initiatives.json")).lower()
    assert "seasonal" in text
    text_ru = " ".join(r["summary_ru"] for r in load("initiatives.json")).lower()
    assert "сезонн" in text_ru


def test_every_practice_is_used_and_every_theme_has_a_practice() -> None:
    recommendations = [r for s in load("strategies.json") for r in s["recommendations"]]
    used = {p for r in recommendations for p in r["practices"]}
    practices = {p["slug"] for p in load("practices.json")}
    assert len(used) >= 10 and used <= practices
    assert {t for p in load("practices.json") for t in p["themes"]} == themes()

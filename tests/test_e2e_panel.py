"""The country panel end to end (issue 7, item 5) in headless Chromium through the gateway:
Moldova's assembled profile (key figures with their trend, charts of the main series, the
profile's parts with edition and endorsement, skill shortages), its initiatives and partnership
strategy from the toolbox (demonstration marking, objectives, recommendations and the practices
they build on), and the downloads (PDF, XLSX, CSV), each checked against the APIs; in English and
Russian, from the keyboard, and on a 375 px phone. Screenshots: docs/screenshots/panel.png and
panel-phone.png. Fails on any console error or request to another host.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, Page

from .browser_support import guarded_page
from .conftest import REPO, get
from .conftest import api_json as _api

pytestmark = [pytest.mark.stack, pytest.mark.browser]

VIEW = "indicator=SL.UEM.TOTL.ZS&year=2020"
SHOTS = REPO / "docs/screenshots"
PHONE = {"width": 375, "height": 740}
TYPES = {
    "pdf": ("application/pdf", b"%PDF"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    "csv": ("text/csv", b""),
}


def _open(page: Page, stack: Stack, lang: str, iso3: str) -> None:
    url = f"{stack.gateway_url}/#lang={lang}&{VIEW}&country={iso3}"
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
    page.wait_for_selector(
        f'#panel[data-country="{iso3}"][data-state="ready"][data-lang="{lang}"]', timeout=60_000
    )


def _texts(page: Page, selector: str) -> list[str]:
    found: list[str] = page.eval_on_selector_all(
        selector, "es => es.map((e) => e.textContent.replace(/\\s+/g, ' ').trim())"
    )
    return found


def _attrs(page: Page, selector: str, name: str) -> list[str | None]:
    found: list[str | None] = page.eval_on_selector_all(
        selector, "(es, name) => es.map((e) => e.getAttribute(name))", name
    )
    return found


def _key_indicators(profile: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for part in profile["parts"] for i in part["indicators"]}


def _check_key_figures(page: Page, profile: dict[str, Any], lang: str) -> None:
    indicators = _key_indicators(profile)
    codes = _attrs(page, '#panel [data-testid="key-figure"]', "data-indicator")
    assert len(codes) >= 4 and "SP.POP.TOTL" in codes
    for code in codes:
        assert code is not None
        ind = indicators[code]
        card = f'#panel [data-testid="key-figure"][data-indicator="{code}"]'
        assert float(page.get_attribute(card, "data-value") or "nan") == ind["latest_value"]
        assert page.get_attribute(card, "data-period") == ind["latest_period"]
        assert page.inner_text(f"{card} .kf-name") == ind[f"name_{lang}"]
        assert ind["latest_period"] in page.inner_text(f"{card} .kf-period")
        trend = ind["trend"]
        change = page.locator(f'{card} [data-testid="key-figure-change"]')
        if len(trend) >= 2:
            before, last = trend[-2]["value"], trend[-1]["value"]
            want = "up" if last > before else "down" if last < before else "flat"
            assert change.get_attribute("data-direction") == want, code
            assert change.get_attribute("data-from") == trend[-2]["period"]
            assert page.locator(f"{card} svg.sparkline").get_attribute("data-points") == str(
                len(trend)
            )
    population = indicators["SP.POP.TOTL"]["latest_value"]
    title = page.get_attribute('[data-indicator="SP.POP.TOTL"] .kf-value', "title")
    if lang == "en":
        assert title == f"{round(population):,} persons"


def _check_charts(page: Page, profile: dict[str, Any]) -> None:
    indicators = _key_indicators(profile)
    codes = _attrs(page, '#panel [data-testid="chart"]', "data-indicator")
    assert len(codes) >= 2
    for code in codes:
        assert code is not None
        trend = indicators[code]["trend"]
        figure = f'#panel [data-testid="chart"][data-indicator="{code}"]'
        assert page.get_attribute(f"{figure} svg", "data-points") == str(len(trend))
        assert page.locator(f"{figure} svg path.line").count() == 1
        shown = [float(v or "nan") for v in _attrs(page, f"{figure} td[data-value]", "data-value")]
        assert shown == [p["value"] for p in trend]


def _check_profile(page: Page, profile: dict[str, Any], lang: str) -> None:
    edition = page.locator('#panel [data-testid="profile-edition"]')
    assert edition.get_attribute("data-edition") == str(profile["edition"])
    endorsement = page.locator('#panel [data-testid="endorsement"]')
    assert endorsement.get_attribute("data-endorsement") == profile["endorsement"]
    parts = _attrs(page, '#panel [data-testid="profile-part"]', "data-part")
    assert parts == [p["code"] for p in profile["parts"]]
    for part in profile["parts"]:
        where = f'#panel [data-testid="profile-part"][data-part="{part["code"]}"]'
        assert page.inner_text(f"{where} h4") == f"{part['code']}. {part[f'title_{lang}']}"
        sections = part["sections"]
        assert _attrs(page, f'{where} [data-testid="profile-section"]', "data-part") == [
            s["part"] for s in sections
        ]
        assert _texts(page, f"{where} .section-title") == [s[f"title_{lang}"] for s in sections]
        if not sections:
            assert page.locator(f'{where} [data-testid="part-empty"]').count() == 1


def _check_strategy(page: Page, strategy: dict[str, Any], lang: str) -> None:
    box = '#panel [data-testid="strategy"]'
    assert page.get_attribute(box, "data-demonstration") == "true"
    assert page.is_visible(f'{box} [data-testid="demonstration"]')
    assert page.inner_text(f'{box} [data-testid="strategy-title"]') == strategy[f"title_{lang}"]
    objectives = strategy["objectives"]
    assert _attrs(page, f'{box} [data-testid="objective"]', "data-code") == [
        o["code"] for o in objectives
    ]
    assert _texts(page, f'{box} [data-testid="objective-text"]') == [
        o[f"text_{lang}"] for o in objectives
    ]
    linked = 0
    for o in objectives:
        for r in o["recommendations"]:
            where = f'{box} [data-testid="recommendation"][data-code="{r["code"]}"]'
            assert _attrs(page, f'{where} [data-testid="practice"]', "data-slug") == [
                p["slug"] for p in r["practices"]
            ]
            assert _texts(page, f"{where} .practice-title") == [
                p[f"title_{lang}"] for p in r["practices"]
            ]
            linked += len(r["practices"])
    assert linked >= 1  # Moldova's strategy names practices: the test must see some


def test_moldova_profile_strategy_and_downloads(page: Page, stack: Stack) -> None:
    _open(page, stack, "en", "MDA")
    profile = _api(stack, "profiles", "/v1/countries/MDA/profile")
    strategy = _api(stack, "toolbox", "/v1/strategies/MDA")
    initiatives = _api(stack, "toolbox", "/v1/initiatives?country=MDA&limit=50")["items"]
    assert page.inner_text('#panel [data-testid="country-name"]') == "Moldova"
    headings = _texts(page, '#panel [data-testid="section-heading"]')
    assert headings == [
        "Key figures",
        "Main series",
        "Indicators, 2020",
        "Migration profile",
        "Skill shortages",
        "Initiatives",
        "Partnership strategy",
        "Downloads",
    ]

    _check_key_figures(page, profile, "en")
    _check_charts(page, profile)
    _check_profile(page, profile, "en")
    assert "demonstration text, not endorsed" in page.inner_text('[data-testid="endorsement"]')
    # A section opens from the keyboard and shows its text.
    b1 = next(s for p in profile["parts"] for s in p["sections"] if s["part"] == "B1")
    page.focus('#panel [data-testid="profile-section"][data-part="B1"] summary')
    page.keyboard.press("Enter")
    body = page.inner_text('#panel [data-testid="profile-section"][data-part="B1"] .md')
    assert body.strip().startswith(b1["body_en"].split("\n")[0][:60])

    # Moldova is outside the EU: no shortage list covers it, and the panel says so.
    assert profile["shortages"] == []
    assert "No skill shortages" in page.inner_text('#panel [data-testid="no-shortages"]')

    titles = _texts(page, '#panel li[data-testid="initiative"] > :first-child')
    assert titles == [i["title_en"] for i in initiatives] and titles
    _check_strategy(page, strategy, "en")

    # Downloads: PDF (both languages), XLSX and CSVs, each a file through the gateway.
    links = page.eval_on_selector_all(
        '#panel a[data-testid="download"]', "as => as.map((a) => [a.dataset.format, a.href])"
    )
    assert {f for f, _ in links} == {"pdf", "xlsx", "csv"} and len(links) >= 5
    for fmt, href in links:
        assert href.startswith(f"{stack.gateway_url}/api/"), href
        status, headers, data = get(href)
        ctype, magic = TYPES[fmt]
        assert status == 200, href
        assert headers["Content-Type"].startswith(ctype), (href, headers["Content-Type"])
        assert data.startswith(magic) and len(data) > 100, href
    assert not [h for _, h in links if "/shortages" in h]  # none to download
    assert [h for _, h in links if "/initiatives" in h]

    # The contents move the focus to a section, from the keyboard.
    page.focus('#panel .panel-toc button[data-target="strategy"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "panel-h-strategy"
    page.evaluate("document.querySelector('#panel').scrollTop = 0")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "panel.png"))

    # Russian: headings, the data's Russian names, the strategy's Russian texts.
    page.click("#lang-ru")
    page.wait_for_selector('#panel[data-lang="ru"][data-state="ready"]', timeout=30_000)
    assert page.inner_text('#panel [data-testid="country-name"]') == "Молдова"
    headings = _texts(page, '#panel [data-testid="section-heading"]')
    assert headings == [
        "Основные показатели",
        "Основные ряды",
        "Показатели за 2020 год",
        "Миграционный профиль",
        "Дефицит кадров",
        "Инициативы",
        "Стратегия партнёрства",
        "Скачать",
    ]
    _check_key_figures(page, profile, "ru")
    _check_profile(page, profile, "ru")
    assert page.inner_text('[data-testid="endorsement"]') == "демонстрационный текст, не утверждён"
    assert "Демонстрационная запись" in page.inner_text('[data-testid="demonstration"]')
    _check_strategy(page, strategy, "ru")
    titles = _texts(page, '#panel li[data-testid="initiative"] > :first-child')
    assert titles == [i["title_ru"] for i in initiatives]
    assert page.inner_text('#panel a[data-download="pdf-ru"]') == "Профиль в PDF, Русский"


def test_an_eu_state_lists_the_eu_shortages_and_has_no_strategy(page: Page, stack: Stack) -> None:
    _open(page, stack, "en", "DEU")
    profile = _api(stack, "profiles", "/v1/countries/DEU/profile")
    shortages = profile["shortages"]
    assert shortages  # the EU-level EURES list covers Germany
    rows = page.eval_on_selector_all(
        '#panel tr[data-testid="shortage"]',
        "rs => rs.map((r) => [r.dataset.isco, r.dataset.area, r.dataset.year, "
        "r.dataset.direction])",
    )
    assert rows == [
        [s["isco_code"] or "", s["area"], str(s["year"]), s["direction"]] for s in shortages
    ]
    first = page.inner_text('#panel tr[data-testid="shortage"] th')
    assert first.startswith(f"{shortages[0]['isco_code']} {shortages[0]['isco_title']}")
    assert "EU-27, Norway and Switzerland" in page.inner_text('#panel [data-testid="shortages"]')
    href = page.get_attribute('#panel a[data-download="shortages"]', "href")
    assert href is not None
    status, headers, data = get(f"{stack.gateway_url}{href}")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["isco_code"] for r in table) == sorted(s["isco_code"] for s in shortages)
    listed = _api(stack, "toolbox", "/v1/strategies?country=DEU")
    assert listed["total"] == 0
    assert page.inner_text('#panel [data-testid="no-strategy"]') == (
        "No partnership strategy is recorded for Germany."
    )
    # A new year redraws the year's values only: an opened section stays open.
    page.click('#panel [data-testid="profile-part"] summary')
    page.select_option("#year", "2015")
    page.wait_for_selector('#panel table[data-testid="indicator-table"][data-year="2015"]')
    assert page.locator("#panel details[open]").count() >= 1
    assert "Indicators, 2015" in _texts(page, '#panel [data-testid="section-heading"]')


def test_the_panel_on_a_375px_phone(browser: Browser, stack: Stack) -> None:
    phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    with guarded_page(browser, stack, **phone) as page:
        _open(page, stack, "ru", "MDA")
        sheet = page.locator("#panel").bounding_box()
        assert sheet is not None and sheet["width"] == PHONE["width"] and sheet["x"] == 0
        width = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        assert page.evaluate(width) <= PHONE["width"]
        # Nothing in the sheet is wider than it: no sideways scrolling inside either.
        inside = page.evaluate(
            "() => { const p = document.querySelector('#panel'); "
            "return [p.scrollWidth, p.clientWidth]; }"
        )
        assert inside[0] <= inside[1]
        for selector in [
            '#panel [data-testid="key-figure"]',
            '#panel [data-testid="chart"] svg',
            '#panel .panel-toc button[data-target="downloads"]',
            '#panel a[data-download="xlsx"]',
        ]:
            box = page.locator(selector).first.bounding_box()
            assert box is not None, selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
        page.locator('#panel .panel-toc button[data-target="keyfigures"]').tap()
        page.screenshot(path=str(SHOTS / "panel-phone.png"))

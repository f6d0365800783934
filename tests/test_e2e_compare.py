"""The compare view end to end in headless Chromium through the gateway (issue 7, item 7): two to
four Prague Process states side by side. Each table cell is the API's latest annual value (or "no
data"), the charts draw every annual value of the API, the chosen states are highlighted on the
map, a fifth country is refused with a message, the view is a link (a new page shows the same
table), back restores it, Russian throughout, and a 375 px phone. Screenshots go to
docs/screenshots/compare.png and compare-phone.png. Fails on any console error or request to
another host.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, Page

from .browser_support import guarded_page
from .conftest import REPO, get

pytestmark = [pytest.mark.stack, pytest.mark.browser]

SHOTS = REPO / "docs/screenshots"
PHONE = {"width": 375, "height": 740}
COUNTRIES = ["ARM", "GEO", "MDA"]
FOURTH = "AUT"
# Population, unemployment, remittances % GDP, and first residence permits, which Eurostat
# publishes for the EU states only: the three Eastern Partnership states have "no data" there.
INDICATORS = ["SP.POP.TOTL", "SL.UEM.TOTL.ZS", "BX.TRF.PWKR.DT.GD.ZS", "ESTAT.RESFIRST"]
LINK = "view=compare&countries=ARM,GEO,MDA&indicators=" + ",".join(INDICATORS)
ROOT = "section.view-compare"


def _api(stack: Stack, path: str) -> Any:
    status, _, body = get(f"{stack.api_url('profiles')}{path}")
    assert status == 200, path
    return json.loads(body)


def _series(stack: Stack, code: str, countries: list[str]) -> dict[str, dict[int, float]]:
    """iso3 -> {year: value}: the annual values of the countries, as the API serves them."""
    query = urlencode([("frequency", "A"), ("limit", "1000"), *[("country", c) for c in countries]])
    out: dict[str, dict[int, float]] = {c: {} for c in countries}
    for o in _api(stack, f"/v1/indicators/{code}/observations?{query}")["items"]:
        if o["value"] is not None and o["period"] == str(o["year"]):
            out[o["country_iso3"]][o["year"]] = o["value"]
    return out


def _latest(stack: Stack, code: str, countries: list[str]) -> dict[str, tuple[int, float] | None]:
    """iso3 -> (year, value) of the latest annual value by the API's own /latest, or None."""
    query = urlencode([("frequency", "A"), ("limit", "1000"), *[("country", c) for c in countries]])
    found = {
        o["country_iso3"]: (o["year"], o["value"])
        for o in _api(stack, f"/v1/indicators/{code}/latest?{query}")["items"]
    }
    return {c: found.get(c) for c in countries}


def _ready(page: Page, countries: list[str], lang: str = "en") -> None:
    selector = (
        f'body[data-view="compare"][data-view-ready="1"] {ROOT}[data-state="ready"]'
        f'[data-lang="{lang}"][data-countries="{",".join(countries)}"]'
    )
    page.wait_for_selector(selector, timeout=60_000)


def _open(page: Page, stack: Stack, hash_: str, countries: list[str], lang: str = "en") -> None:
    page.goto(f"{stack.gateway_url}/#{hash_}", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
    _ready(page, countries, lang)


def _hash(page: Page) -> dict[str, str]:
    pairs = page.evaluate("location.hash").lstrip("#").split("&")
    return {k: unquote(v) for k, v in (p.split("=", 1) for p in pairs if p)}


def _cells(page: Page) -> dict[tuple[str, str], tuple[float | None, str | None, str]]:
    """(indicator, iso3) -> (value or None, year or None, the text) as the table shows them."""
    cells = page.eval_on_selector_all(
        f"{ROOT} table.compare-table tbody td",
        """tds => tds.map((td) => [td.closest('tr').dataset.indicator, td.dataset.iso3,
          td.dataset.value ?? null, td.dataset.year ?? null, td.innerText.trim()])""",
    )
    return {
        (code, iso3): (None if value is None else float(value), year, text)
        for code, iso3, value, year, text in cells
    }


IDLE = (
    "() => new Promise((r) => { const m = window.__imap.map; "
    "if (!m.isMoving() && m.loaded() && m.areTilesLoaded()) r(); else m.once('idle', r); })"
)
# Points inside the chosen states: Yerevan, Tbilisi, Chisinau, Vienna.
INSIDE = {"ARM": [44.5, 40.2], "GEO": [44.8, 41.7], "MDA": [28.8, 47.0], "AUT": [16.4, 48.2]}


def _in_view(page: Page, countries: list[str]) -> None:
    """Each chosen state is on the map's part that the view's panel leaves free."""
    free = page.evaluate(
        """() => { const m = window.__imap.map.getContainer().getBoundingClientRect();
          const p = document.querySelector('#view-panel').getBoundingClientRect();
          const side = p.width < m.width * 0.8;
          return {left: side ? p.right : m.left, right: m.right,
                  top: m.top, bottom: side ? m.bottom : p.top}; }"""
    )
    page.evaluate(IDLE)
    for iso3 in countries:
        at = page.evaluate(
            """(ll) => { const m = window.__imap.map; const p = m.project(ll);
              const box = m.getContainer().getBoundingClientRect();
              return {x: box.left + p.x, y: box.top + p.y}; }""",
            INSIDE[iso3],
        )
        assert free["left"] < at["x"] < free["right"], iso3
        assert free["top"] < at["y"] < free["bottom"], iso3


def _check_table(page: Page, stack: Stack, countries: list[str], no_data: str) -> int:
    """Every cell against the API's latest annual value; returns how many cells have no data."""
    heads = page.eval_on_selector_all(
        f"{ROOT} table.compare-table thead th[data-iso3]", "ths => ths.map((th) => th.dataset.iso3)"
    )
    assert heads == countries
    rows = page.eval_on_selector_all(
        f"{ROOT} table.compare-table tbody tr", "trs => trs.map((tr) => tr.dataset.indicator)"
    )
    assert rows == INDICATORS
    cells = _cells(page)
    assert len(cells) == len(INDICATORS) * len(countries)
    missing = 0
    for code in INDICATORS:
        for iso3, latest in _latest(stack, code, countries).items():
            value, year, text = cells[(code, iso3)]
            if latest is None:
                missing += 1
                assert (value, year, text) == (None, None, no_data), (code, iso3)
                continue
            assert year == str(latest[0]), (code, iso3)
            assert value == pytest.approx(latest[1]), (code, iso3)
            assert text.endswith(str(latest[0])), (code, iso3)  # the year is shown
    return missing


def test_compare_countries_side_by_side(browser: Browser, stack: Stack) -> None:
    countries = {c["iso3"]: c for c in _api(stack, "/v1/countries?limit=100")["items"]}
    indicators = {i["code"]: i for i in _api(stack, "/v1/indicators?limit=1000")["items"]}
    with guarded_page(browser, stack) as page:
        _open(page, stack, LINK, COUNTRIES)
        page.evaluate("() => { window.__sameDocument = true; }")
        assert page.inner_text('#views-nav button[data-view="compare"]') == "Compare"
        assert page.get_attribute('#views-nav button[data-view="compare"]', "aria-pressed") == (
            "true"
        )

        # The table: one column per country, one row per indicator, the API's latest values.
        assert _check_table(page, stack, COUNTRIES, "no data") >= 1
        population = _latest(stack, "SP.POP.TOTL", COUNTRIES)["ARM"]
        assert population is not None
        assert (
            page.inner_text(
                f'{ROOT} tr[data-indicator="SP.POP.TOTL"] td[data-iso3="ARM"] .compare-value'
            )
            == f"{round(population[1]):,} persons"
        )
        names = page.eval_on_selector_all(
            f"{ROOT} .compare-chosen li", "lis => lis.map((li) => li.innerText.replace('×', ''))"
        )
        assert [n.strip() for n in names] == [countries[c]["name_en"] for c in COUNTRIES]

        # A chart per indicator: one line per country with every annual value, and a legend.
        for code in INDICATORS:
            series = _series(stack, code, COUNTRIES)
            chart = f'{ROOT} figure.compare-chart[data-indicator="{code}"]'
            assert page.inner_text(f"{chart} figcaption").startswith(indicators[code]["name_en"])
            if not any(series.values()):
                assert page.locator(f"{chart} svg.compare-svg").count() == 0
                continue
            for iso3 in COUNTRIES:
                dots = page.locator(f'{chart} g.series[data-iso3="{iso3}"] circle').count()
                assert dots == len(series[iso3]), (code, iso3)
            legend = page.eval_on_selector_all(
                f"{chart} .compare-legend li", "lis => lis.map((li) => li.innerText.trim())"
            )
            assert legend == [countries[c]["name_en"] for c in COUNTRIES]
        colours = page.eval_on_selector_all(
            f'{ROOT} figure[data-indicator="SP.POP.TOTL"] g.series',
            "gs => gs.map((g) => getComputedStyle(g.querySelector('path')).stroke)",
        )
        assert len(set(colours)) == len(COUNTRIES)

        # The chosen states are highlighted on the map.
        highlighted = "() => JSON.stringify(window.__imap.map.getFilter('compare-fill'))"
        for iso3 in COUNTRIES:
            assert f'"{iso3}"' in page.evaluate(highlighted)

        # A fourth country from the list; a fifth (from the map, then the list) is refused.
        page.select_option("#compare-add", FOURTH)
        four = [*COUNTRIES, FOURTH]
        _ready(page, four)
        assert _hash(page)["countries"] == ",".join(four)
        assert _check_table(page, stack, four, "no data") >= 1
        assert f'"{FOURTH}"' in page.evaluate(highlighted)
        assert page.is_hidden(f"{ROOT} .compare-message")
        _in_view(page, four)  # the map shows the four beside the panel
        point = page.evaluate(
            """() => { const m = window.__imap.map; const p = m.project([31, 49]);
              const f = m.queryRenderedFeatures(p, {layers: ['countries-fill']})[0];
              const box = m.getCanvas().getBoundingClientRect();
              const [x, y] = [box.left + p.x, box.top + p.y];
              return {x, y, iso3: f && f.properties.iso3,
                onMap: document.elementFromPoint(x, y) === m.getCanvas()}; }"""
        )
        assert point["iso3"] == "UKR" and point["onMap"]
        page.mouse.click(point["x"], point["y"])
        refused = (
            "At most 4 countries can be compared: remove one before adding "
            f"{countries['UKR']['name_en']}."
        )
        page.wait_for_selector(f"{ROOT} .compare-message:visible", timeout=10_000)
        assert page.inner_text(f"{ROOT} .compare-message") == refused
        page.select_option("#compare-add", "KAZ")
        page.wait_for_function(
            f"() => document.querySelector('{ROOT} .compare-message').innerText.includes("
            f"{json.dumps(countries['KAZ']['name_en'])})"
        )
        assert page.get_attribute(ROOT, "data-countries") == ",".join(four)
        assert _hash(page)["countries"] == ",".join(four)
        assert page.locator(f"{ROOT} table.compare-table thead th[data-iso3]").count() == 4
        page.screenshot(path=str(SHOTS / "compare.png"))

        # The link: a new page shows the same table.
        link = page.url
        table = page.inner_text(f"{ROOT} table.compare-table")
        with guarded_page(browser, stack) as other:
            other.goto(link, wait_until="domcontentloaded")
            _ready(other, four)
            assert other.inner_text(f"{ROOT} table.compare-table") == table
            assert _hash(other) == _hash(page)

        # Back: the three countries again, without reloading.
        page.go_back()
        _ready(page, COUNTRIES)
        assert _hash(page)["countries"] == ",".join(COUNTRIES)
        assert page.locator(f"{ROOT} table.compare-table thead th[data-iso3]").count() == 3
        assert page.evaluate("() => window.__sameDocument === true")
        assert f'"{FOURTH}"' not in page.evaluate(highlighted)

        # Remove from the keyboard; below two countries is refused.
        page.focus(f'{ROOT} button.compare-remove[data-iso3="GEO"]')
        page.keyboard.press("Enter")
        _ready(page, ["ARM", "MDA"])
        assert _hash(page)["countries"] == "ARM,MDA"
        page.click(f'{ROOT} button.compare-remove[data-iso3="MDA"]')
        page.wait_for_selector(f"{ROOT} .compare-message:visible", timeout=10_000)
        assert countries["MDA"]["name_en"] in page.inner_text(f"{ROOT} .compare-message")
        assert page.get_attribute(ROOT, "data-countries") == "ARM,MDA"
        page.go_back()
        _ready(page, COUNTRIES)

        # Russian: the interface, the data's names, "no data" and numbers in Russian.
        page.click("#lang-ru")
        _ready(page, COUNTRIES, "ru")
        assert _hash(page)["lang"] == "ru"
        assert page.inner_text('#views-nav button[data-view="compare"]') == "Сравнение"
        assert page.inner_text(f"{ROOT} h2") == "Сравнение стран"
        heads = page.eval_on_selector_all(
            f"{ROOT} table.compare-table thead th[data-iso3]", "ths => ths.map((t) => t.innerText)"
        )
        assert [h.strip() for h in heads] == [countries[c]["name_ru"] for c in COUNTRIES]
        rows = page.eval_on_selector_all(
            f"{ROOT} table.compare-table tbody th", "ths => ths.map((t) => t.innerText)"
        )
        assert rows == [indicators[c]["name_ru"] for c in INDICATORS]
        assert _check_table(page, stack, COUNTRIES, "нет данных") >= 1
        unemployment = page.inner_text(
            f'{ROOT} tr[data-indicator="SL.UEM.TOTL.ZS"] td[data-iso3="ARM"] .compare-value'
        )
        assert unemployment.endswith("% рабочей силы") and "," in unemployment
        assert page.inner_text("#compare-add option:first-child") == "Выберите…"

        # Leaving the view removes its map layers.
        page.click('#views-nav button[data-view="indicator"]')
        page.wait_for_selector('body[data-view="indicator"][data-view-ready="1"]')
        assert page.evaluate("() => window.__imap.map.getLayer('compare-fill') === undefined")


def test_compare_on_a_375px_phone(browser: Browser, stack: Stack) -> None:
    phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    with guarded_page(browser, stack, **phone) as page:
        _open(page, stack, f"lang=ru&{LINK}", COUNTRIES, "ru")
        width = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        assert page.evaluate(width) <= PHONE["width"]
        panel = page.locator("#view-panel").bounding_box()
        assert panel is not None and panel["x"] == 0 and panel["width"] == PHONE["width"]
        table = page.locator(f"{ROOT} table.compare-table").bounding_box()
        assert table is not None and table["x"] >= 0
        assert table["x"] + table["width"] <= PHONE["width"]
        for selector in ["#compare-add", f'{ROOT} button.compare-remove[data-iso3="ARM"]']:
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"], selector
            assert box["height"] >= 28, selector
        page.select_option("#compare-add", FOURTH)
        _ready(page, [*COUNTRIES, FOURTH], "ru")
        assert page.evaluate(width) <= PHONE["width"]
        _in_view(page, [*COUNTRIES, FOURTH])  # above the bottom sheet
        table = page.locator(f"{ROOT} table.compare-table").bounding_box()
        assert table is not None and table["x"] + table["width"] <= PHONE["width"]
        # The panel scrolls inside itself to the table (the page stays where it is).
        page.evaluate(
            f"() => {{ document.querySelector('#view-panel').scrollTop = "
            f"document.querySelector('{ROOT} .compare-table-wrap').offsetTop - 8; }}"
        )
        assert page.evaluate("() => window.scrollY") == 0
        page.screenshot(path=str(SHOTS / "compare-phone.png"))

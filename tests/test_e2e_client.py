"""The client as a user sees it, end to end in headless Chromium through the gateway (issue 7,
items 8-10 for the indicator view): English and Russian throughout (UI strings, the data's own
names, numbers, map labels), every view in the URL (a link reopens it; back/forward restore it),
the table alternative with the API's values, keyboard use and contrast, and a 375 px phone.
Screenshots go to docs/screenshots/. Fails on any console error or request to another host.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, Page

from .browser_support import guarded_page
from .conftest import REPO
from .conftest import api_json as _api

pytestmark = [pytest.mark.stack, pytest.mark.browser]

INDICATOR = "SL.UEM.TOTL.ZS"
YEAR = "2020"
SHOTS = REPO / "docs/screenshots"
PHONE = {"width": 375, "height": 740}


def _countries(stack: Stack) -> dict[str, dict[str, Any]]:
    return {c["iso3"]: c for c in _api(stack, "profiles", "/v1/countries?limit=100")["items"]}


def _values(stack: Stack, code: str, year: str) -> dict[str, float]:
    items = _api(stack, "profiles", f"/v1/indicators/{code}/observations?year={year}&limit=1000")
    return {o["country_iso3"]: o["value"] for o in items["items"] if o["period"] == year}


def _indicator(stack: Stack, code: str) -> dict[str, Any]:
    items = _api(stack, "profiles", "/v1/indicators?limit=1000")["items"]
    found: dict[str, Any] = next(i for i in items if i["code"] == code)
    return found


def _open(page: Page, stack: Stack, hash_: str) -> None:
    page.goto(f"{stack.gateway_url}/#{hash_}", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)


def _hash(page: Page) -> dict[str, str]:
    pairs = page.evaluate("location.hash").lstrip("#").split("&")
    return dict(p.split("=", 1) for p in pairs if p)


def _table(page: Page) -> dict[str, tuple[str, float | None, str, str]]:
    """iso3 -> (country name, value or None for "no data", unit, year) as the table shows them."""
    rows = page.eval_on_selector_all(
        "#table-view tbody tr",
        """rows => rows.map((r) => { const c = r.querySelectorAll('td');
          return [r.dataset.iso3, r.querySelector('th').innerText.trim(),
            c[0].dataset.value ?? null, c[1].innerText.trim(), c[2].innerText.trim()]; })""",
    )
    return {
        iso3: (name, None if value is None else float(value), unit, year)
        for iso3, name, value, unit, year in rows
    }


def test_russian_throughout_the_interface_the_data_and_the_map(page: Page, stack: Stack) -> None:
    fonts: list[str] = []
    page.on(
        "response",
        lambda r: fonts.append(urlsplit(r.url).path) if r.url.endswith(".woff2") else None,
    )
    _open(page, stack, f"lang=en&indicator={INDICATOR}&year={YEAR}")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("label[for=indicator]") == "Indicator"
    assert not [f for f in fonts if "cyrillic" in f]  # an English map needs no Cyrillic glyphs

    # The switch is a pair of buttons, operated here from the keyboard.
    page.focus("#lang-ru")
    page.keyboard.press("Enter")
    page.wait_for_selector('#legend[data-lang="ru"]', timeout=30_000)
    assert page.get_attribute("html", "lang") == "ru"
    assert _hash(page)["lang"] == "ru"
    assert page.get_attribute("#lang-ru", "aria-pressed") == "true"
    assert page.title() == "i-Map · государства Пражского процесса"
    labels = page.eval_on_selector_all(".controls label", "ls => ls.map((l) => l.innerText)")
    assert labels == ["Показатель", "Год", "Страна", "Раскраска"]
    assert page.inner_text("#table-toggle") == "Таблица"
    assert "Нет данных" in page.inner_text("#legend")
    assert page.inner_text(".site-footer").startswith("О данных:")

    # The data's own names: indicators and countries as profiles-api has them in Russian.
    indicator = _indicator(stack, INDICATOR)
    assert page.inner_text(f'#indicator option[value="{INDICATOR}"]') == indicator["name_ru"]
    assert page.inner_text(".legend-title").startswith(indicator["name_ru"])
    countries = _countries(stack)
    assert page.inner_text('#country option[value="ARM"]') == countries["ARM"]["name_ru"]

    # Map labels: Russian names from the tiles, drawn with the Cyrillic font files.
    field = page.evaluate(
        "() => JSON.stringify(window.__imap.map.getLayoutProperty('country-labels', 'text-field'))"
    )
    assert "name_ru" in field
    page.evaluate(
        "() => new Promise((r) => { const m = window.__imap.map; m.once('idle', r); "
        "m.triggerRepaint(); })"
    )
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some((e) => /cyrillic/.test(e.name))",
        timeout=15_000,
    )

    # The table: Russian country names, the API's values, the unit in Russian, numbers in Russian.
    page.click("#table-toggle")
    page.wait_for_selector('#table-view[data-lang="ru"] tbody tr', timeout=30_000)
    shown = _table(page)
    values = _values(stack, INDICATOR, YEAR)
    assert set(shown) == set(countries)
    for iso3, (name, value, unit, year) in shown.items():
        assert name == countries[iso3]["name_ru"], iso3
        assert value == (pytest.approx(values[iso3]) if iso3 in values else None), iso3
        assert year == YEAR
        assert unit == ("% рабочей силы" if iso3 in values else "")
    armenia = page.inner_text('#table-view tr[data-iso3="ARM"] td.num')
    assert "," in armenia and "." not in armenia  # decimal comma

    # The panel: Russian name, group, headings, values and the initiatives' Russian titles.
    page.click('#table-view button[data-iso3="ARM"]')
    page.wait_for_selector('#panel[data-state="ready"][data-lang="ru"]', timeout=30_000)
    assert page.inner_text('#panel [data-testid="country-name"]') == "Армения"
    assert page.inner_text('#panel [data-testid="country-group"]') == "Восточное партнёрство"
    assert f"Показатели за {YEAR} год" in page.inner_text("#panel")
    cell = page.locator(f'#panel tr[data-indicator="{INDICATOR}"] td')
    assert float(cell.get_attribute("data-value") or "nan") == pytest.approx(values["ARM"])
    assert cell.inner_text().endswith("% рабочей силы")
    assert page.inner_text(f'#panel tr[data-indicator="{INDICATOR}"] th') == indicator["name_ru"]
    initiatives = _api(stack, "toolbox", "/v1/initiatives?country=ARM&limit=50")["items"]
    titles = page.eval_on_selector_all(
        '#panel li[data-testid="initiative"] > :first-child', "es => es.map((e) => e.innerText)"
    )
    assert titles == [i["title_ru"] for i in initiatives]
    page.click("#table-toggle")  # the map with the panel, for the screenshot
    page.wait_for_selector("#table-view", state="hidden")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map-ru.png"))

    # And back to English, everything with it.
    page.click("#lang-en")
    page.wait_for_selector('#panel[data-state="ready"][data-lang="en"]', timeout=30_000)
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text('#panel [data-testid="country-name"]') == "Armenia"
    assert page.inner_text(f'#indicator option[value="{INDICATOR}"]') == indicator["name_en"]


def test_every_view_is_a_link_and_back_forward_restore_it(
    page: Page, browser: Browser, stack: Stack
) -> None:
    _open(page, stack, f"indicator={INDICATOR}")
    page.evaluate("() => { window.__sameDocument = true; }")
    first = _hash(page)
    assert first["lang"] == "en" and first["indicator"] == INDICATOR and "year" in first

    page.select_option("#year", "2015")
    page.wait_for_selector('#legend[data-year="2015"]', timeout=30_000)
    page.select_option("#country", "GEO")
    page.wait_for_selector('#panel[data-country="GEO"][data-state="ready"]', timeout=30_000)
    page.click("#lang-ru")
    page.wait_for_selector('#panel[data-lang="ru"][data-state="ready"]', timeout=30_000)
    page.click("#table-toggle")
    page.wait_for_selector("#table-view tbody tr", timeout=30_000)
    link = page.url
    state = _hash(page)
    assert state == {
        "lang": "ru",
        "indicator": INDICATOR,
        "year": "2015",
        "country": "GEO",
        "table": "1",
    }
    page.select_option("#colour", "group")
    # (the table hides the legend: wait for it in the DOM)
    page.wait_for_selector('#legend[data-view="group"]', state="attached", timeout=30_000)
    assert page.is_visible('#table-view[data-mode="group"] tbody tr')
    assert _hash(page)["colour"] == "group"

    # The link reopens the same view in a new page.
    with guarded_page(browser, stack) as other:
        other.goto(link, wait_until="domcontentloaded")
        other.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
        other.wait_for_selector('#panel[data-state="ready"]', timeout=30_000)
        assert other.get_attribute("html", "lang") == "ru"
        assert other.input_value("#indicator") == INDICATOR
        assert other.input_value("#year") == "2015"
        assert other.input_value("#country") == "GEO"
        assert other.get_attribute("#legend", "data-year") == "2015"
        assert other.inner_text('#panel [data-testid="country-name"]') == "Грузия"
        assert other.is_visible('#table-view[data-year="2015"] tbody tr')
        assert _hash(other) == state

    # Back and forward walk the same states, without reloading the page.
    page.go_back()
    page.wait_for_selector('#legend[data-view="indicator"]', state="attached", timeout=30_000)
    assert page.input_value("#colour") == "indicator"
    page.go_back()
    page.wait_for_selector("#table-view", state="hidden", timeout=30_000)
    page.go_back()
    page.wait_for_selector('#panel[data-lang="en"][data-state="ready"]', timeout=30_000)
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text('#panel [data-testid="country-name"]') == "Georgia"
    page.go_back()
    page.wait_for_selector("#panel", state="hidden", timeout=30_000)
    assert "country" not in _hash(page) and page.input_value("#country") == ""
    page.go_back()
    page.wait_for_selector(f'#legend[data-year="{first["year"]}"]', timeout=30_000)
    assert _hash(page) == first
    page.go_forward()
    page.wait_for_selector('#legend[data-year="2015"]', timeout=30_000)
    assert page.input_value("#year") == "2015"
    page.go_forward()
    page.wait_for_selector('#panel[data-country="GEO"][data-state="ready"]', timeout=30_000)
    assert page.evaluate("() => window.__sameDocument === true")


def test_time_slider_by_keyboard_and_play_through_the_years(page: Page, stack: Stack) -> None:
    indicator = _indicator(stack, INDICATOR)
    first, last = indicator["first_year"], indicator["last_year"]
    _open(page, stack, f"indicator={INDICATOR}&year={YEAR}")
    slider = "#year-slider"
    assert page.get_attribute(slider, "min") == str(first)
    assert page.get_attribute(slider, "max") == str(last)
    assert page.input_value(slider) == YEAR and page.inner_text("#year-output") == YEAR

    # An arrow key moves one year: legend, URL, select and the table's values follow.
    earlier = str(int(YEAR) - 1)
    page.focus(slider)
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector(f'#legend[data-year="{earlier}"]', timeout=30_000)
    assert _hash(page)["year"] == earlier and page.input_value("#year") == earlier
    page.click("#table-toggle")
    page.wait_for_selector(f'#table-view[data-year="{earlier}"] tbody tr', timeout=30_000)
    values = _values(stack, INDICATOR, earlier)
    for iso3, (_, value, _, year) in _table(page).items():
        assert value == (pytest.approx(values[iso3]) if iso3 in values else None), iso3
        assert year == earlier
    page.click("#table-toggle")
    page.wait_for_selector("#table-view", state="hidden")
    for _ in range(3):  # the table hidden, shown, then the key press
        page.go_back()
    page.wait_for_selector(f'#legend[data-year="{YEAR}"]', timeout=30_000)
    assert page.input_value(slider) == YEAR

    # Play runs a year a step to the last year and stops there; the whole play is one history entry.
    start = str(last - 2)
    page.select_option("#year", start)
    page.wait_for_selector(f'#legend[data-year="{start}"]', timeout=30_000)
    page.click("#play")
    assert page.get_attribute("#play", "aria-pressed") == "true"
    assert page.inner_text("#play") == "Pause"
    page.wait_for_selector(f'#legend[data-year="{last - 1}"]', timeout=30_000)
    page.wait_for_selector(f'#legend[data-year="{last}"]', timeout=30_000)
    page.wait_for_selector('#play[aria-pressed="false"]', timeout=30_000)
    assert page.inner_text("#play") == "Play"
    assert _hash(page)["year"] == str(last) and page.input_value(slider) == str(last)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "timeline.png"))
    page.go_back()
    page.wait_for_selector(f'#legend[data-year="{start}"]', timeout=30_000)

    # In Russian the button says so; played from the last year, it starts again at the first.
    page.click("#lang-ru")
    page.wait_for_selector('#legend[data-lang="ru"]', timeout=30_000)
    assert page.inner_text("#play") == "Воспроизвести"
    page.select_option("#year", str(last))
    page.wait_for_selector(f'#legend[data-year="{last}"]', timeout=30_000)
    page.click("#play")
    page.wait_for_selector(f'#legend[data-year="{first}"]', timeout=30_000)
    assert page.inner_text("#play") == "Пауза"
    page.click("#play")
    page.wait_for_selector('#play[aria-pressed="false"]', timeout=30_000)


def test_an_edited_link_moves_between_views(page: Page, stack: Stack) -> None:
    """Opened on another view, then the URL edited to the indicator view without a year (both
    popstate and hashchange fire): the map shows the indicator's latest year with data, no
    request fails; back returns to the other view."""
    page.goto(f"{stack.gateway_url}/#view=compare&countries=ARM,GEO", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-view="compare"][data-view-ready="1"]', timeout=60_000)
    assert page.is_hidden(".controls") and page.is_hidden("#timeline")
    assert page.is_hidden("#status")
    code = "SP.POP.TOTL"
    years = _api(stack, "profiles", f"/v1/indicators/{code}/observations?country=ARM&limit=1000")
    latest = max(int(o["period"][:4]) for o in years["items"] if o["value"] is not None)
    page.evaluate(f"location.hash = '#lang=ru&indicator={code}'")
    page.wait_for_selector('body[data-view="indicator"][data-view-ready="1"]', timeout=30_000)
    page.wait_for_selector('#legend[data-lang="ru"]', timeout=30_000)
    assert int(page.get_attribute("#legend", "data-year") or 0) >= latest
    assert page.is_visible(".controls") and page.input_value("#indicator") == code
    page.go_back()
    page.wait_for_selector('body[data-view="compare"][data-view-ready="1"]', timeout=30_000)
    assert page.get_attribute("#tab-compare", "aria-pressed") == "true"


def _contrast(page: Page, selector: str) -> float:
    """WCAG contrast ratio of an element's text against the first opaque background behind it."""
    ratio: float = page.evaluate(
        """(sel) => {
          const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => { const f = (v) => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const el = document.querySelector(sel);
          let bg = null;
          for (let n = el; n && !bg; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0.85)) bg = c.slice(0, 3);
          }
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg ?? [255, 255, 255])];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""",
        selector,
    )
    return ratio


def test_table_alternative_keyboard_and_contrast(page: Page, stack: Stack) -> None:
    _open(page, stack, f"lang=en&indicator={INDICATOR}&year={YEAR}")

    # Tab order: the views' tabs, the language, then the view's controls in reading order (the
    # time slider after the map); focus is visible.
    tabs = page.eval_on_selector_all("#views-nav button", "bs => bs.map((b) => b.id)")
    assert tabs[0] == "tab-indicator" and len(tabs) == len(set(tabs)) >= 6
    controls = ["lang-en", "lang-ru", "indicator", "year", "country", "colour", "table-toggle"]
    order = []
    for _ in range(len(tabs) + len(controls)):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == tabs + controls
    assert page.get_attribute("#tab-indicator", "aria-pressed") == "true"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")

    page.keyboard.press("Space")
    page.wait_for_selector("#table-view tbody tr", timeout=30_000)
    assert _hash(page)["table"] == "1"
    assert page.get_attribute("#table-toggle", "aria-pressed") == "true"

    # The same values as the API (and as the map: the legend counts the same states).
    shown = _table(page)
    values = _values(stack, INDICATOR, YEAR)
    countries = _countries(stack)
    assert set(shown) == set(countries)
    for iso3, (name, value, unit, year) in shown.items():
        assert name == countries[iso3]["name_en"]
        assert value == (pytest.approx(values[iso3]) if iso3 in values else None), iso3
        assert (unit, year) == (("% of labour force" if iso3 in values else ""), YEAR)
    assert page.inner_text(f'#table-view tr[data-iso3="{next(iter(values))}"] td.num') != ""
    nodata = [iso3 for iso3 in countries if iso3 not in values]
    for iso3 in nodata:
        assert page.inner_text(f'#table-view tr[data-iso3="{iso3}"] td.nodata') == "no data"
    assert int(page.get_attribute("#legend", "data-count") or 0) == len(values)
    page.screenshot(path=str(SHOTS / "table.png"))

    # Sorting from the keyboard: the Value heading, highest first; missing values last.
    page.focus('#table-view button[data-sort="value"]')
    page.keyboard.press("Enter")
    page.wait_for_selector('#table-view[data-sort="-value"]', timeout=10_000)
    assert page.get_attribute('#table-view th:has(button[data-sort="value"])', "aria-sort") == (
        "descending"
    )
    assert page.evaluate("document.activeElement.dataset.sort") == "value"
    assert _hash(page)["sort"] == "-value"
    listed = [v for _, v, _, _ in _table(page).values()]
    with_values = [v for v in listed if v is not None]
    assert with_values == sorted(with_values, reverse=True)
    assert listed[len(with_values) :] == [None] * len(nodata)

    # A country opens its profile from the keyboard; Escape closes it and focus comes back.
    page.focus('#table-view button[data-iso3="ARM"]')
    page.keyboard.press("Enter")
    page.wait_for_selector('#panel[data-country="ARM"][data-state="ready"]', timeout=30_000)
    assert page.evaluate("document.activeElement.classList.contains('panel-close')")
    page.keyboard.press("Escape")
    page.wait_for_selector("#panel", state="hidden", timeout=10_000)
    assert page.evaluate("document.activeElement.dataset.iso3") == "ARM"

    # Contrast (WCAG AA, 4.5:1 for text) of the controls, table, legend and footer.
    for selector in [
        "label[for=indicator]",
        "#indicator",
        "#table-toggle",
        "#lang-en",
        "#table-view caption",
        '#table-view button[data-iso3="ARM"]',
        "#table-view td.unit",
        "#table-view .table-hint",
        ".site-footer",
    ]:
        assert _contrast(page, selector) >= 4.5, selector
    page.click("#table-toggle")
    page.wait_for_selector("#legend li[data-class='nodata']")
    for selector in [".legend-title", ".legend-year", ".legend-source", "#legend li span"]:
        assert _contrast(page, selector) >= 4.5, selector


def test_a_375px_phone(browser: Browser, stack: Stack) -> None:
    phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    with guarded_page(browser, stack, **phone) as page:
        _open(page, stack, f"lang=ru&indicator={INDICATOR}&year={YEAR}")
        width = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        assert page.evaluate(width) <= PHONE["width"]
        # Every control on screen, whole, and big enough to tap.
        for selector in ["#lang-en", "#lang-ru", "#indicator", "#year", "#country", "#colour"]:
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
            assert box["height"] >= 32, selector
        toggle = page.locator("#table-toggle").bounding_box()
        assert toggle is not None and toggle["x"] + toggle["width"] <= PHONE["width"]
        assert page.locator("#map").bounding_box()["height"] >= 300  # type: ignore[index]
        page.screenshot(path=str(SHOTS / "phone.png"))

        # The panel is a bottom sheet the width of the screen.
        page.select_option("#country", "GEO")
        page.wait_for_selector('#panel[data-state="ready"]', timeout=30_000)
        sheet = page.locator("#panel").bounding_box()
        assert sheet is not None
        assert sheet["width"] == PHONE["width"] and sheet["x"] == 0
        assert sheet["y"] + sheet["height"] == pytest.approx(PHONE["height"], abs=1)
        assert page.evaluate(width) <= PHONE["width"]
        page.screenshot(path=str(SHOTS / "phone-panel.png"))
        page.locator(".panel-close").tap()
        page.wait_for_selector("#panel", state="hidden", timeout=10_000)

        # The table covers the map, scrolls inside itself, and the page still fits the screen.
        page.locator("#table-toggle").tap()
        page.wait_for_selector("#table-view tbody tr", timeout=30_000)
        table = page.locator("#table-view").bounding_box()
        assert table is not None and table["width"] == PHONE["width"]
        assert page.evaluate(width) <= PHONE["width"]
        values = _values(stack, INDICATOR, YEAR)
        assert {i: v for i, (_, v, _, _) in _table(page).items() if v is not None} == (
            pytest.approx(values)
        )
        page.screenshot(path=str(SHOTS / "phone-table.png"))

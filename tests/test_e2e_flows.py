"""The flows view end to end in headless Chromium through the gateway (issue 7, item 4): a link
opens a country's top partners for a bilateral indicator and year; the table shows the API's
ranking (partners, values, shares of the total) and the map one arc per partner, as wide as its
value, with an arrowhead at the receiving end; changing N, the country or the direction updates
the URL, the table and the arcs; back/forward restore them; Russian and a 375 px phone work.
Values are checked against profiles-api's `/v1/countries/{iso3}/partners`, a different endpoint
from the map-api collection the client reads. Screenshots: docs/screenshots/flows*.png.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, Page

from .browser_support import guarded_page
from .conftest import REPO
from .conftest import api_json as _api

pytestmark = [pytest.mark.stack, pytest.mark.browser]

INDICATOR = "UNDESA.IMS.TOTL"
YEAR = 2020
SHOTS = REPO / "docs/screenshots"
PHONE = {"width": 375, "height": 740}
VIEW = ".view-flows"
MAX_WIDTH = 14  # px: the widest arc (flows.js)


def _partners(stack: Stack, iso3: str, direction: str, year: int = YEAR) -> list[dict[str, Any]]:
    """Every partner of `iso3` in `direction`, largest first, as profiles-api ranks them."""
    query = urlencode({"indicator": INDICATOR, "direction": direction, "year": year, "limit": 100})
    body = _api(stack, "profiles", f"/v1/countries/{iso3}/partners?{query}")
    assert body["total"] == len(body["items"])
    items: list[dict[str, Any]] = body["items"]
    return items


def _top(stack: Stack, iso3: str, direction: str, n: int) -> tuple[list[tuple[str, float]], float]:
    """The top `n` (partner, value) and the total of every partner; the n-th must beat the next
    one, or the top n would not be one answer."""
    every = _partners(stack, iso3, direction)
    assert len(every) > n, f"{iso3} {direction}: fewer than {n + 1} partners"
    assert every[n - 1]["value"] > every[n]["value"], f"{iso3} {direction}: a tie at {n}"
    return [(p["partner_iso3"], p["value"]) for p in every[:n]], sum(p["value"] for p in every)


def _open(page: Page, stack: Stack, hash_: str) -> None:
    page.goto(f"{stack.gateway_url}/#{hash_}", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
    _settled(page)


def _settled(page: Page, **attrs: str) -> None:
    """Waits until the view has entered and its data is in (and has the given data-* values)."""
    page.wait_for_selector('body[data-view="flows"][data-view-ready="1"]', timeout=60_000)
    extra = "".join(f'[data-{k}="{v}"]' for k, v in attrs.items())
    page.wait_for_selector(f'{VIEW}[data-loading="0"]{extra}', timeout=60_000)


def _hash(page: Page) -> dict[str, str]:
    pairs = page.evaluate("location.hash").lstrip("#").split("&")
    return dict(p.split("=", 1) for p in pairs if p)


def _table(page: Page) -> list[tuple[str, str, float, str, float]]:
    """(iso3, partner name, value as the API gives it, value text, share) per row, in order."""
    rows = page.eval_on_selector_all(
        f"{VIEW} .flows-table tbody tr",
        """rows => rows.map((r) => [r.dataset.iso3, r.querySelector('th').innerText.trim(),
          r.querySelector('.col-value').dataset.value, r.querySelector('.col-value').innerText,
          r.querySelector('.col-share').dataset.share])""",
    )
    return [(iso3, name, float(v), text, float(s)) for iso3, name, v, text, s in rows]


def _arcs(page: Page) -> dict[str, list[dict[str, Any]]]:
    """The properties of the features in the view's arc and arrowhead sources."""
    found: dict[str, list[dict[str, Any]]] = page.evaluate(
        """async () => { const m = window.__imap.map; const out = {};
          for (const id of ['flows-arcs', 'flows-arrows']) {
            const data = await m.getSource(id).getData();
            out[id] = data.features.map((f) => ({...f.properties, type: f.geometry.type}));
          }
          return out; }"""
    )
    return found


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _check(page: Page, stack: Stack, iso3: str, direction: str, n: int) -> None:
    """Table and arcs show the API's top n partners of `iso3` in `direction`."""
    top, total = _top(stack, iso3, direction, n)
    shown = _table(page)
    assert [(r[0], r[2]) for r in shown] == [(p, pytest.approx(v)) for p, v in top]
    for (_, _, _value, text, share), (_, expected) in zip(shown, top, strict=True):
        assert _digits(text) == str(round(expected)), text  # persons: whole numbers
        assert text.endswith("persons") or text.endswith("чел.")
        assert share == pytest.approx(expected / total)
    arcs = _arcs(page)
    assert len(arcs["flows-arcs"]) == n and len(arcs["flows-arrows"]) == n
    ends = "origin" if direction == "inbound" else "destination"
    mine = "destination" if direction == "inbound" else "origin"
    assert [a[ends] for a in arcs["flows-arcs"]] == [p for p, _ in top]
    assert {a[mine] for a in arcs["flows-arcs"]} == {iso3}
    assert {a["type"] for a in arcs["flows-arrows"]} == {"Polygon"}
    widths = [a["width"] for a in arcs["flows-arcs"]]
    assert widths[0] == MAX_WIDTH and widths == sorted(widths, reverse=True)


def test_a_link_shows_the_apis_top_partners_and_history_restores_each_choice(
    page: Page, stack: Stack
) -> None:
    countries = {c["iso3"]: c for c in _api(stack, "profiles", "/v1/countries?limit=100")["items"]}
    _open(
        page,
        stack,
        f"lang=en&view=flows&country=UKR&indicator={INDICATOR}&year={YEAR}"
        "&top=10&direction=outbound",
    )
    page.evaluate("() => { window.__sameDocument = true; }")
    assert _hash(page) == {
        "lang": "en",
        "view": "flows",
        "country": "UKR",
        "direction": "outbound",
        "indicator": INDICATOR,
        "top": "10",
        "year": str(YEAR),
    }
    assert page.get_attribute('#views-nav button[data-view="flows"]', "aria-pressed") == "true"
    assert page.input_value("#flows-country") == "UKR"
    assert page.input_value("#flows-indicator") == INDICATOR
    assert page.input_value("#flows-year") == str(YEAR)
    assert page.input_value("#flows-top") == "10"
    assert page.input_value("#flows-direction") == "outbound"
    for key, label in [("country", "Country"), ("indicator", "Indicator"), ("year", "Year")]:
        assert page.inner_text(f"label[for=flows-{key}]") == label
    # only bilateral indicators, by their English names; years with values only
    indicators = _api(stack, "profiles", "/v1/indicators?limit=1000")["items"]
    bilateral = {i["code"]: i for i in indicators if i["kind"] == "bilateral"}
    options = page.eval_on_selector_all("#flows-indicator option", "os => os.map((o) => o.value)")
    assert options and set(options) <= set(bilateral) and INDICATOR in options
    assert (
        page.inner_text(f'#flows-indicator option[value="{INDICATOR}"]')
        == (bilateral[INDICATOR]["name_en"])
    )
    years = page.eval_on_selector_all("#flows-year option", "os => os.map((o) => +o.value)")
    assert years == [2024, 2020, 2015, 2010, 2005, 2000, 1995, 1990]  # UN DESA's editions

    _check(page, stack, "UKR", "outbound", 10)
    shown = _table(page)
    assert [r[1] for r in shown] == [countries[r[0]]["name_en"] for r in shown]
    caption = page.inner_text(f"{VIEW} .flows-table caption")
    assert caption.startswith("Top 10 partners receiving from Ukraine")
    assert str(YEAR) in caption
    legend = page.inner_text(f"{VIEW} .flows-legend")
    assert "Line width" in legend and "persons" in legend
    assert page.locator(f"{VIEW} .flows-legend svg.flows-swatch").count() >= 2

    # Hovering the largest arc names both ends, in the arc's direction, and its value.
    page.evaluate(
        "() => new Promise((r) => { const m = window.__imap.map; m.once('idle', r); "
        "m.triggerRepaint(); })"
    )
    point = page.evaluate(
        """async () => { const m = window.__imap.map;
          const data = await m.getSource('flows-arcs').getData();
          const c = data.features[0].geometry.coordinates;
          const p = m.project(c[Math.floor(c.length / 2)]);
          const r = m.getCanvas().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }"""
    )
    page.mouse.move(point[0], point[1])
    page.wait_for_selector("#tooltip:not([hidden])", timeout=10_000)
    first_partner = shown[0][0]
    tip = page.inner_text("#tooltip")
    assert tip.startswith(f"Ukraine → {countries[first_partner]['name_en']}"), tip
    assert shown[0][3] in tip
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / "flows.png"))

    # Top 5: a history entry; the table and the arcs follow.
    page.select_option("#flows-top", "5")
    _settled(page, count="5")
    assert _hash(page)["top"] == "5"
    _check(page, stack, "UKR", "outbound", 5)

    # Another country from the selector, then the other direction.
    page.select_option("#flows-country", "GEO")
    _settled(page, country="GEO", count="5")
    assert _hash(page)["country"] == "GEO" and _hash(page)["top"] == "5"
    _check(page, stack, "GEO", "outbound", 5)
    assert page.inner_text(f"{VIEW} .flows-table caption").startswith(
        "Top 5 partners receiving from Georgia"
    )
    page.select_option("#flows-direction", "inbound")
    _settled(page, direction="inbound")
    assert _hash(page)["direction"] == "inbound"
    _check(page, stack, "GEO", "inbound", 5)
    assert page.inner_text(f"{VIEW} .flows-table caption").startswith(
        "Top 5 partners sending to Georgia"
    )

    # A click on a partner in the table shows that country's flows.
    partner = _table(page)[0][0]
    page.click(f'{VIEW} tr[data-iso3="{partner}"] button.flows-partner')
    _settled(page, country=partner)
    assert _hash(page)["country"] == partner

    # Back and forward restore each state without reloading.
    page.go_back()
    _settled(page, country="GEO", direction="inbound")
    _check(page, stack, "GEO", "inbound", 5)
    page.go_back()
    _settled(page, country="GEO", direction="outbound")
    page.go_back()
    _settled(page, country="UKR", count="5")
    assert page.input_value("#flows-country") == "UKR"
    _check(page, stack, "UKR", "outbound", 5)
    page.go_back()
    _settled(page, country="UKR", count="10")
    assert page.input_value("#flows-top") == "10"
    _check(page, stack, "UKR", "outbound", 10)
    page.go_forward()
    _settled(page, country="UKR", count="5")
    assert _hash(page)["top"] == "5"
    assert page.evaluate("() => window.__sameDocument === true")

    # A click on a Prague Process state on the map selects it.
    target = "POL"
    point = page.evaluate(
        """() => { const m = window.__imap.map; const p = m.project([21.0, 52.25]);
          const r = m.getCanvas().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }"""
    )
    page.mouse.click(point[0], point[1])
    _settled(page, country=target)
    assert _hash(page)["country"] == target

    # Russian: the interface, the countries' Russian names, Russian numbers.
    page.click("#lang-ru")
    page.wait_for_function(
        "() => document.querySelector('label[for=flows-country]').innerText === 'Страна'"
    )
    assert _hash(page)["lang"] == "ru"
    assert page.inner_text('#views-nav button[data-view="flows"]') == "Потоки"
    headers = page.eval_on_selector_all(
        f"{VIEW} .flows-table thead th", "ths => ths.map((t) => t.innerText)"
    )
    assert headers == ["Место", "Партнёр", "Значение", "Доля от итога"]
    rows = _table(page)
    assert [r[1] for r in rows] == [countries[r[0]]["name_ru"] for r in rows]
    assert all(r[3].endswith("чел.") for r in rows)
    assert (
        page.inner_text(f'#flows-indicator option[value="{INDICATOR}"]')
        == (bilateral[INDICATOR]["name_ru"])
    )
    assert "Польша" in page.inner_text(f"{VIEW} .flows-table caption")
    _check(page, stack, target, "outbound", 5)


def test_only_directions_with_data_and_values_in_millions(page: Page, stack: Stack) -> None:
    # Remittances are in millions of US$ (scale 6): shown in dollars.
    code = "KNOMAD.REM.BILAT"
    query = urlencode({"indicator": code, "direction": "inbound", "limit": 3})
    top = _api(stack, "profiles", f"/v1/countries/RUS/partners?{query}")["items"]
    _open(page, stack, f"lang=en&view=flows&country=RUS&indicator={code}&top=5&direction=inbound")
    assert _hash(page)["year"] == str(top[0]["year"])  # the only year with values
    rows = _table(page)
    assert rows[0][0] == top[0]["partner_iso3"] and rows[0][2] == pytest.approx(top[0]["value"])
    assert _digits(rows[0][3]) == str(round(top[0]["value"] * 10 ** top[0]["scale"]))
    assert rows[0][3].endswith("current US$")

    # A country's corridors in one direction only: the other option is disabled, not chosen.
    asylum = "ESTAT.ASY.FIRST.CTZ"
    _open(page, stack, f"lang=en&view=flows&country=GEO&indicator={asylum}&direction=inbound")
    query = urlencode({"indicator": asylum, "direction": "inbound", "limit": 1})
    inbound = _api(stack, "profiles", f"/v1/countries/GEO/partners?{query}")
    assert inbound["total"] == 0  # Georgia reports no asylum applications to Eurostat
    assert _hash(page)["direction"] == "outbound"
    assert page.is_disabled('#flows-direction option[value="inbound"]')
    assert "no data" in page.inner_text('#flows-direction option[value="inbound"]')
    assert len(_table(page)) == 10


def test_flows_on_a_375px_phone_in_russian(browser: Browser, stack: Stack) -> None:
    phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    with guarded_page(browser, stack, **phone) as page:
        _open(
            page,
            stack,
            f"lang=ru&view=flows&country=UKR&indicator={INDICATOR}&year={YEAR}"
            "&top=5&direction=outbound",
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        wide = page.evaluate(
            """() => { const v = document.querySelector('.view-flows');
              const right = v.getBoundingClientRect().right;
              return [...v.querySelectorAll('*')]
                .filter((e) => e.getBoundingClientRect().right > right + 0.5)
                .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`); }"""
        )
        assert not wide, wide
        assert page.inner_text("label[for=flows-top]") == "Число партнёров"
        rows = _table(page)
        assert len(rows) == 5
        top, _ = _top(stack, "UKR", "outbound", 5)
        assert [r[0] for r in rows] == [p for p, _ in top]
        assert len(_arcs(page)["flows-arcs"]) == 5
        box = page.locator(f"{VIEW} .flows-table").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.evaluate(
            "() => new Promise((r) => { const m = window.__imap.map; m.once('idle', r); "
            "m.triggerRepaint(); })"
        )
        page.locator(f"{VIEW} .flows-legend").scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "flows-phone.png"))

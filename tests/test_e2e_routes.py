"""The routes view as a user sees it, end to end in headless Chromium through the gateway (issue 7,
item 3): a link opens a route and month; the month's total and top nationalities, the chart's
table and the tooltip show map-api's route statistics; the slider moves by keyboard and the URL
follows, back/forward restore; the route is highlighted and fitted on the map with its crossing
points listed; Russian throughout; a 375 px phone. Screenshots go to docs/screenshots/. Fails on
any console error or request to another host."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import urlencode

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, Page

from .browser_support import guarded_page
from .conftest import REPO, get

pytestmark = [pytest.mark.stack, pytest.mark.browser]

ROUTE = "eastern-borders"
MONTH = "2021-11"
NEXT_MONTH = "2021-12"
OTHER_ROUTE = "western-balkans"
PARTIAL_ROUTE = "eastern-mediterranean"
SHOTS = REPO / "docs/screenshots"
PHONE = {"width": 375, "height": 740}
VIEW = 'section[data-view="routes"]'


def _api(stack: Stack, service: str, path: str, **query: Any) -> Any:
    url = f"{stack.api_url(service)}{path}" + (f"?{urlencode(query)}" if query else "")
    status, _, body = get(url)
    assert status == 200, url
    return json.loads(body)


def _month(stack: Stack, route: str, month: str) -> Counter[str]:
    """map-api's detections of `route` in `month` per nationality (border types added up)."""
    body = _api(
        stack,
        "map",
        "/v1/collections/route-statistics/items",
        route=route,
        datetime=month,
        limit=10000,
    )
    assert body["numberMatched"] == body["numberReturned"]
    counts: Counter[str] = Counter()
    for f in body["features"]:
        counts[f["properties"]["nationality"]] += f["properties"]["detections"]
    return counts


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((k, n) for k, n in counts.items() if n > 0), key=lambda kn: (-kn[1], kn[0]))


def _routes(stack: Stack) -> dict[str, dict[str, Any]]:
    body = _api(stack, "map", "/v1/collections/routes/items", limit=100)
    return {f["id"]: f for f in body["features"]}


def _open(page: Page, stack: Stack, hash_: str) -> None:
    page.goto(f"{stack.gateway_url}/#{hash_}", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
    _ready(page)


def _ready(page: Page, **attrs: str) -> None:
    """Waits for the routes view to have drawn (optionally a given route, month or language)."""
    wanted = "".join(f'[data-{k}="{v}"]' for k, v in attrs.items())
    page.wait_for_selector(
        f'body[data-view="routes"][data-view-ready="1"] {VIEW}[data-state="ready"]{wanted}',
        timeout=30_000,
    )


def _idle(page: Page) -> None:
    """Waits until the map has drawn everything it is loading."""
    page.evaluate(
        "() => new Promise((r) => { const m = window.__imap.map; if (m.loaded()) r(); "
        "else m.once('idle', r); })"
    )


def _hash(page: Page) -> dict[str, str]:
    pairs = page.evaluate("location.hash").lstrip("#").split("&")
    return dict(p.split("=", 1) for p in pairs if p)


def _shown(page: Page) -> tuple[int, list[tuple[str, int]], tuple[int, int] | None]:
    """The month's total, its top nationalities (code, detections) and the others (count, sum)."""
    total = int(page.get_attribute('[data-testid="routes-total"]', "data-value") or -1)
    items = page.eval_on_selector_all(
        "#routes-nationalities li",
        "ls => ls.map((l) => [l.dataset.nationality, Number(l.dataset.value), "
        "Number(l.dataset.count ?? 0)])",
    )
    top = [(k, n) for k, n, _ in items if k != "others"]
    others = next(((c, n) for k, n, c in items if k == "others"), None)
    return total, top, others


def _assert_month(page: Page, stack: Stack, route: str, month: str) -> int:
    """The numbers on screen are map-api's for the route and month; returns the total."""
    counts = _month(stack, route, month)
    ranked = _ranked(counts)
    total, top, others = _shown(page)
    assert total == sum(counts.values()) > 0
    assert top == ranked[:5]
    rest = ranked[5:]
    assert others == ((len(rest), sum(n for _, n in rest)) if rest else None)
    return total


def test_a_route_and_month_from_a_link_with_the_apis_numbers(
    browser: Browser, stack: Stack
) -> None:
    routes = _routes(stack)
    countries = {c["iso3"]: c for c in _api(stack, "profiles", "/v1/countries", limit=100)["items"]}
    with guarded_page(browser, stack) as page:
        _open(page, stack, f"lang=en&view=routes&route={ROUTE}&month={MONTH}")
        page.evaluate("() => { window.__sameDocument = true; }")
        assert _hash(page) == {"lang": "en", "view": "routes", "route": ROUTE, "month": MONTH}
        assert page.get_attribute('#views-nav button[data-view="routes"]', "aria-pressed") == "true"

        # The chooser: every route by its name and kind; the chosen one selected.
        options = page.eval_on_selector_all(
            "#routes-route option", "os => os.map((o) => [o.value, o.innerText])"
        )
        assert {v for v, _ in options} == set(routes)
        kinds = {"land": "land", "sea": "sea", "mixed": "land and sea", "air": "air"}
        for value, text in options:
            p = routes[value]["properties"]
            assert text == f"{p['name']} ({kinds[p['kind']]})"
        assert page.input_value("#routes-route") == ROUTE
        assert page.inner_text("label[for=routes-route]") == "Route"

        # The month: the slider (labelled, with the month in words) and the API's numbers.
        assert page.inner_text("label[for=routes-month]") == "Month"
        assert page.inner_text("#routes-month-output") == "November 2021"
        assert page.get_attribute("#routes-month", "aria-valuetext") == "November 2021"
        total = _assert_month(page, stack, ROUTE, MONTH)
        assert page.inner_text('[data-testid="routes-total"]') == f"{total:,}"
        summary = page.inner_text("#routes-summary")
        assert summary.startswith("Detections in November 2021") and "null" not in summary
        assert page.locator(".routes-note").count() == 0  # every nationality on this route
        _idle(page)
        page.screenshot(path=str(SHOTS / "routes.png"))
        first = _shown(page)[1][0][0]
        name = page.inner_text(f'#routes-nationalities li[data-nationality="{first}"] .routes-nat')
        expected = countries[first]["name_en"] if first in countries else None
        assert name == expected or (expected is None and name and name != first)

        # Crossing points of the route, by name.
        points = _api(stack, "map", "/v1/collections/crossing-points/items", limit=1000)
        mine = {
            f["id"]: f["properties"]["name"]
            for f in points["features"]
            if f["properties"]["route"] == ROUTE
        }
        listed = page.eval_on_selector_all(
            "#routes-points li[data-slug]",
            "ls => ls.map((l) => [l.dataset.slug, l.querySelector('button').innerText])",
        )
        assert dict(listed) == mine and mine

        # The map: the route highlighted (only it) and in view.
        _idle(page)
        lit = page.evaluate(
            "() => window.__imap.map.queryRenderedFeatures({layers: ['routes-view-highlight']})"
            ".map((f) => f.properties.slug)"
        )
        assert lit and set(lit) == {ROUTE}
        coords = [c for line in routes[ROUTE]["geometry"]["coordinates"] for c in line]
        west, east = min(c[0] for c in coords), max(c[0] for c in coords)
        south, north = min(c[1] for c in coords), max(c[1] for c in coords)
        bounds = page.evaluate("() => window.__imap.map.getBounds().toArray()")
        assert bounds[0][0] <= west and bounds[1][0] >= east
        assert bounds[0][1] <= south and bounds[1][1] >= north

        # The chart: top five nationalities over the whole series and the others, month marked.
        keys = page.eval_on_selector_all(
            "#routes-chart path[data-key]", "ps => ps.map((p) => p.dataset.key)"
        )
        assert len(keys) == 6 and keys[-1] == "*"
        marker = page.get_attribute("#routes-chart .chart-marker", "data-index")
        assert marker is not None and int(marker) > 0
        legend = page.eval_on_selector_all(
            ".routes-legend li", "ls => ls.map((l) => l.dataset.key)"
        )
        assert legend == keys

        # The same numbers as a table: the month's row, marked, equals the API.
        page.click("#routes-table summary")
        row = page.locator(f'#routes-table tr[data-month="{MONTH}"]')
        row.wait_for(state="visible")
        assert row.get_attribute("aria-current") == "true"
        cells = row.evaluate(
            "r => Object.fromEntries([...r.querySelectorAll('td')]"
            ".map((c) => [c.dataset.key, Number(c.dataset.value)]))"
        )
        counts = _month(stack, ROUTE, MONTH)
        assert cells["total"] == total
        for key in keys[:-1]:
            assert cells[key] == counts.get(key, 0), key
        assert cells["*"] == total - sum(counts.get(k, 0) for k in keys[:-1])

        # The slider from the keyboard: the next month, in the URL and the numbers.
        page.focus("#routes-month")
        page.keyboard.press("ArrowRight")
        _ready(page, month=NEXT_MONTH)
        assert _hash(page)["month"] == NEXT_MONTH
        assert page.inner_text("#routes-month-output") == "December 2021"
        after = _assert_month(page, stack, ROUTE, NEXT_MONTH)
        assert after != total
        assert page.get_attribute(f'#routes-table tr[data-month="{NEXT_MONTH}"]', "aria-current")

        # The tooltip over the route: its detections that month.
        (x0, y0), (x1, y1) = coords[0], coords[1]
        point = page.evaluate(
            "([lon, lat]) => window.__imap.map.project([lon, lat])",
            [(x0 + x1) / 2, (y0 + y1) / 2],
        )
        box = page.locator("#map").bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_selector("#tooltip:not([hidden])", timeout=10_000)
        assert f"Detections in December 2021: {after:,}" in page.inner_text("#tooltip")

        # Another route from the chooser keeps the month; back and forward walk the choices.
        page.select_option("#routes-route", OTHER_ROUTE)
        _ready(page, route=OTHER_ROUTE)
        assert _hash(page)["route"] == OTHER_ROUTE and _hash(page)["month"] == NEXT_MONTH
        _assert_month(page, stack, OTHER_ROUTE, NEXT_MONTH)
        page.go_back()
        _ready(page, route=ROUTE, month=NEXT_MONTH)
        assert page.input_value("#routes-route") == ROUTE
        page.go_back()
        _ready(page, route=ROUTE, month=MONTH)
        assert _assert_month(page, stack, ROUTE, MONTH) == total
        assert page.input_value("#routes-month") == str(marker)
        assert _hash(page)["month"] == MONTH
        page.go_forward()
        _ready(page, month=NEXT_MONTH)
        assert page.evaluate("() => window.__sameDocument === true")

        # Russian: the view's texts, the data's Russian names, numbers and months in Russian.
        page.click("#lang-ru")
        _ready(page, lang="ru")
        assert page.inner_text('#views-nav button[data-view="routes"]') == "Маршруты"
        assert page.inner_text("#routes-title") == "Миграционные маршруты"
        assert page.inner_text("label[for=routes-route]") == "Маршрут"
        assert page.inner_text("label[for=routes-month]") == "Месяц"
        name_ru = routes[ROUTE]["properties"]["name_ru"]
        assert page.inner_text(f'#routes-route option[value="{ROUTE}"]') == (
            f"{name_ru} (сухопутный)"
        )
        assert page.inner_text("#routes-month-output") == "декабрь 2021 г."
        chart_title = "Выявленные случаи по месяцам и гражданству"
        assert page.inner_text("#routes-chart-title") == chart_title
        assert page.inner_text("#routes-table summary") == "График в виде таблицы"
        assert page.inner_text("#routes-table th[data-key=total]") == "Всего"
        assert page.inner_text("#routes-points-title") == "Пункты пропуска"
        for slug, _ in listed:
            ru = next(f for f in points["features"] if f["id"] == slug)["properties"]["name_ru"]
            assert page.inner_text(f'#routes-points li[data-slug="{slug}"] button') == ru
        for code, _ in _shown(page)[1]:
            shown = page.inner_text(f'#routes-nationalities li[data-nationality="{code}"] span')
            if code in countries:
                assert shown == countries[code]["name_ru"], code
            else:
                assert any("а" <= ch.lower() <= "я" for ch in shown), (code, shown)
        assert _hash(page)["lang"] == "ru"


def test_the_routes_view_on_a_375px_phone(browser: Browser, stack: Stack) -> None:
    phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    with guarded_page(browser, stack, **phone) as page:
        _open(page, stack, f"lang=ru&view=routes&route={ROUTE}&month={MONTH}")
        width = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        assert page.evaluate(width) <= PHONE["width"]
        for selector in ["#routes-route", "#routes-month", "#routes-month-output"]:
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
        for selector in ["#routes-route", "#routes-month"]:
            box = page.locator(selector).bounding_box()
            assert box is not None and box["height"] >= 32, selector
        chart = page.locator("#routes-chart svg").bounding_box()
        assert chart is not None and chart["x"] + chart["width"] <= PHONE["width"]
        _assert_month(page, stack, ROUTE, MONTH)
        _idle(page)
        page.screenshot(path=str(SHOTS / "routes-phone.png"))

        page.focus("#routes-month")
        page.keyboard.press("ArrowLeft")
        _ready(page, month="2021-10")
        assert _hash(page)["month"] == "2021-10"
        _assert_month(page, stack, ROUTE, "2021-10")
        assert page.evaluate(width) <= PHONE["width"]

        # A route where the data hold only nationals of the Prague Process states says so.
        page.select_option("#routes-route", PARTIAL_ROUTE)
        _ready(page, route=PARTIAL_ROUTE)
        assert _hash(page)["route"] == PARTIAL_ROUTE and _hash(page)["month"] == "2021-10"
        assert "только граждан государств Пражского процесса" in page.inner_text(".routes-note")
        _assert_month(page, stack, PARTIAL_ROUTE, "2021-10")

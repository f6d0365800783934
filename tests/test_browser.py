"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) through the
gateway: the map draws its basemap and data layers from map-api's vector tiles, every indicator
colours every country that has a value (checked against the API, pixel colour per country), an
indicator is picked, a country is clicked and the panel's values match the API. Fails on any
console error or any request to a host other than the gateway.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Page, Response

from .conftest import artifacts, get
from .test_auth_matrix import PASSWORD, create_admin

pytestmark = [pytest.mark.stack, pytest.mark.browser]

INDICATOR = "SL.UEM.TOTL.ZS"
ARMENIA = (44.95, 40.29)  # a point inside Armenia
TILE = re.compile(r"^/api/map/v1/tiles/WebMercatorQuad/\d+/\d+/\d+$")
TILEJSON = "/api/map/v1/tiles/WebMercatorQuad/tilejson.json"
MVT = "application/vnd.mapbox-vector-tile"
NO_DATA: tuple[int, ...] = (184, 184, 184)  # frontend/src/classify.js NO_DATA #b8b8b8


def _api_value(stack: Stack, iso3: str, year: str) -> float | None:
    url = (
        f"{stack.api_url('profiles')}/v1/indicators/{INDICATOR}/observations"
        f"?country={iso3}&year={year}"
    )
    items = json.loads(get(url)[2])["items"]
    return items[0]["value"] if items else None


def test_map_indicator_click_panel(page: Page, stack: Stack) -> None:
    page.goto(stack.gateway_url + "/", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)

    page.select_option("#indicator", INDICATOR)
    page.wait_for_function(f"location.hash.includes('indicator={INDICATOR}')", timeout=30_000)
    page.wait_for_selector("#legend li[data-class='0']", timeout=30_000)
    year = page.input_value("#year")
    href = page.get_attribute('#legend [data-testid="download-csv"]', "href")
    assert href is not None and f"year={year}" in href
    status, headers, body = get(stack.gateway_url + href)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    header = body.decode("utf-8-sig").split("\n", 1)[0].split(",")
    assert header[:6] == ["indicator_code", "country_iso3", "year", "period", "value", "unit"]
    assert "source_dataset" in header

    x, y = page.evaluate(
        "([lon, lat]) => { const p = window.__imap.map.project([lon, lat]); return [p.x, p.y]; }",
        list(ARMENIA),
    )
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)

    page.wait_for_selector('#panel[data-state="ready"]', timeout=30_000)
    assert page.inner_text('#panel [data-testid="country-name"]').strip() == "Armenia"
    cell = page.locator(f'#panel tr[data-indicator="{INDICATOR}"] td')
    expected = _api_value(stack, "ARM", year)
    assert expected is not None
    assert float(cell.get_attribute("data-value") or "nan") == pytest.approx(expected)
    assert page.locator('#panel [data-testid="initiative"]').count() >= 1
    page.screenshot(path=str(artifacts() / "map-armenia-panel.png"))


def _yearly(stack: Stack, code: str, year: str) -> dict[str, float]:
    url = f"{stack.api_url('profiles')}/v1/indicators/{code}/observations?year={year}&limit=1000"
    items = json.loads(get(url)[2])["items"]
    return {o["country_iso3"]: o["value"] for o in items if o["period"] == year}


def _yearly_values(stack: Stack, code: str, year: str) -> int:
    return len(_yearly(stack, code, year))


def _scope(stack: Stack) -> set[str]:
    items = json.loads(get(f"{stack.api_url('profiles')}/v1/countries?limit=100")[2])["items"]
    return {c["iso3"] for c in items}


def _items(stack: Stack, collection: str) -> list[dict[str, Any]]:
    url = f"{stack.api_url('map')}/v1/collections/{collection}/items?limit=1000"
    features: list[dict[str, Any]] = json.loads(get(url)[2])["features"]
    return features


def _idle(page: Page) -> None:
    """Waits until the map has drawn what it was last told to (tiles loaded, paint applied)."""
    page.evaluate(
        "() => new Promise((resolve) => {"
        " const m = window.__imap.map; m.once('idle', resolve); m.triggerRepaint(); })"
    )


def _rendered(page: Page, layer: str, key: str) -> list[str]:
    """The `key` property of every feature MapLibre drew in `layer` (deduplicated)."""
    values: list[str] = page.evaluate(
        "([layer, key]) => [...new Set(window.__imap.map"
        ".queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties[key]))]",
        [layer, key],
    )
    return values


def _rendered_fill(page: Page) -> dict[str, set[tuple[int, ...]]]:
    """ISO3 -> the fill colours MapLibre drew each Prague Process state in (one per tile piece)."""
    pieces = page.evaluate(
        """() => window.__imap.map.queryRenderedFeatures({ layers: ['countries-fill'] })
          .filter((f) => f.properties.role === 'scope')
          .map((f) => { const c = f.layer.paint['fill-color'];
            return [f.properties.iso3, [c.r, c.g, c.b].map((v) => Math.round(v * 255))]; })"""
    )
    out: dict[str, set[tuple[int, ...]]] = {}
    for iso3, rgb in pieces:
        out.setdefault(iso3, set()).add(tuple(rgb))
    return out


def _legend_classes(page: Page) -> list[tuple[float, float, tuple[int, ...]]]:
    """(min, max, swatch colour) of each class the legend shows."""
    rows = page.evaluate(
        """() => [...document.querySelectorAll('#legend li[data-min]')].map((li) => [
          Number(li.dataset.min), Number(li.dataset.max),
          getComputedStyle(li.querySelector('.swatch')).backgroundColor])"""
    )
    out = []
    for low, high, css in rows:
        rgb = tuple(int(v) for v in re.findall(r"\d+", css)[:3])
        out.append((low, high, rgb))
    return out


def _assert_choropleth(page: Page, stack: Stack, code: str, year: str, scope: set[str]) -> None:
    """Every Prague Process state is drawn; one with a value in the colour of its legend class,
    one without in the "no data" grey."""
    _idle(page)
    drawn = _rendered_fill(page)
    assert set(drawn) == scope, f"{code}: states not drawn: {sorted(scope - set(drawn))}"
    classes = _legend_classes(page)
    assert classes, code
    values = _yearly(stack, code, year)
    for iso3 in sorted(scope):
        value = values.get(iso3)
        if value is None:
            want = NO_DATA
        else:
            want = next(rgb for low, high, rgb in classes if low <= value <= high)
        assert drawn[iso3] == {want}, f"{code} {year} {iso3}={value}: {drawn[iso3]} != {want}"


def test_map_draws_basemap_and_data_layers_from_map_api_tiles(page: Page, stack: Stack) -> None:
    responses: list[Response] = []
    page.on("response", lambda r: responses.append(r))
    page.goto(stack.gateway_url + "/", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
    _idle(page)

    # The style: one vector source from map-api's TileJSON through the gateway; no glyphs, no
    # sprite (labels use the self-hosted fonts of `font-faces`).
    style = page.evaluate(
        """() => { const s = window.__imap.map.getStyle();
          return { glyphs: s.glyphs ?? null, sprite: s.sprite ?? null,
            sources: Object.values(s.sources).map((x) => [x.type, x.url ?? null]),
            fonts: Object.values(s['font-faces'] ?? {}).flat().map((f) => f.url ?? f) }; }"""
    )
    assert style["glyphs"] is None and style["sprite"] is None
    assert style["sources"] == [["vector", stack.gateway_url + TILEJSON]]
    assert style["fonts"]
    assert all(url.startswith(stack.gateway_url + "/assets/") for url in style["fonts"])
    tilejson = json.loads(get(stack.gateway_url + TILEJSON)[2])
    assert tilejson["tiles"] == [
        stack.gateway_url + "/api/map/v1/tiles/WebMercatorQuad/{z}/{y}/{x}"
    ]

    # Tiles came from map-api through the gateway, as MVT (204 for an empty tile).
    paths = {urlsplit(r.url).path: r for r in responses}
    tiles = [r for path, r in paths.items() if TILE.match(path)]
    assert len(tiles) >= 4, sorted(paths)
    assert {r.status for r in tiles} <= {200, 204}, [(r.url, r.status) for r in tiles]
    full = [r for r in tiles if r.status == 200]
    assert full and all(r.headers["content-type"] == MVT for r in full)
    assert paths[TILEJSON].status == 200
    # No GeoJSON download of the boundaries any more; the label fonts are our own files.
    assert not [p for p in paths if p.startswith("/api/map/v1/countries")]
    assert not [p for p in paths if "/collections/" in p and p.endswith("/items")]
    fonts = [r for p, r in paths.items() if re.match(r"^/assets/noto-sans-.*\.woff2$", p)]
    assert fonts and all(r.status == 200 for r in fonts)

    # Basemap: every Prague Process state drawn, in the choropleth's colours; labels placed.
    scope = _scope(stack)
    code = page.get_attribute("#legend", "data-indicator")
    year = page.get_attribute("#legend", "data-year")
    assert code and year
    _assert_choropleth(page, stack, code, year, scope)
    labels = set(_rendered(page, "country-labels", "iso3"))
    assert {"ARM", "UKR", "KAZ", "POL", "TUR"} <= labels, sorted(labels)
    assert len(labels & scope) >= 30, sorted(scope - labels)

    # Data layers: every crossing point, and every route that crosses the view, as the API has them.
    points = {f["properties"]["slug"] for f in _items(stack, "crossing-points")}
    assert points and set(_rendered(page, "crossing-points", "slug")) == points
    (west, south), (east, north) = page.evaluate("() => window.__imap.map.getBounds().toArray()")
    in_view = set()
    for f in _items(stack, "routes"):
        if f["geometry"] is None:  # a route without a line (e.g. "other") draws nothing
            continue
        coords = [pt for line in f["geometry"]["coordinates"] for pt in line]
        lons, lats = [c[0] for c in coords], [c[1] for c in coords]
        if min(lons) < east and max(lons) > west and min(lats) < north and max(lats) > south:
            in_view.add(f["properties"]["slug"])
    assert {"eastern-borders", "western-balkans", "black-sea"} <= in_view
    assert set(_rendered(page, "routes", "slug")) == in_view

    # Hovering a crossing point names it.
    medyka = next(
        f for f in _items(stack, "crossing-points") if f["properties"]["slug"] == "medyka-shehyni"
    )
    lon, lat = medyka["geometry"]["coordinates"][:2]
    x, y = page.evaluate(
        "([lon, lat]) => { const p = window.__imap.map.project([lon, lat]); return [p.x, p.y]; }",
        [lon, lat],
    )
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_selector("#tooltip:not([hidden])", timeout=10_000)
    assert medyka["properties"]["name"] in page.inner_text("#tooltip")
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)

    # The group view colours the states by Prague Process group, and is kept in the URL.
    page.select_option("#colour", "group")
    page.wait_for_selector('#legend[data-view="group"]', timeout=30_000)
    assert "colour=group" in page.evaluate("location.hash")
    _idle(page)
    colours = {rgb for pieces in _rendered_fill(page).values() for rgb in pieces}
    assert len(colours) >= 6, colours
    page.screenshot(path=str(artifacts() / "map-groups.png"))
    page.select_option("#colour", "indicator")
    page.wait_for_selector('#legend[data-view="indicator"]', timeout=30_000)
    page.screenshot(path=str(artifacts() / "map-tiles.png"))


def test_every_country_indicator_in_the_catalogue_colours_the_map(page: Page, stack: Stack) -> None:
    catalogue = json.loads(get(f"{stack.api_url('profiles')}/v1/indicators?limit=1000")[2])
    mappable = {
        i["code"] for i in catalogue["items"] if i["kind"] == "country" and i["observation_count"]
    }
    scope = _scope(stack)
    page.goto(stack.gateway_url + "/", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-map-ready="1"]', timeout=60_000)
    offered = set(page.eval_on_selector_all("#indicator option", "os => os.map(o => o.value)"))
    assert offered == mappable
    for code in sorted(mappable):
        page.select_option("#indicator", code)
        page.wait_for_selector(f'#legend[data-indicator="{code}"]', timeout=30_000)
        year = page.get_attribute("#legend", "data-year")
        assert year is not None
        count = int(page.get_attribute("#legend", "data-count") or 0)
        assert count > 0, f"{code} {year} colours no country"
        assert count == _yearly_values(stack, code, year), code
        _assert_choropleth(page, stack, code, year, scope)
    # Any year of the indicator's range can be chosen, and the map follows it.
    page.select_option("#indicator", INDICATOR)
    page.wait_for_selector(f'#legend[data-indicator="{INDICATOR}"]', timeout=30_000)
    page.select_option("#year", "2005")
    page.wait_for_selector('#legend[data-year="2005"]', timeout=30_000)
    assert int(page.get_attribute("#legend", "data-count") or 0) == _yearly_values(
        stack, INDICATOR, "2005"
    )
    _assert_choropleth(page, stack, INDICATOR, "2005", scope)


def _authorize(page: Page, stack: Stack, service: str, email: str) -> None:
    """Sign in with Swagger UI's Authorize button (OAuth2 password flow) on one service."""
    page.goto(f"{stack.gateway_url}/api/{service}/docs")
    page.click(".btn.authorize", timeout=30_000)
    page.fill("#oauth_username", email)
    page.fill("#oauth_password", PASSWORD)
    page.locator(".modal-ux .auth-container").first.locator("button.authorize").click()
    page.wait_for_selector(".modal-ux .auth-container >> text=Authorized", timeout=15_000)
    page.click(".modal-ux button.close-modal")


@pytest.mark.parametrize("service", ["profiles", "map", "toolbox", "identity"])
def test_swagger_ui_signs_in_on_every_service(page: Page, stack: Stack, service: str) -> None:
    _authorize(page, stack, service, create_admin(stack))
    assert page.locator(".btn.authorize.locked").count() == 1  # the padlock shows signed in


def test_admin_signs_in_with_swagger_ui_and_creates_an_initiative(page: Page, stack: Stack) -> None:
    _authorize(page, stack, "toolbox", create_admin(stack))

    op = page.locator("#operations-initiatives-create_initiative_v1_initiatives_post")
    op.locator(".opblock-summary").click()
    op.locator("button.try-out__btn").click()
    body = {
        "slug": "created-in-swagger-ui",
        "title_en": "Created in Swagger UI",
        "title_ru": "Создано в Swagger UI",
        "summary_en": "An admin signed in with the Authorize button.",
        "summary_ru": "Администратор вошёл через кнопку Authorize.",
        "kind": "bilateral",
        "countries": ["GEO"],
        "themes": ["legal-migration"],
        "source_url": "https://example.org/swagger",
        "source_title": "Swagger UI test",
        "owner_country": "GEO",
    }
    op.locator("textarea.body-param__text").fill(json.dumps(body))
    op.locator("button.execute").click()
    status = op.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15_000)
    assert status.inner_text().strip() == "201"
    assert op.locator(".request-url").inner_text().strip().endswith("/api/toolbox/v1/initiatives")
    page.screenshot(path=str(artifacts() / "swagger-authorized-create.png"))

"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) through the
gateway: the map renders, an indicator is picked, a country is clicked and the panel's values match
the API. Fails on any console error or any request to a host other than the gateway.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from .conftest import artifacts, get
from .test_auth_matrix import PASSWORD, create_admin

pytestmark = [pytest.mark.stack, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INDICATOR = "SL.UEM.TOTL.ZS"
ARMENIA = (44.95, 40.29)  # a point inside Armenia


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    gateway = urlsplit(stack.gateway_url).netloc

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(msg.text)

    def on_request(req: Request) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https") and parts.netloc != gateway:
            foreign.append(req.url)

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", on_request)
    yield pg
    context.close()
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"


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
    assert float(cell.get_attribute("data-value")) == pytest.approx(expected)
    assert page.locator('#panel [data-testid="initiative"]').count() >= 1
    page.screenshot(path=str(artifacts() / "map-armenia-panel.png"))


def _yearly_values(stack: Stack, code: str, year: str) -> int:
    url = f"{stack.api_url('profiles')}/v1/indicators/{code}/observations?year={year}&limit=1000"
    items = json.loads(get(url)[2])["items"]
    return len({o["country_iso3"] for o in items if o["period"] == year})


def test_every_country_indicator_in_the_catalogue_colours_the_map(page: Page, stack: Stack) -> None:
    catalogue = json.loads(get(f"{stack.api_url('profiles')}/v1/indicators?limit=1000")[2])
    mappable = {
        i["code"] for i in catalogue["items"] if i["kind"] == "country" and i["observation_count"]
    }
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
    # Any year of the indicator's range can be chosen, and the map follows it.
    page.select_option("#indicator", INDICATOR)
    page.wait_for_selector(f'#legend[data-indicator="{INDICATOR}"]', timeout=30_000)
    page.select_option("#year", "2005")
    page.wait_for_selector('#legend[data-year="2005"]', timeout=30_000)
    assert int(page.get_attribute("#legend", "data-count") or 0) == _yearly_values(
        stack, INDICATOR, "2005"
    )


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

"""Headless Chromium for the end-to-end tests (Debian's /usr/bin/chromium driven by Playwright):
the browser, and pages that fail the test on any console error or any request to a host other
than the gateway. Shared by test_browser.py and test_e2e_client.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from imapctl.stack import Stack
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

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


@contextmanager
def launch_browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def guarded_page(browser: Browser, stack: Stack, **context: Any) -> Iterator[Page]:
    """A page in a new context (`context`: Playwright's new_context options, e.g. viewport);
    on leaving, asserts that no console error was logged and no request left the gateway."""
    ctx = browser.new_context(**({"viewport": {"width": 1280, "height": 800}} | context))
    page = ctx.new_page()
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

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", on_request)
    try:
        yield page
    finally:
        ctx.close()
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"

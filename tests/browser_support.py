"""Headless Chromium for the end-to-end tests (Debian's /usr/bin/chromium driven by Playwright):
the browser, and pages that fail the test on any console error or any request to a host other
than the gateway. Shared by the browser and end-to-end tests (fixtures `browser`, `page` in
conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from imapctl.stack import Stack
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# How Chromium reports an HTTP error answer to fetch() in the console.
NETWORK_ERROR = re.compile(
    r"^Failed to load resource: the server responded with a status of (\d{3})"
)
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
def guarded_page(
    browser: Browser, stack: Stack, allow: frozenset[int] = frozenset(), **context: Any
) -> Iterator[Page]:
    """A page in a new context (`context`: Playwright's new_context options, e.g. viewport);
    on leaving, asserts that no console error was logged and no request left the gateway.

    `allow`: HTTP statuses a test provokes on purpose (a 422 from a bad form, say): Chromium's
    console report of such an answer from the gateway's `/api/` is not an error but is recorded
    in `page.reported` (a list of statuses) for the test to check."""
    ctx = browser.new_context(**({"viewport": {"width": 1280, "height": 800}} | context))
    page = ctx.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    reported: list[int] = []
    gateway = urlsplit(stack.gateway_url).netloc

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        m = NETWORK_ERROR.match(msg.text)
        where = urlsplit(msg.location.get("url", ""))
        if m and int(m[1]) in allow and where.netloc == gateway and where.path.startswith("/api/"):
            reported.append(int(m[1]))
        else:
            errors.append(f"{msg.text} ({msg.location.get('url', '')})")

    def on_request(req: Request) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https") and parts.netloc != gateway:
            foreign.append(req.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", on_request)
    page.reported = reported  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        ctx.close()
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"

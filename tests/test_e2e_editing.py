"""Signed-in editing in the client, end to end in headless Chromium through the gateway (issue 7,
item 11): an editor signs in with the form, opens an initiative, changes its English title and the
API has it; an end year before the start year shows the API's own validation message next to the
field (and changes nothing); a change someone else made meanwhile (412) is offered for reload; a
contributor sees only the records of their countries, in Russian, on a 375 px phone; signing out
forgets the token. The accounts are made through the stack's identity-api (an admin from the CLI,
then `POST /v1/users`), the records through toolbox-api's editors' API.

Chromium reports a fetch answered 4xx as a console error ("Failed to load resource: the server
responded with a status of 422"), so these pages fail on every console error except such a report
for a status the test itself provokes (401 wrong password, 412 stale, 422 invalid) on an API path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from imapctl.stack import Stack
from playwright.sync_api import Browser, Page

from .browser_support import guarded_page
from .conftest import REPO, call

pytestmark = [pytest.mark.stack, pytest.mark.browser]

PASSWORD = "editing e2e passphrase 2026"
SHOTS = REPO / "docs/screenshots"
PHONE = {"width": 375, "height": 740}


def sign_in(stack: Stack, email: str) -> str:
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    status, _, body = call("POST", stack.api_url("identity") + "/v1/token", form=form)
    assert status == 200, body
    return str(body["access_token"])


@pytest.fixture(scope="module")
def admin_token(stack: Stack) -> str:
    """A new admin made with the CLI, as an operator would, signed in."""
    email = f"admin-{uuid.uuid4().hex[:8]}@editing.test"
    env = {**os.environ, "DATABASE_URL": stack.database_url, "IMAP_ADMIN_PASSWORD": PASSWORD}
    env.pop("IDENTITY_DATABASE_URL", None)
    cli = Path(sys.executable).with_name("identity-api")
    done = subprocess.run(
        [str(cli), "create-admin", "--email", email, "--name", "Editing admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return sign_in(stack, email)


def make_user(
    stack: Stack, admin_token: str, name: str, roles: list[str], countries: list[str]
) -> dict[str, Any]:
    """An account made through identity-api's admin API."""
    user = {
        "email": f"{name.lower().replace(' ', '-')}-{uuid.uuid4().hex[:8]}@editing.test",
        "display_name": name,
        "password": PASSWORD,
        "roles": roles,
        "countries": countries,
    }
    status, _, body = call(
        "POST", stack.api_url("identity") + "/v1/users", token=admin_token, body=user
    )
    assert status == 201, body
    return {**user, "token": sign_in(stack, user["email"])}


@pytest.fixture(scope="module")
def editor(stack: Stack, admin_token: str) -> dict[str, Any]:
    return make_user(stack, admin_token, "Elena Editor", ["editor"], [])


@pytest.fixture(scope="module")
def contributor(stack: Stack, admin_token: str) -> dict[str, Any]:
    return make_user(stack, admin_token, "Aram Contributor", ["contributor"], ["ARM"])


def initiative_body(owner: str, partner: str) -> dict[str, Any]:
    return {
        "slug": f"editing-e2e-{uuid.uuid4().hex[:10]}",
        "title_en": "Editing test: circular migration pilot",
        "title_ru": "Проверка правки: пилотный проект циркулярной миграции",
        "summary_en": "A record written by the editing end-to-end test.",
        "summary_ru": "Запись, созданная сквозным тестом правки.",
        "kind": "bilateral",
        "countries": [{"iso3": owner, "role": "partner"}, {"iso3": partner, "role": "implementer"}],
        "themes": ["legal-migration"],
        "start_year": 2020,
        "end_year": 2023,
        "sources": [{"title": "Test source", "url": "https://example.org/source"}],
        "owner_country": owner,
    }


@contextmanager
def draft(
    stack: Stack, token: str, owner: str, partner: str, *, cleanup: str | None = None
) -> Iterator[dict[str, Any]]:
    """A draft initiative written through the editors' API; deleted afterwards (with the
    `cleanup` token when given: a contributor may delete only drafts)."""
    api = stack.api_url("toolbox") + "/v1/initiatives"
    status, headers, created = call("POST", api, token=token, body=initiative_body(owner, partner))
    assert status == 201, created
    try:
        yield created
    finally:
        url = f"{api}/{created['id']}"
        status, headers, _ = call("GET", url, token=cleanup or token)
        if status == 200:
            call("DELETE", url, token=cleanup or token, if_match=headers["etag"])


def read(stack: Stack, token: str, initiative_id: int) -> tuple[dict[str, Any], str]:
    status, headers, body = call(
        "GET", f"{stack.api_url('toolbox')}/v1/initiatives/{initiative_id}", token=token
    )
    assert status == 200, body
    return body, headers["etag"]


def open_view(page: Page, stack: Stack, hash_: str) -> None:
    page.goto(f"{stack.gateway_url}/#{hash_}", wait_until="domcontentloaded")
    page.wait_for_selector('body[data-view="edit"][data-view-ready="1"]', timeout=60_000)


def sign_in_with_form(page: Page, email: str, password: str) -> None:
    page.fill("#edit-email", email)
    page.fill("#edit-password", password)
    page.click("#edit-signin button[type=submit]")


def hash_params(page: Page) -> dict[str, str]:
    pairs = page.evaluate("decodeURIComponent(location.hash)").lstrip("#").split("&")
    return dict(p.split("=", 1) for p in pairs if p)


def test_editor_signs_in_edits_a_title_and_sees_the_apis_errors(
    browser: Browser, stack: Stack, editor: dict[str, Any]
) -> None:
    token = editor["token"]
    with (
        draft(stack, token, "GEO", "DEU") as record,
        guarded_page(browser, stack, allow=frozenset({401, 412, 422})) as page,
    ):
        rid = record["id"]
        open_view(page, stack, "lang=en&view=edit")
        assert page.get_attribute(".view-edit", "data-state") == "signed-out"
        assert page.inner_text("label[for=edit-email]") == "Email"
        assert page.inner_text("label[for=edit-password]") == "Password"
        assert page.inner_text('#views-nav button[data-view="edit"]') == "Edit"

        # A wrong password: identity-api's own words in the form's alert.
        sign_in_with_form(page, editor["email"], "not the password at all")
        page.wait_for_selector("#edit-signin-alert:not([hidden])", timeout=30_000)
        alert = page.inner_text("#edit-signin-alert")
        assert "The email or password is wrong" in alert, alert
        assert page.reported == [401]  # type: ignore[attr-defined]

        # Signed in: role and countries, the token in sessionStorage only, never in the URL.
        sign_in_with_form(page, editor["email"], PASSWORD)
        page.wait_for_selector('.view-edit[data-state="list"] #edit-list', timeout=30_000)
        assert page.inner_text('[data-testid="edit-roles"]') == "editor"
        assert page.inner_text('[data-testid="edit-countries"]') == "all countries"
        assert "Elena Editor" in page.inner_text('[data-testid="edit-user"]')
        stored = page.evaluate("sessionStorage.getItem('imap.edit.session')")
        the_token = json.loads(stored)["token"]
        assert the_token and the_token not in page.url
        assert page.query_selector("#edit-password") is None  # the password left with the form

        # The editor's list is every initiative the API shows an editor (drafts included).
        _, _, listed = call(
            "GET", stack.api_url("toolbox") + "/v1/initiatives?limit=1000", token=token
        )
        shown = page.eval_on_selector_all("#edit-list li", "ls => ls.map((l) => l.dataset.record)")
        assert sorted(shown) == sorted(f"initiative:{i['id']}" for i in listed["items"])

        # Open the draft: the form holds the API's values; the hash names the record only.
        page.click(f'#edit-list button[data-record="initiative:{rid}"]')
        page.wait_for_selector('.view-edit[data-state="record"]', timeout=30_000)
        assert hash_params(page) == {"lang": "en", "view": "edit", "record": f"initiative:{rid}"}
        assert page.input_value("#edit-f-title_en") == record["title_en"]
        assert page.input_value("#edit-f-title_ru") == record["title_ru"]
        assert page.input_value("#edit-f-start_year") == "2020"
        assert page.input_value("#edit-f-end_year") == "2023"
        assert [
            b.get_attribute("data-action") for b in page.query_selector_all("[data-action]")
        ] == ["submit", "publish"]

        # Change the English title and save: the API has it, the form shows the new version.
        new_title = "Editing test: circular migration pilot, renamed"
        page.fill("#edit-f-title_en", new_title)
        page.click("#edit-save")
        page.wait_for_selector("#edit-notice", timeout=30_000)
        after, etag = read(stack, token, rid)
        assert after["title_en"] == new_title
        assert after["version"] == record["version"] + 1
        assert page.inner_text("#edit-notice") == f"Saved: version {after['version']}."
        assert page.get_attribute("#edit-meta", "data-version") == str(after["version"])
        assert page.input_value("#edit-f-title_en") == new_title
        page.evaluate("document.querySelector('#view-panel').scrollTop = 0")
        page.screenshot(path=str(SHOTS / "edit.png"))

        # An end year before the start year: the API's message next to the field, the summary
        # focused, nothing changed in the API.
        page.fill("#edit-f-end_year", "2015")
        page.click("#edit-save")
        page.wait_for_selector("#edit-e-end_year", timeout=30_000)
        status, _, problem = call(
            "PUT",
            f"{stack.api_url('toolbox')}/v1/initiatives/{rid}",
            token=token,
            if_match=etag,
            body={**initiative_body("GEO", "DEU"), "slug": after["slug"], "end_year": 2015},
        )
        assert status == 422 and problem["errors"][0]["field"] == "body.end_year", problem
        reason = problem["errors"][0]["reason"].removeprefix("Value error, ")
        assert page.inner_text("#edit-e-end_year") == reason
        assert page.get_attribute("#edit-f-end_year", "aria-invalid") == "true"
        assert page.get_attribute("#edit-f-end_year", "aria-describedby") == "edit-e-end_year"
        assert page.evaluate("document.activeElement.id") == "edit-summary"
        assert reason in page.inner_text("#edit-summary")
        assert page.inner_text("#edit-summary h3") == "The change was not saved"
        unchanged, _ = read(stack, token, rid)
        assert unchanged["end_year"] == 2023 and unchanged["version"] == after["version"]
        page.click('#edit-summary button[data-field="end_year"]')
        assert page.evaluate("document.activeElement.id") == "edit-f-end_year"
        page.screenshot(path=str(SHOTS / "edit-error.png"))

        # In Russian the form keeps what was typed and the API's message (which is English only).
        page.click("#lang-ru")
        page.wait_for_selector('.view-edit[data-lang="ru"]')
        assert page.inner_text("label[for=edit-f-end_year]") == "Год окончания"
        assert page.inner_text("#edit-summary h3") == "Изменение не сохранено"
        assert page.input_value("#edit-f-end_year") == "2015"
        assert page.inner_text("#edit-e-end_year") == reason
        page.click("#lang-en")
        page.wait_for_selector('.view-edit[data-lang="en"]')

        # Someone else changes the record meanwhile: 412, and a reload shows their version.
        theirs = {**initiative_body("GEO", "DEU"), "slug": after["slug"]}
        theirs["title_en"] = "Changed by someone else"
        status, _, _ = call(
            "PUT",
            f"{stack.api_url('toolbox')}/v1/initiatives/{rid}",
            token=token,
            if_match=etag,
            body=theirs,
        )
        assert status == 200
        page.fill("#edit-f-end_year", "2024")
        page.click("#edit-save")
        page.wait_for_selector("#edit-stale", timeout=30_000)
        assert page.evaluate("document.activeElement.id") == "edit-stale"
        assert read(stack, token, rid)[0]["end_year"] == 2023  # our change was not applied
        page.click("#edit-reload")
        page.wait_for_function(
            "() => document.querySelector('#edit-f-title_en')?.value === 'Changed by someone else'",
            timeout=30_000,
        )
        assert page.query_selector("#edit-stale") is None
        assert sorted(set(page.reported)) == [401, 412, 422]  # type: ignore[attr-defined]

        # Back through the language switches to the list, forward to the record, no reload.
        page.go_back()
        page.wait_for_selector('.view-edit[data-lang="ru"][data-state="record"]', timeout=30_000)
        assert hash_params(page)["record"] == f"initiative:{rid}"
        page.go_back()
        page.wait_for_selector('.view-edit[data-lang="en"][data-state="record"]', timeout=30_000)
        page.go_back()
        page.wait_for_selector('.view-edit[data-state="list"]', timeout=30_000)
        assert "record" not in hash_params(page)
        page.go_forward()
        page.wait_for_selector(f'.view-edit[data-record="initiative:{rid}"][data-state="record"]')
        assert page.input_value("#edit-f-title_en") == "Changed by someone else"

        # Sign out: the form again, the token forgotten.
        page.click("#edit-signout")
        page.wait_for_selector('.view-edit[data-state="signed-out"]')
        assert page.evaluate("sessionStorage.getItem('imap.edit.session')") is None
        assert "record" not in hash_params(page)


def test_contributor_sees_only_their_countries_in_russian_on_a_phone(
    browser: Browser, stack: Stack, contributor: dict[str, Any], editor: dict[str, Any]
) -> None:
    token = contributor["token"]
    _, _, armenia = call("GET", stack.api_url("profiles") + "/v1/countries/ARM")
    with (
        draft(stack, token, "ARM", "DEU", cleanup=editor["token"]) as own,
        guarded_page(browser, stack, viewport=PHONE) as page,
    ):
        open_view(page, stack, "lang=ru&view=edit")
        assert page.inner_text("label[for=edit-email]") == "Электронная почта"
        assert page.inner_text("label[for=edit-password]") == "Пароль"
        assert page.inner_text("#edit-signin button[type=submit]") == "Войти"
        assert page.inner_text('#views-nav button[data-view="edit"]') == "Правка"

        sign_in_with_form(page, contributor["email"], PASSWORD)
        page.wait_for_selector('.view-edit[data-state="list"] #edit-list', timeout=30_000)
        assert page.inner_text('[data-testid="edit-roles"]') == "участник"
        assert page.inner_text('[data-testid="edit-countries"]') == armenia["name_ru"]

        # Only records Armenia maintains: exactly those the API shows this contributor.
        _, _, visible = call(
            "GET", stack.api_url("toolbox") + "/v1/initiatives?limit=1000", token=token
        )
        theirs = {f"initiative:{i['id']}" for i in visible["items"] if i["owner_country"] == "ARM"}
        rows = page.eval_on_selector_all(
            "#edit-list li", "ls => ls.map((l) => [l.dataset.record, l.dataset.owner])"
        )
        assert {r for r, _ in rows} == theirs
        assert all(owner == "ARM" for _, owner in rows)
        assert f"initiative:{own['id']}" in theirs
        # Records Armenia only takes part in (another state maintains them) are not listed.
        partaking = [
            i
            for i in visible["items"]
            if i["owner_country"] != "ARM" and any(c["iso3"] == "ARM" for c in i["countries"])
        ]
        assert partaking, "the seed has initiatives Armenia takes part in"
        assert not {f"initiative:{i['id']}" for i in partaking} & {r for r, _ in rows}
        own_button = f'#edit-list button[data-record="initiative:{own["id"]}"]'
        assert page.inner_text(own_button) == "Править"
        published = [
            i
            for i in visible["items"]
            if i["owner_country"] == "ARM" and i["status"] == "published"
        ]
        for item in published[:3]:
            button = f'#edit-list button[data-record="initiative:{item["id"]}"]'
            assert page.inner_text(button) == "Открыть"
        count = int(page.get_attribute("#edit-count", "data-count") or "0")
        assert count == len(theirs)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # Their draft: Russian labels, the move a contributor may make (submit), nothing sideways.
        page.click(own_button)
        page.wait_for_selector('.view-edit[data-state="record"]', timeout=30_000)
        assert page.inner_text("label[for=edit-f-title_en]") == "Название (английский)"
        assert page.inner_text("label[for=edit-f-end_year]") == "Год окончания"
        assert page.inner_text("#edit-save") == "Сохранить"
        actions = page.eval_on_selector_all("[data-action]", "bs => bs.map((b) => b.innerText)")
        assert actions == ["Отправить на проверку"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        page.screenshot(path=str(SHOTS / "edit-phone.png"))

        # Submitting it (with If-Match): the API has it submitted, the form is read-only now.
        page.click('[data-action="submit"]')
        page.wait_for_selector("#edit-notice", timeout=30_000)
        submitted, _ = read(stack, token, own["id"])
        assert submitted["status"] == "submitted"
        assert page.inner_text("#edit-notice") == (
            f"Готово: состояние записи — на проверке (версия {submitted['version']})."
        )
        assert page.get_attribute("#edit-meta", "data-status") == "submitted"
        assert page.is_disabled("#edit-f-title_en") and page.is_disabled("#edit-save")
        assert "на проверке" in page.inner_text("#edit-readonly")
        assert page.query_selector("[data-action]") is None

        page.click("#edit-signout")
        page.wait_for_selector('.view-edit[data-state="signed-out"]')
        assert page.inner_text("#edit-signin-alert") == "Вы вышли."
        assert page.evaluate("sessionStorage.getItem('imap.edit.session')") is None


def test_editor_edits_routes_and_sees_map_apis_field_error(
    browser: Browser, stack: Stack, editor: dict[str, Any]
) -> None:
    token = editor["token"]
    status, _, routes = call("GET", stack.api_url("map") + "/v1/routes?limit=100", token=token)
    assert status == 200 and routes["features"], routes
    with guarded_page(browser, stack, allow=frozenset({422})) as page:
        open_view(page, stack, "lang=en&view=edit")
        sign_in_with_form(page, editor["email"], PASSWORD)
        page.wait_for_selector('.view-edit[data-state="list"] #edit-list', timeout=30_000)
        page.select_option("#edit-kind", "route")
        page.wait_for_selector('#edit-list li[data-record^="route:"]', timeout=30_000)
        assert hash_params(page)["kind"] == "route"
        shown = page.eval_on_selector_all("#edit-list li", "ls => ls.map((l) => l.dataset.record)")
        assert sorted(shown) == sorted(f"route:{f['id']}" for f in routes["features"])

        route = routes["features"][0]
        page.click(f'#edit-list button[data-record="route:{route["id"]}"]')
        page.wait_for_selector('.view-edit[data-state="record"]', timeout=30_000)
        props = route["properties"]
        assert page.input_value("#edit-f-name_en") == props["name_en"]
        assert page.input_value("#edit-f-valid_from") == props["valid_from"]
        page.fill("#edit-f-valid_to", "1901-01-01")  # before the route's first day
        page.click("#edit-save")
        page.wait_for_selector("#edit-e-valid_to", timeout=30_000)
        # map-api names the property itself: body.properties.valid_to.
        status, _, problem = call(
            "PATCH",
            f"{stack.api_url('map')}/v1/routes/{route['id']}",
            token=token,
            if_match=f'W/"{props["version"]}"',
            body={"type": "Feature", "properties": {"valid_to": "1901-01-01"}},
        )
        assert status == 422, problem
        error = next(e for e in problem["errors"] if e["field"] == "body.properties.valid_to")
        assert page.inner_text("#edit-e-valid_to") == error["reason"]
        assert page.evaluate("document.activeElement.id") == "edit-summary"
        _, _, again = call("GET", f"{stack.api_url('map')}/v1/routes/{route['id']}", token=token)
        assert again["properties"]["version"] == props["version"]
        assert again["properties"]["valid_to"] == props["valid_to"]
        assert page.reported == [422]  # type: ignore[attr-defined]

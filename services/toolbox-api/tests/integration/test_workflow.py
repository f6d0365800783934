"""Initiatives under the editorial workflow: who may create, edit, move and see what; ETags;
versions and diffs; the audit log. Tokens come from a test issuer the app trusts via its JWKS."""

from typing import Any

from httpx import AsyncClient

NEW: dict[str, Any] = {
    "slug": "georgia-test-circular-migration",
    "title_en": "Test circular migration scheme",
    "title_ru": "Тестовая схема циркулярной миграции",
    "summary_en": "A test record written by the workflow tests.",
    "summary_ru": "Тестовая запись.",
    "kind": "bilateral",
    "countries": ["GEO", "DEU"],
    "themes": ["legal-migration"],
    "start_year": 2024,
    "source_url": "https://example.org/source",
    "source_title": "Test source",
    "owner_country": "GEO",
}


async def _create(client: AsyncClient, headers: dict[str, str], **over: Any) -> dict[str, Any]:
    res = await client.post("/v1/initiatives", json={**NEW, **over}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


async def _step(client, item, action, headers, comment=None):
    return await client.post(
        f"/v1/initiatives/{item['id']}/transitions",
        json={"action": action, "comment": comment},
        headers={**headers, "If-Match": f'W/"{item["version"]}"'},
    )


async def test_contributor_drafts_submits_editor_publishes(client: AsyncClient, as_) -> None:
    georgia = as_("contributor", countries=("GEO",))
    draft = await _create(client, georgia)
    assert draft["status"] == "draft" and draft["version"] == 1
    url = f"/v1/initiatives/{draft['id']}"

    assert (await client.get(url)).status_code == 404  # the public cannot see drafts
    armenia = as_("contributor", countries=("ARM",))
    assert (await client.get(url, headers=armenia)).status_code == 404
    assert (await client.get(url, headers=georgia)).status_code == 200

    submitted = await _step(client, draft, "submit", georgia)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    refused = await _step(client, submitted.json(), "publish", georgia)
    assert refused.status_code == 403
    published = await _step(client, submitted.json(), "publish", as_("editor"))
    assert published.json()["status"] == "published"

    public = await client.get(url)
    assert public.status_code == 200 and public.headers["etag"] == 'W/"3"'
    listed = (await client.get("/v1/initiatives", params={"country": "GEO", "limit": 100})).json()
    assert draft["id"] in {i["id"] for i in listed["items"]}


async def test_contributor_cannot_act_for_another_country(client: AsyncClient, as_) -> None:
    georgia = as_("contributor", countries=("GEO",))
    res = await client.post(
        "/v1/initiatives", json={**NEW, "owner_country": "ARM"}, headers=georgia
    )
    assert res.status_code == 403
    assert res.headers["content-type"] == "application/problem+json"
    armenian = await _create(
        client, as_("contributor", countries=("ARM",)), owner_country="ARM", countries=["ARM"]
    )
    edit = await client.put(
        f"/v1/initiatives/{armenian['id']}",
        json={**NEW, "owner_country": "ARM", "countries": ["ARM"]},
        headers={**georgia, "If-Match": 'W/"1"'},
    )
    assert edit.status_code == 404  # not even visible to Georgia's contributor


async def test_writes_need_a_signed_in_writer(client: AsyncClient, as_, issuer) -> None:
    assert (await client.post("/v1/initiatives", json=NEW)).status_code == 401
    expired = issuer.headers("editor", expires_in=-3600)
    res = await client.post("/v1/initiatives", json=NEW, headers=expired)
    assert res.status_code == 401 and "expired" in res.json()["detail"]
    forged = issuer.headers("admin", wrong_key=True)
    assert (await client.post("/v1/initiatives", json=NEW, headers=forged)).status_code == 401
    partner = as_("partner", countries=("GEO",))
    assert (await client.post("/v1/initiatives", json=NEW, headers=partner)).status_code == 403
    granted = issuer.headers("partner", countries=("GEO",), scope="toolbox:write")
    assert (await client.post("/v1/initiatives", json=NEW, headers=granted)).status_code == 201


async def test_if_match_is_required_and_races_are_detected(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    item = await _create(client, editor)
    url = f"/v1/initiatives/{item['id']}"
    missing = await client.put(url, json=NEW, headers=editor)
    assert missing.status_code == 428
    first = await client.put(
        url, json={**NEW, "title_en": "First editor"}, headers={**editor, "If-Match": 'W/"1"'}
    )
    second = await client.put(
        url, json={**NEW, "title_en": "Second editor"}, headers={**editor, "If-Match": 'W/"1"'}
    )
    assert first.status_code == 200 and second.status_code == 412
    assert (await client.get(url, headers=editor)).json()["title_en"] == "First editor"


async def test_versions_and_diff(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    item = await _create(client, editor)
    url = f"/v1/initiatives/{item['id']}"
    await client.put(
        url, json={**NEW, "title_en": "Renamed"}, headers={**editor, "If-Match": 'W/"1"'}
    )
    versions = (await client.get(f"{url}/versions", headers=editor)).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["author"].startswith("user:1")
    diff = (await client.get(f"{url}/diff", params={"from": 1, "to": 2}, headers=editor)).json()
    assert diff["changes"] == [{"field": "title_en", "before": NEW["title_en"], "after": "Renamed"}]
    assert (await client.get(f"{url}/versions")).status_code == 404  # draft: hidden history


async def test_restricted_records_are_invisible_to_the_public(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    item = await _create(client, editor, access="restricted")
    item = (await _step(client, item, "publish", editor)).json()
    before = (await client.get("/v1/initiatives", params={"limit": 1})).json()["total"]
    assert (await client.get(f"/v1/initiatives/{item['id']}")).status_code == 404
    partner = as_("partner")
    assert (await client.get(f"/v1/initiatives/{item['id']}", headers=partner)).status_code == 200
    signed_in = (await client.get("/v1/initiatives", params={"limit": 1}, headers=partner)).json()
    assert signed_in["total"] == before + 1


async def test_return_needs_a_comment_and_audit_keeps_every_write(client: AsyncClient, as_) -> None:
    georgia, editor = as_("contributor", countries=("GEO",)), as_("editor")
    item = (await _step(client, await _create(client, georgia), "submit", georgia)).json()
    no_comment = await _step(client, item, "return", editor)
    assert no_comment.status_code == 422
    assert no_comment.json()["errors"][0]["field"] == "body.comment"
    returned = await _step(client, item, "return", editor, comment="Add the source's date.")
    assert returned.json()["status"] == "draft"

    params = {"record_type": "initiative", "record_id": str(item["id"])}
    assert (await client.get("/v1/audit", params=params)).status_code == 401
    assert (await client.get("/v1/audit", params=params, headers=editor)).status_code == 403
    log = (await client.get("/v1/audit", params=params, headers=as_("admin"))).json()
    assert [e["action"] for e in log["items"]] == ["return", "submit", "create"]
    assert log["items"][0]["before"]["status"] == "submitted"
    assert log["items"][0]["after"]["status"] == "draft"


async def test_bad_content_is_a_422_naming_the_field(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    res = await client.post(
        "/v1/initiatives", json={**NEW, "themes": ["no-such-theme"]}, headers=editor
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "body.themes.0"
    res = await client.post("/v1/initiatives", json={**NEW, "countries": ["ZZZ"]}, headers=editor)
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "body.countries.0.iso3"
    res = await client.post("/v1/initiatives", json={**NEW, "end_year": 2000}, headers=editor)
    assert res.status_code == 422


async def test_delete_keeps_history(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    item = await _create(client, editor)
    url = f"/v1/initiatives/{item['id']}"
    assert (await client.delete(url, headers=editor)).status_code == 428
    assert (await client.delete(url, headers={**editor, "If-Match": 'W/"1"'})).status_code == 204
    assert (await client.get(url, headers=editor)).status_code == 404
    log = (
        await client.get("/v1/audit", params={"record_id": str(item["id"])}, headers=as_("admin"))
    ).json()
    assert [e["action"] for e in log["items"]] == ["delete", "create"]


async def test_wrong_method_lists_the_allowed_ones(client: AsyncClient) -> None:
    res = await client.request("PATCH", "/v1/initiatives/1")
    assert res.status_code == 405
    assert res.headers["allow"] == "DELETE, GET, PUT"


async def test_exports_respect_access_tiers(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    item = await _create(client, editor, access="restricted", slug="restricted-export-test")
    await _step(client, item, "publish", editor)
    params = {"format": "csv", "limit": 1000}
    public = (await client.get("/v1/initiatives", params=params)).content.decode("utf-8-sig")
    signed_in = (await client.get("/v1/initiatives", params=params, headers=as_("partner"))).content
    assert "restricted-export-test" not in public
    assert "restricted-export-test" in signed_in.decode("utf-8-sig")

"""Practices: the seeded ones, linked to their initiatives; writes under the workflow; a practice
must name initiatives that exist; an initiative in use cannot be deleted."""

from typing import Any

from httpx import AsyncClient
from toolbox_api.seed import practice_rows

PRACTICE: dict[str, Any] = {
    "slug": "practice-test-orientation",
    "title_en": "Pre-departure orientation (test)",
    "title_ru": "Предотъездная подготовка (тест)",
    "what_en": "A two-day course before departure.",
    "what_ru": "Двухдневный курс перед отъездом.",
    "conditions_en": "A public recruitment channel.",
    "conditions_ru": "Государственный канал набора.",
    "evidence": "reported",
    "evidence_note_en": "The implementer's report.",
    "evidence_note_ru": "Отчёт исполнителя.",
    "transferability_en": "Needs a recruitment channel.",
    "transferability_ru": "Нужен канал набора.",
    "countries": ["GEO"],
    "themes": ["legal-migration"],
    "corridors": [{"from": "GEO", "to": "DEU"}],
    "routes": [],
    "sources": [{"title": "Report", "url": "https://example.org/report"}],
}
INITIATIVE: dict[str, Any] = {
    "slug": "practice-test-initiative",
    "title_en": "Initiative behind a practice (test)",
    "title_ru": "Инициатива (тест)",
    "summary_en": "Test.",
    "summary_ru": "Тест.",
    "kind": "bilateral",
    "countries": [{"iso3": "GEO", "role": "partner"}],
    "themes": ["legal-migration"],
    "sources": [{"title": "Source", "url": "https://example.org/i"}],
}


async def _published_initiative(client: AsyncClient) -> dict[str, Any]:
    return (await client.get("/v1/initiatives", params={"country": "GEO", "limit": 1})).json()[
        "items"
    ][0]


async def test_seeded_practices_strongest_evidence_first(client: AsyncClient) -> None:
    body = (await client.get("/v1/practices", params={"limit": 1000})).json()
    assert body["total"] == len(practice_rows()) >= 15
    ranks = [p["evidence_rank"] for p in body["items"]]
    assert ranks == sorted(ranks)
    first = body["items"][0]
    assert first["initiatives"] and first["sources"] and first["countries"]
    one = await client.get(f"/v1/practices/{first['id']}")
    assert one.status_code == 200 and one.headers["etag"] == f'W/"{first["version"]}"'
    assert one.json()["html"]["what_en"].startswith("<p>")
    linked = first["initiatives"][0]["id"]
    detail = (await client.get(f"/v1/initiatives/{linked}")).json()
    assert first["id"] in {p["id"] for p in detail["practices"]}
    by_initiative = await client.get("/v1/practices", params={"initiative": linked})
    assert first["id"] in {p["id"] for p in by_initiative.json()["items"]}
    evaluated = await client.get("/v1/practices", params={"evidence": "evaluated"})
    assert {p["evidence"] for p in evaluated.json()["items"]} <= {"evaluated"}


async def test_a_contributor_drafts_a_practice_an_editor_publishes(
    client: AsyncClient, as_
) -> None:
    georgia, editor = as_("contributor", countries=("GEO",)), as_("editor")
    initiative = await _published_initiative(client)
    res = await client.post(
        "/v1/practices", json={**PRACTICE, "initiatives": [initiative["slug"]]}, headers=georgia
    )
    assert res.status_code == 201, res.text
    made = res.json()
    assert made["status"] == "draft" and made["owner_country"] == "GEO"
    assert made["initiatives"][0]["slug"] == initiative["slug"]
    url = f"/v1/practices/{made['id']}"
    assert (await client.get(url)).status_code == 404
    armenia = as_("contributor", countries=("ARM",))
    assert (await client.get(url, headers=armenia)).status_code == 404
    submitted = await client.post(
        f"{url}/transitions", json={"action": "submit"}, headers={**georgia, "If-Match": 'W/"1"'}
    )
    assert submitted.status_code == 200
    published = await client.post(
        f"{url}/transitions", json={"action": "publish"}, headers={**editor, "If-Match": 'W/"2"'}
    )
    assert published.json()["status"] == "published"
    assert (await client.get(url)).status_code == 200
    edit = await client.put(
        url,
        json={**PRACTICE, "initiatives": [initiative["slug"]], "evidence": "evaluated"},
        headers={**georgia, "If-Match": 'W/"3"'},
    )
    assert edit.status_code == 403  # contributors edit drafts only
    versions = (await client.get(f"{url}/versions")).json()
    assert [v["version"] for v in versions] == [3, 2, 1]
    assert versions[-1]["snapshot"]["initiatives"] == [initiative["slug"]]


async def test_a_practice_needs_initiatives_that_exist(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    before = (await client.get("/v1/practices", params={"limit": 1}, headers=editor)).json()
    res = await client.post(
        "/v1/practices", json={**PRACTICE, "initiatives": ["no-such-initiative"]}, headers=editor
    )
    assert res.status_code == 422
    assert res.json()["errors"] == [
        {"field": "body.initiatives.0", "reason": "no such initiative",
         "value": "no-such-initiative"}
    ]  # fmt: skip
    res = await client.post("/v1/practices", json={**PRACTICE, "initiatives": []}, headers=editor)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "body.initiatives"
    after = (await client.get("/v1/practices", params={"limit": 1}, headers=editor)).json()
    assert after["total"] == before["total"]


async def test_a_hidden_initiative_cannot_be_linked_or_seen(client: AsyncClient, as_) -> None:
    armenia, editor = as_("contributor", countries=("ARM",)), as_("editor")
    draft = (
        await client.post(
            "/v1/initiatives",
            json={**INITIATIVE, "countries": [{"iso3": "ARM"}], "slug": "practice-test-arm-draft"},
            headers=armenia,
        )
    ).json()
    georgia = as_("contributor", countries=("GEO",))
    res = await client.post(
        "/v1/practices", json={**PRACTICE, "initiatives": [draft["slug"]]}, headers=georgia
    )
    assert res.status_code == 422 and res.json()["errors"][0]["reason"] == "no such initiative"
    made = await client.post(
        "/v1/practices", json={**PRACTICE, "initiatives": [draft["slug"]]}, headers=editor
    )
    practice = made.json()
    await client.post(
        f"/v1/practices/{practice['id']}/transitions",
        json={"action": "publish"},
        headers={**editor, "If-Match": 'W/"1"'},
    )
    public = (await client.get(f"/v1/practices/{practice['id']}")).json()
    assert public["initiatives"] == []  # the draft initiative stays hidden
    own = (await client.get(f"/v1/practices/{practice['id']}", headers=armenia)).json()
    assert [i["slug"] for i in own["initiatives"]] == [draft["slug"]]


async def test_an_initiative_in_use_cannot_be_deleted(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    initiative = (await client.post("/v1/initiatives", json=INITIATIVE, headers=editor)).json()
    practice = (
        await client.post(
            "/v1/practices", json={**PRACTICE, "initiatives": [INITIATIVE["slug"]]}, headers=editor
        )
    ).json()
    gone = await client.delete(
        f"/v1/initiatives/{initiative['id']}", headers={**editor, "If-Match": 'W/"1"'}
    )
    assert gone.status_code == 409 and PRACTICE["slug"] in gone.json()["detail"]
    deleted = await client.delete(
        f"/v1/practices/{practice['id']}", headers={**editor, "If-Match": 'W/"1"'}
    )
    assert deleted.status_code == 204
    gone = await client.delete(
        f"/v1/initiatives/{initiative['id']}", headers={**editor, "If-Match": 'W/"1"'}
    )
    assert gone.status_code == 204


async def test_bad_practice_content_names_the_field(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    slug = (await _published_initiative(client))["slug"]
    cases = [
        ({"countries": ["ZZZ"]}, "body.countries.0"),
        ({"themes": ["nope"]}, "body.themes.0"),
        ({"evidence": "anecdotal"}, "body.evidence"),
        ({"routes": ["nowhere"]}, "body.routes.0"),
        ({"what_en": "<iframe src=https://evil.example>"}, "body.what_en"),
        ({"owner_country": "DEU"}, "body.owner_country"),
        ({"initiatives": [slug, slug]}, "body.initiatives.1"),
    ]
    for change, field in cases:
        res = await client.post(
            "/v1/practices", json={**PRACTICE, "initiatives": [slug], **change}, headers=editor
        )
        assert res.status_code == 422, (change, res.text)
        assert field in {e["field"] for e in res.json()["errors"]}, (change, res.text)


async def test_practice_lists_as_csv(client: AsyncClient) -> None:
    res = await client.get("/v1/practices", params={"format": "csv"})
    header = res.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("id,slug,title_en,title_ru,evidence,initiatives,countries")

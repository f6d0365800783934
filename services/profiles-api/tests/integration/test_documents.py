"""Profile documents under the editorial workflow: access, ETags, validation, editions and diffs."""

from typing import Any

from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer

UZB = "/v1/countries/UZB/profile-document"  # no seeded document: each test starts from nothing
PROBLEM = "application/problem+json"


def section(part: str, text: str = "Text", **extra: Any) -> dict[str, Any]:
    return {"part": part, "body_en": f"{text} (en)", "body_ru": f"{text} (ru)", **extra}


def document(*sections: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"sections": list(sections) or [section("A")], **extra}


def problem(res: Response, status: int) -> dict[str, Any]:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == PROBLEM
    body = res.json()
    assert body["status"] == status
    return body


async def create(client: AsyncClient, headers: dict[str, str], **extra: Any) -> Response:
    res = await client.put(UZB, json=document(**extra), headers=headers)
    assert res.status_code == 201, res.text
    return res


async def step(
    client: AsyncClient, headers: dict[str, str], action: str, comment: str | None = None
) -> Response:
    etag = (await client.get(UZB, headers=headers)).headers["etag"]
    return await client.post(
        f"{UZB}/transitions",
        json={"action": action, "comment": comment},
        headers={**headers, "If-Match": etag},
    )


async def test_workflow_publishes_editions_and_diffs_them(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    uzbek = issuer.headers("contributor", countries=("UZB",))
    editor = issuer.headers("editor")
    res = await create(client, uzbek, sections=[section("B3", "Labour"), section("A", "Patterns")])
    assert res.headers["etag"] == 'W/"1"'
    assert res.headers["location"].endswith("/v1/countries/UZB/profile-document")
    created = res.json()
    assert created["status"] == "draft" and created["latest_edition"] is None
    assert [s["part"] for s in created["sections"]] == ["A", "B3"]  # template order
    assert created["sections"][1]["title_ru"] == "Рынок труда"  # template title by default
    assert created["title_en"] == "Extended Migration Profile: Uzbekistan"

    submitted = await step(client, uzbek, "submit")
    assert submitted.status_code == 200 and submitted.json()["document"]["status"] == "submitted"
    problem(await step(client, uzbek, "publish"), 403)  # contributors do not publish
    published = await step(client, editor, "publish", "First edition")
    assert published.status_code == 200, published.text
    result = published.json()
    assert result["document"]["status"] == "published"
    assert result["edition"]["edition"] == 1
    assert [s["part"] for s in result["edition"]["sections"]] == ["A", "B3"]
    assert result["document"]["latest_edition"] == 1

    # A contributor edit of the published working copy starts the next draft; readers still see
    # edition 1 until the next publish.
    etag = published.headers["etag"]
    edit = await client.put(
        f"{UZB}/sections/b3",
        json={"body_en": "Labour, revised.\nSecond line.", "body_ru": "Труд, новая редакция."},
        headers={**uzbek, "If-Match": etag},
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["status"] == "draft"
    assert (await client.get(UZB)).status_code == 404  # the working copy is a draft again
    readable = await client.get("/v1/countries/UZB/profile/editions")
    assert [e["edition"] for e in readable.json()["items"]] == [1]

    add = await client.put(
        f"{UZB}/sections/C4",
        json={"body_en": "Remittances.", "body_ru": "Переводы."},
        headers={**uzbek, "If-Match": edit.headers["etag"]},
    )
    gone = await client.delete(
        f"{UZB}/sections/A", headers={**uzbek, "If-Match": add.headers["etag"]}
    )
    assert gone.status_code == 204 and gone.headers["etag"] == 'W/"6"'
    second = await step(client, editor, "publish")
    assert second.json()["edition"]["edition"] == 2

    editions = (await client.get("/v1/countries/UZB/profile/editions")).json()
    assert [e["edition"] for e in editions["items"]] == [2, 1] and editions["total"] == 2
    assert editions["items"][0]["published_by"].startswith("user:1")
    diff = (await client.get("/v1/countries/UZB/profile/editions/2/diff")).json()
    assert diff["against"] == 1
    changes = {c["part"]: c for c in diff["sections"]}
    assert {p: c["change"] for p, c in changes.items()} == {
        "A": "removed",
        "B3": "changed",
        "C4": "added",
    }
    assert changes["B3"]["fields"] == ["body_en", "body_ru"]
    assert "-Labour (en)" in changes["B3"]["diff_en"]
    assert "+Labour, revised." in changes["B3"]["diff_en"]
    assert "+Труд, новая редакция." in changes["B3"]["diff_ru"]
    first = (await client.get("/v1/countries/UZB/profile/editions/1/diff")).json()
    assert first["against"] is None and {c["change"] for c in first["sections"]} == {"added"}
    problem(await client.get("/v1/countries/UZB/profile/editions/1/diff?against=2"), 422)
    problem(await client.get("/v1/countries/UZB/profile/editions/3"), 404)

    # every write kept a version; the version diff names the section that changed
    versions = (await client.get(f"{UZB}/versions", headers=editor)).json()
    assert [v["version"] for v in versions] == [7, 6, 5, 4, 3, 2, 1]
    vdiff = (await client.get(f"{UZB}/diff?from=3&to=4", headers=editor)).json()
    assert [c["field"] for c in vdiff["changes"]] == ["sections.B3", "status"]
    log = await client.get(
        "/v1/audit", params={"record_id": "UZB"}, headers=issuer.headers("admin")
    )
    actions = [e["action"] for e in log.json()["items"]]
    assert actions == [
        "publish", "delete_section", "put_section", "put_section", "publish", "submit", "create"
    ]  # fmt: skip


async def test_drafts_are_visible_only_to_the_country_and_editors(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    uzbek = issuer.headers("contributor", countries=("UZB",))
    await create(client, uzbek, access="restricted")
    armenian = issuer.headers("contributor", countries=("ARM",))
    for headers in ({}, armenian, issuer.headers("partner")):
        problem(await client.get(UZB, headers=headers), 404)
        problem(await client.get(f"{UZB}/versions", headers=headers), 404)
    assert (await client.get(UZB, headers=uzbek)).status_code == 200
    assert (await client.get(UZB, headers=issuer.headers("editor"))).status_code == 200
    # another country's contributor may not write it, whatever its state
    res = await client.put(UZB, json=document(), headers={**armenian, "If-Match": 'W/"1"'})
    assert "UZB" in problem(res, 403)["detail"]

    # published restricted: signed-in callers read it and its edition, anonymous callers do not
    assert (await step(client, issuer.headers("editor"), "publish")).status_code == 200
    problem(await client.get(UZB), 404)
    assert (await client.get("/v1/countries/UZB/profile/editions")).json()["total"] == 0
    problem(await client.get("/v1/countries/UZB/profile/editions/1"), 404)
    assert (await client.get(UZB, headers=armenian)).status_code == 200
    edition = await client.get("/v1/countries/UZB/profile/editions/1", headers=armenian)
    assert edition.status_code == 200 and edition.json()["access"] == "restricted"

    # withdrawn: editions hidden from readers, kept for the country's writers
    assert (await step(client, issuer.headers("editor"), "withdraw")).status_code == 200
    problem(await client.get("/v1/countries/UZB/profile/editions/1", headers=armenian), 404)
    assert (
        await client.get("/v1/countries/UZB/profile/editions/1", headers=uzbek)
    ).status_code == 200


async def test_etags_guard_every_write(client: AsyncClient, issuer: TestIssuer) -> None:
    editor = issuer.headers("editor")
    missing = await client.put(UZB, json=document(), headers={**editor, "If-Match": 'W/"1"'})
    assert "no profile document" in problem(missing, 412)["detail"]
    res = await client.put(UZB, json=document(), headers={**editor, "If-None-Match": "*"})
    assert res.status_code == 201
    problem(await client.put(UZB, json=document(), headers={**editor, "If-None-Match": "*"}), 412)
    problem(await client.put(UZB, json=document(), headers=editor), 428)
    body = {"body_en": "x", "body_ru": "y"}
    problem(await client.put(f"{UZB}/sections/B1", json=body, headers=editor), 428)
    problem(await client.delete(f"{UZB}/sections/A", headers=editor), 428)
    problem(await client.post(f"{UZB}/transitions", json={"action": "submit"}, headers=editor), 428)
    fresh = await client.put(UZB, json=document(), headers={**editor, "If-Match": 'W/"1"'})
    assert fresh.status_code == 200 and fresh.headers["etag"] == 'W/"2"'
    stale = {**editor, "If-Match": 'W/"1"'}
    problem(await client.put(UZB, json=document(), headers=stale), 412)
    problem(await client.put(f"{UZB}/sections/B1", json=body, headers=stale), 412)
    problem(await client.post(f"{UZB}/transitions", json={"action": "submit"}, headers=stale), 412)
    assert (await client.get(UZB, headers=editor)).json()["version"] == 2


async def test_bad_input_is_refused_naming_the_field(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = {**issuer.headers("editor"), "If-None-Match": "*"}
    cases = [
        (document(section("H")), "body.sections.0.part", "unknown template part"),
        (document(section("B9")), "body.sections.0.part", "unknown template part"),
        (document({"part": "A", "body_en": "Only English"}), "body.sections.0.body_ru", "Field"),
        (document(section("A", body_ru="   ")), "body.sections.0.body_ru", "at least 1"),
        (document(section("A"), section("a")), "body.sections", "each part at most once"),
        (
            document(section("A", body_en="Hi <script>alert(1)</script>")),
            "body.sections.0.body_en",
            "active content",
        ),
        (
            document(section("A", body_en="[click](javascript:alert(1))")),
            "body.sections.0.body_en",
            "active content",
        ),
        (
            document(section("A", body_ru='<img src=x onerror="alert(1)">')),
            "body.sections.0.body_ru",
            "active content",
        ),
        (
            document(section("A", sources=[{"title": "x", "url": "ftp://example.org"}])),
            "body.sections.0.sources.0.url",
            "URL",
        ),
        ({**document(), "status": "published"}, "body.status", "Extra"),
    ]
    for body, field, reason in cases:
        res = await client.put(UZB, json=body, headers=editor)
        errors = problem(res, 422)["errors"]
        assert any(e["field"] == field and reason in e["reason"] for e in errors), (field, errors)
    # harmless inline HTML and ordinary text about "data:" stay as written
    safe = section("A", body_en="Ratio<sup>2</sup>; source data: WDI; x < y > z")
    created = await client.put(UZB, json=document(safe), headers=editor)
    assert created.status_code == 201, created.text
    assert created.json()["sections"][0]["body_en"].startswith("Ratio<sup>2</sup>")
    bad_part = await client.put(
        f"{UZB}/sections/H",
        json={"body_en": "x", "body_ru": "y"},
        headers={**editor, "If-Match": "*"},
    )
    assert problem(bad_part, 422)["errors"][0]["field"] == "path.part"
    problem(await client.get("/v1/countries/ZZZ/profile-document"), 404)
    problem(
        await client.put("/v1/countries/ZZZ/profile-document", json=document(), headers=editor), 404
    )


async def test_only_editors_set_the_endorsement(client: AsyncClient, issuer: TestIssuer) -> None:
    uzbek = issuer.headers("contributor", countries=("UZB",))
    res = await client.put(UZB, json=document(endorsement="endorsed"), headers=uzbek)
    problem(res, 403)
    await create(client, uzbek)
    same = await client.put(
        UZB, json=document(endorsement="not_endorsed"), headers={**uzbek, "If-Match": "*"}
    )
    assert same.status_code == 200  # restating the current state is no change
    editor = issuer.headers("editor")
    set_ = await client.put(
        UZB,
        json=document(endorsement="submitted_for_endorsement", endorsement_note="Sent 1 May"),
        headers={**editor, "If-Match": "*"},
    )
    assert set_.json()["endorsement"] == "submitted_for_endorsement"
    kept = await client.put(UZB, json=document(), headers={**uzbek, "If-Match": "*"})
    assert kept.json()["endorsement_note"] == "Sent 1 May"  # omitted = unchanged
    problem(
        await client.put(
            UZB, json=document(endorsement_note=None), headers={**uzbek, "If-Match": "*"}
        ),
        403,
    )
    published = await step(client, editor, "publish")
    assert published.json()["edition"]["endorsement"] == "submitted_for_endorsement"


async def test_workflow_rules_come_from_the_kit(client: AsyncClient, issuer: TestIssuer) -> None:
    editor = issuer.headers("editor")
    uzbek = issuer.headers("contributor", countries=("UZB",))
    await create(client, uzbek)
    problem(await step(client, uzbek, "withdraw"), 403)
    problem(await step(client, editor, "withdraw"), 409)  # not published
    assert (await step(client, uzbek, "submit")).status_code == 200
    problem(await client.put(UZB, json=document(), headers={**uzbek, "If-Match": "*"}), 403)
    returned = await step(client, editor, "return")
    assert problem(returned, 422)["errors"][0]["field"] == "body.comment"
    assert (await step(client, editor, "return", "Add sources")).status_code == 200
    problem(await client.post(f"{UZB}/transitions", json={"action": "fly"}, headers=editor), 422)
    empty = await client.put(UZB, json={"sections": []}, headers={**editor, "If-Match": "*"})
    assert empty.status_code == 200
    problem(await step(client, editor, "publish"), 409)  # nothing to publish


async def test_an_empty_body_creates_a_titled_document_without_sections(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    url = "/v1/countries/TKM/profile-document"
    res = await client.put(url, json={}, headers=issuer.headers("editor"))
    assert res.status_code == 201, res.text
    assert res.json()["sections"] == [] and "Turkmenistan" in res.json()["title_en"]

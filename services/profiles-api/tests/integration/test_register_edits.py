"""Editors correct the country register: If-Match, versions, diffs and the audit log."""

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer


async def test_only_editors_edit_the_register(client: AsyncClient, issuer: TestIssuer) -> None:
    body = {"capital": "Tbilisi (test)"}
    assert (await client.patch("/v1/countries/GEO", json=body)).status_code == 401
    georgia = issuer.headers("contributor", countries=("GEO",))
    res = await client.patch("/v1/countries/GEO", json=body, headers={**georgia, "If-Match": "*"})
    assert res.status_code == 403 and res.headers["content-type"] == "application/problem+json"


async def test_editor_edit_is_versioned_and_audited(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = issuer.headers("editor")
    read = await client.get("/v1/countries/GEO")
    etag = read.headers["etag"]
    assert etag == 'W/"1"'
    assert (await client.patch("/v1/countries/GEO", json={}, headers=editor)).status_code == 428
    res = await client.patch(
        "/v1/countries/geo",
        json={"capital": "Tiflis", "name_ru": "Грузия", "comment": "Checked"},
        headers={**editor, "If-Match": etag},
    )
    assert res.status_code == 200 and res.headers["etag"] == 'W/"2"'
    assert res.json()["capital"] == "Tiflis"
    stale = await client.patch(
        "/v1/countries/GEO", json={"capital": "X"}, headers={**editor, "If-Match": etag}
    )
    assert stale.status_code == 412

    versions = (await client.get("/v1/countries/GEO/versions")).json()
    assert [v["version"] for v in versions] == [2]
    assert versions[0]["comment"] == "Checked"
    log = (
        await client.get("/v1/audit", params={"record_id": "GEO"}, headers=issuer.headers("admin"))
    ).json()
    entry = log["items"][0]
    assert entry["action"] == "update" and entry["record_type"] == "country"
    assert (entry["before"]["capital"], entry["after"]["capital"]) == ("Tbilisi", "Tiflis")


async def test_codes_and_groups_are_not_editable(client: AsyncClient, issuer: TestIssuer) -> None:
    res = await client.patch(
        "/v1/countries/GEO",
        json={"pp_group": "EU27"},
        headers={**issuer.headers("admin"), "If-Match": "*"},
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "body.pp_group"

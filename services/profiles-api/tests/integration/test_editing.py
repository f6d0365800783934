"""The editors' API for the catalogue and country values: roles, scopes, ETags, checks, audit."""

import json
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer

_spec = spec_from_file_location("statistics_api", Path(__file__).parents[1] / "statistics_api.py")
assert _spec and _spec.loader
api = module_from_spec(_spec)
_spec.loader.exec_module(api)

OBS = {"country_iso3": "GEO", "period": "2023", "value": 1200, "source_dataset": "wdi_2025-04-15"}


async def _observations(client: AsyncClient, code: str) -> list[dict]:
    res = await client.get(f"/v1/indicators/{code}/observations", params={"all_sources": True})
    return list(res.json()["items"])


async def test_only_editors_write_the_catalogue(client: AsyncClient, issuer: TestIssuer) -> None:
    body = api.COUNTRY_INDICATOR
    api.problem(await client.post("/v1/indicators", json=body), 401)
    georgia = issuer.headers("contributor", countries=("GEO",))
    api.problem(await client.post("/v1/indicators", json=body, headers=georgia), 403)
    made = await api.indicator(client, issuer)
    assert (made["kind"], made["scale"], made["observation_count"]) == ("country", 0, 0)
    listed = (await client.get("/v1/indicators", params={"kind": "country", "limit": 1000})).json()
    assert api.COUNTRY_INDICATOR["code"] in {i["code"] for i in listed["items"]}
    again = await client.post("/v1/indicators", json=body, headers=api.editor(issuer))
    assert "already" in api.problem(again, 409)["detail"]


async def test_indicator_put_patch_need_if_match_and_are_versioned(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    code = (await api.indicator(client, issuer))["code"]
    url = f"/v1/indicators/{code}"
    editor = api.editor(issuer)
    etag = (await client.get(url)).headers["etag"]
    assert etag == 'W/"1"'
    api.problem(await client.patch(url, json={"unit": "people"}, headers=editor), 428)
    res = await client.patch(
        url, json={"unit": "people", "comment": "clearer"}, headers={**editor, "If-Match": etag}
    )
    assert res.status_code == 200 and res.headers["etag"] == 'W/"2"'
    assert (
        res.json()["unit"] == "people" and res.json()["name_en"] == api.COUNTRY_INDICATOR["name_en"]
    )
    stale = await client.patch(url, json={"unit": "x"}, headers={**editor, "If-Match": etag})
    api.problem(stale, 412)
    full = {k: v for k, v in api.COUNTRY_INDICATOR.items() if k != "code"} | {"scale": 3}
    put = await client.put(url, json=full, headers={**editor, "If-Match": 'W/"2"'})
    assert put.status_code == 200 and put.json()["scale"] == 3 and put.json()["unit"] == "persons"
    assert api.fields(
        await client.patch(url, json={"name_en": None}, headers={**editor, "If-Match": "*"})
    ) == ["body.name_en"]
    versions = (await client.get(f"{url}/versions")).json()
    assert [v["version"] for v in versions] == [3, 2, 1] and versions[1]["comment"] == "clearer"
    diff = (await client.get(f"{url}/diff", params={"from": 2, "to": 3})).json()
    assert {c["field"] for c in diff["changes"]} == {"scale", "unit"}


async def test_an_indicator_with_values_is_not_deleted_nor_changes_kind(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = {**api.editor(issuer), "If-Match": "*"}
    url = "/v1/indicators/SP.POP.TOTL"
    assert (
        "delete them first" in api.problem(await client.delete(url, headers=editor), 409)["detail"]
    )
    api.problem(await client.patch(url, json={"kind": "bilateral"}, headers=editor), 409)
    assert (await client.get(url)).json()["kind"] == "country"
    net = await client.patch(
        "/v1/indicators/SM.POP.NETM", json={"non_negative": True}, headers=editor
    )
    assert "negative values" in api.problem(net, 409)["detail"]  # net migration is often < 0
    empty = (await api.indicator(client, issuer))["code"]
    gone = await client.delete(f"/v1/indicators/{empty}", headers=editor)
    assert gone.status_code == 204
    api.problem(await client.get(f"/v1/indicators/{empty}"), 404)
    api.problem(await client.delete(f"/v1/indicators/{empty}", headers=editor), 404)


async def test_contributors_write_values_of_their_own_countries(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    code = (await api.indicator(client, issuer))["code"]
    url = f"/v1/indicators/{code}/observations"
    api.problem(await client.post(url, json=OBS), 401)
    armenia = issuer.headers("contributor", countries=("ARM",))
    api.problem(await client.post(url, json=OBS, headers=armenia), 403)
    partner = issuer.headers("partner", countries=("GEO",))
    api.problem(await client.post(url, json=OBS, headers=partner), 403)
    georgia = issuer.headers("contributor", countries=("GEO",))
    res = await client.post(
        url, json=OBS | {"flags": "p", "note": "first estimate"}, headers=georgia
    )
    assert res.status_code == 201 and res.headers["etag"] == 'W/"1"'
    made = res.json()
    assert res.headers["location"] == f"/v1/observations/{made['id']}"
    assert (made["period"], made["year"], made["value"], made["flags"]) == ("2023", 2023, 1200, "p")
    assert (made["unit"], made["scale"], made["source_dataset"]) == ("persons", 0, "wdi_2025-04-15")
    record = f"/v1/observations/{made['id']}"
    moved = OBS | {"country_iso3": "ARM"}
    api.problem(await client.put(record, json=moved, headers={**georgia, "If-Match": "*"}), 403)
    api.problem(await client.delete(record, headers={**armenia, "If-Match": "*"}), 403)
    assert [o["value"] for o in await _observations(client, code)] == [1200]


async def test_observation_update_and_delete_with_etags_and_audit(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    code = (await api.indicator(client, issuer))["code"]
    editor = api.editor(issuer)
    made = await api.created(client, f"/v1/indicators/{code}/observations", OBS, editor)
    record = f"/v1/observations/{made['id']}"
    api.problem(await client.put(record, json=OBS, headers=editor), 428)
    changed = OBS | {"value": 1250.5, "period": "2023-Q4", "comment": "quarterly figure"}
    res = await client.put(record, json=changed, headers={**editor, "If-Match": 'W/"1"'})
    assert res.status_code == 200 and res.json()["version"] == 2
    assert (res.json()["period"], res.json()["year"], res.json()["value"]) == (
        "2023-Q4",
        2023,
        1250.5,
    )
    api.problem(await client.delete(record, headers={**editor, "If-Match": 'W/"1"'}), 412)
    assert (await client.delete(record, headers={**editor, "If-Match": 'W/"2"'})).status_code == 204
    api.problem(await client.get(record), 404)
    log = await client.get(
        "/v1/audit",
        params={"record_type": "observation", "record_id": str(made["id"])},
        headers=issuer.headers("admin"),
    )
    actions = [(e["action"], (e["before"] or {}).get("value")) for e in log.json()["items"]]
    assert actions == [("delete", 1250.5), ("update", 1200), ("create", None)]


async def test_bad_values_are_422_naming_the_field_and_nothing_is_written(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    code = (await api.indicator(client, issuer))["code"]
    url = f"/v1/indicators/{code}/observations"
    editor = api.editor(issuer)
    cases = [
        (OBS | {"value": "12"}, "body.value"),
        (OBS | {"value": None}, "body.value"),
        (OBS | {"value": -5}, "body.value"),  # persons: non_negative
        (OBS | {"period": "1800"}, "body.period"),
        (OBS | {"period": "2023-13"}, "body.period"),
        (OBS | {"period": "23"}, "body.period"),
        (OBS | {"flags": "x"}, "body.flags"),
        (OBS | {"country_iso3": "USA"}, "body.country_iso3"),  # not in the register
        (OBS | {"country_iso3": "G1O"}, "body.country_iso3"),
        (OBS | {"source_dataset": "no_such_dataset"}, "body.source_dataset"),
    ]
    for body, field in cases:
        assert api.fields(await client.post(url, json=body, headers=editor)) == [field], body
    assert await _observations(client, code) == []
    flow = await client.post("/v1/indicators/TEST.MIG.BILAT/observations", json=OBS, headers=editor)
    api.problem(flow, 404)
    await api.indicator(client, issuer, api.FLOW_INDICATOR)
    wrong_kind = await client.post(
        "/v1/indicators/TEST.MIG.BILAT/observations", json=OBS, headers=editor
    )
    assert api.fields(wrong_kind) == ["path.code"]
    await api.created(client, url, OBS, editor)
    duplicate = await client.post(url, json=OBS | {"value": 9}, headers=editor)
    assert "PUT /v1/observations/" in api.problem(duplicate, 409)["detail"]
    assert [o["value"] for o in await _observations(client, code)] == [1200]


async def test_datasets_are_listed_by_rank_and_editors_describe_new_ones(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    body = (await client.get("/v1/datasets", params={"limit": 1000})).json()
    ranks = [(-d["priority"], d["vintage"] is None) for d in body["items"]]
    assert ranks == sorted(ranks)
    wdi = (await client.get("/v1/datasets/wdi_2025-04-15")).json()
    assert wdi["publisher"] == "World Bank" and wdi["observation_count"] > 4000
    api.problem(await client.get("/v1/datasets/no_such"), 404)
    api.problem(await client.post("/v1/datasets", json=api.DATASET), 401)
    georgia = issuer.headers("contributor", countries=("GEO",))
    api.problem(await client.post("/v1/datasets", json=api.DATASET, headers=georgia), 403)
    made = await api.dataset(client, issuer)
    assert (made["priority"], made["observation_count"]) == (70, 0)
    api.problem(
        await client.post("/v1/datasets", json=api.DATASET, headers=api.editor(issuer)), 409
    )
    csv = await client.get("/v1/datasets", params={"format": "csv", "limit": 1000})
    header = csv.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("code,title,publisher,vintage,licence,source_url,priority")


async def test_unstorable_text_and_loose_types_are_422_not_500(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = api.editor(issuer)
    for change, field in (
        ({"name_en": "Bad\u0000name"}, "body.name_en"),
        ({"non_negative": 0}, "body.non_negative"),
        ({"scale": "3"}, "body.scale"),
    ):
        body = json.dumps(api.COUNTRY_INDICATOR | change)  # ASCII: \u escapes stay escaped
        headers = editor | {"Content-Type": "application/json"}
        res = await client.post("/v1/indicators", content=body, headers=headers)
        assert api.fields(res) == [field], change
    api.problem(await client.get(f"/v1/indicators/{api.COUNTRY_INDICATOR['code']}"), 404)

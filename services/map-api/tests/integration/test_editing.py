"""Editors' API: routes and crossing points as GeoJSON Features under the workflow, ETags and
country scopes; what is written shows in the OGC collections and the tiles at once. Bad input:
test_editing_validation.py."""

from __future__ import annotations

import copy
from typing import Any

import mapbox_vector_tile
import morecantile
from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

PROBLEM = "application/problem+json"
GEOJSON = "application/geo+json"
TMS = morecantile.tms.get("WebMercatorQuad")
# Batumi - Sarpi - Hopa - Trabzon: an indicative line along the Georgian and Turkish coast.
LINE = [[41.64, 41.65], [41.55, 41.52], [41.43, 41.40], [39.72, 41.0]]
ROUTE: dict[str, Any] = {
    "type": "Feature",
    "geometry": {"type": "LineString", "coordinates": LINE},
    "properties": {
        "slug": "black-sea-coast-road",
        "name_en": "Black Sea coast road",
        "name_ru": "Черноморская прибрежная дорога",
        "kind": "land",
        "valid_from": "2015-01-01",
        "description_en": "Along the coast road from Batumi through the Sarpi crossing.",
        "description_ru": "По прибрежной дороге из Батуми через переход Сарпи.",
        "countries": ["geo", "TUR"],
        "sources": [{"title": "Example source", "url": "https://example.org/coast"}],
    },
}
POINT: dict[str, Any] = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [41.5486, 41.5217]},
    "properties": {
        "slug": "sarpi-sarp",
        "name_en": "Sarpi – Sarp",
        "name_ru": "Сарпи – Сарп",
        "type": "road",
        "country_a": "GEO",
        "country_b": "TUR",
        "route": "black-sea",
    },
}


def who(issuer: TestIssuer, role: str, *countries: str) -> dict[str, str]:
    return issuer.headers(role, countries=countries)


def with_props(feature: dict[str, Any], **props: Any) -> dict[str, Any]:
    out = copy.deepcopy(feature)
    out["properties"].update(props)
    return out


def with_geometry(feature: dict[str, Any], geometry: Any) -> dict[str, Any]:
    out = copy.deepcopy(feature)
    out["geometry"] = geometry
    return out


def problem(res: Response, status: int) -> dict[str, Any]:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == PROBLEM
    body: dict[str, Any] = res.json()
    return body


def fields(res: Response) -> dict[str, str]:
    """field -> reason of a 422."""
    body = problem(res, 422)
    return {e["field"]: e["reason"] for e in body["errors"]}


async def count(session: AsyncSession, table: str) -> int:
    return int(await session.scalar(text(f"SELECT count(*) FROM geo.{table}")) or 0)


async def create(
    client: AsyncClient, headers: dict[str, str], body: dict[str, Any], path: str = "/v1/routes"
) -> dict[str, Any]:
    res = await client.post(path, json=body, headers=headers)
    assert res.status_code == 201, res.text
    return dict(res.json())


async def step(
    client: AsyncClient, url: str, headers: dict[str, str], action: str, comment: str | None = None
) -> Response:
    etag = (await client.get(url, headers=headers)).headers["etag"]
    body = {"action": action, "comment": comment}
    return await client.post(f"{url}/transitions", json=body, headers={**headers, "If-Match": etag})


# --- creating, reading, and what the OGC collection and the tiles show ----------------------


async def test_a_contributor_creates_a_draft_route_as_a_geojson_feature(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    georgia = who(issuer, "contributor", "GEO")
    res = await client.post("/v1/routes", json=ROUTE, headers=georgia)
    assert res.status_code == 201, res.text
    assert res.headers["content-type"] == GEOJSON and res.headers["etag"] == 'W/"1"'
    feature = res.json()
    assert res.headers["location"] == f"http://testserver/api/map/v1/routes/{feature['id']}"
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "MultiLineString", "coordinates": [LINE]}
    props = feature["properties"]
    assert props["status"] == "draft" and props["version"] == 1
    assert props["countries"] == ["GEO", "TUR"]  # upper-cased
    assert props["indicative"] is True and props["access"] == "public"
    assert props["sources"] == ROUTE["properties"]["sources"]
    links = {link["rel"]: link["href"] for link in feature["links"]}
    assert links["alternate"].endswith("/v1/collections/routes/items/black-sea-coast-road")
    again = await client.get(f"/v1/routes/{feature['id']}", headers=georgia)
    assert again.json() == feature and again.headers["etag"] == 'W/"1"'
    assert again.headers["cache-control"] == "private, no-cache"
    same = await client.get(
        f"/v1/routes/{feature['id']}", headers={**georgia, "If-None-Match": 'W/"1"'}
    )
    assert same.status_code == 304


async def test_drafts_stay_out_of_the_ogc_collection_until_published(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    feature = await create(client, who(issuer, "contributor", "GEO"), ROUTE)
    item = "/v1/collections/routes/items/black-sea-coast-road"
    assert (await client.get(item)).status_code == 404
    assert (await client.get(f"/v1/routes/{feature['id']}")).status_code == 404
    slugs = [f["id"] for f in (await client.get("/v1/collections/routes/items")).json()["features"]]
    assert "black-sea-coast-road" not in slugs
    assert (await client.get(item, headers=who(issuer, "editor"))).status_code == 200
    armenia = who(issuer, "contributor", "ARM")  # signed in, another country: not yet either
    assert (await client.get(item, headers=armenia)).status_code == 404

    editor = who(issuer, "editor")
    published = await step(client, f"/v1/routes/{feature['id']}", editor, "publish")
    assert published.status_code == 200 and published.json()["properties"]["status"] == "published"
    ogc = await client.get(item)
    assert ogc.status_code == 200
    assert ogc.json()["geometry"]["coordinates"] == [LINE]
    assert ogc.json()["properties"]["countries"] == ["GEO", "TUR"]
    assert (await client.get(f"/v1/routes/{feature['id']}")).status_code == 200


async def test_an_edit_changes_the_ogc_item_and_the_cached_tile(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    t = TMS.tile(29.0, 43.0, 6)  # on the Black Sea route's line
    tile = f"/v1/collections/routes/tiles/WebMercatorQuad/6/{t.y}/{t.x}"
    before = await client.get(tile)
    assert "black-sea" in {
        f["properties"]["slug"]
        for f in mapbox_vector_tile.decode(before.content)["routes"]["features"]
    }
    assert (await client.get(tile)).headers["x-tile-cache"] == "hit"
    item = await client.get("/v1/collections/routes/items/black-sea")
    editor = who(issuer, "editor")
    listed = (await client.get("/v1/routes", params={"limit": 100}, headers=editor)).json()
    route_id = next(f["id"] for f in listed["features"] if f["properties"]["slug"] == "black-sea")
    current = await client.get(f"/v1/routes/{route_id}", headers=editor)
    moved = {"type": "MultiLineString", "coordinates": [[[60.0, 40.0], [65.0, 42.0]]]}
    res = await client.patch(
        f"/v1/routes/{route_id}",
        json={"type": "Feature", "geometry": moved},
        headers={**editor, "If-Match": current.headers["etag"]},
    )
    assert res.status_code == 200, res.text
    assert res.json()["properties"]["name_en"] == "Black Sea Route"  # properties kept
    after = await client.get(tile, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code in (200, 204) and after.headers["etag"] != before.headers["etag"]
    assert after.headers["x-tile-cache"] == "miss"
    layers = mapbox_vector_tile.decode(after.content) if after.content else {}
    slugs = {f["properties"]["slug"] for f in layers.get("routes", {"features": []})["features"]}
    assert "black-sea" not in slugs
    new_item = await client.get(
        "/v1/collections/routes/items/black-sea", headers={"If-None-Match": item.headers["etag"]}
    )
    assert new_item.status_code == 200 and new_item.json()["geometry"] == moved


# --- who may write ---------------------------------------------------------------------------


async def test_anonymous_callers_and_keys_without_the_scope_may_not_write(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    denied = problem(await client.post("/v1/routes", json=ROUTE), 401)
    assert "Sign in" in denied["detail"]
    assert (await client.put("/v1/routes/1", json=ROUTE)).status_code == 401
    assert (await client.delete("/v1/crossing-points/1")).status_code == 401
    partner = who(issuer, "partner", "GEO")
    problem(await client.post("/v1/routes", json=ROUTE, headers=partner), 403)
    scoped = issuer.headers("partner", countries=("GEO",), scope="map:write")
    assert (await client.post("/v1/routes", json=ROUTE, headers=scoped)).status_code == 201


async def test_contributors_write_only_records_of_their_countries(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    armenia = who(issuer, "contributor", "ARM")
    refused = problem(await client.post("/v1/routes", json=ROUTE, headers=armenia), 403)
    assert "GEO or TUR" in refused["detail"]
    point = problem(await client.post("/v1/crossing-points", json=POINT, headers=armenia), 403)
    assert "GEO or TUR" in point["detail"]
    # Turkey's contributor may write the point: Turkey is on one side.
    turkey = who(issuer, "contributor", "TUR")
    made = await create(client, turkey, POINT, "/v1/crossing-points")
    # A published record of another country: visible to Armenia's contributor, but not theirs.
    published = await client.get("/v1/collections/routes/items/black-sea")
    assert published.status_code == 200
    route_id = await db_session.scalar(
        text("SELECT id FROM geo.migration_route WHERE slug='black-sea'")
    )
    body = with_props(ROUTE, slug="black-sea", countries=["TUR", "ROU", "BGR"])
    edit = await client.put(
        f"/v1/routes/{route_id}", json=body, headers={**armenia, "If-Match": "*"}
    )
    assert problem(edit, 403)["detail"] == "You may not edit records of TUR or ROU or BGR."
    # A draft of another country is not even visible to them: 404, as if it did not exist.
    url = f"/v1/crossing-points/{made['id']}"
    assert (await client.get(url, headers=armenia)).status_code == 404
    gone = await client.delete(url, headers={**armenia, "If-Match": "*"})
    problem(gone, 404)
    # Handing one's record entirely to other countries is refused.
    moved = with_props(POINT, country_a="ARM", country_b="AZE")
    handed = await client.put(url, json=moved, headers={**turkey, "If-Match": 'W/"1"'})
    assert "AZE" in problem(handed, 403)["detail"]


# --- ETags and If-Match ----------------------------------------------------------------------


async def test_updates_need_the_current_etag(client: AsyncClient, issuer: TestIssuer) -> None:
    georgia = who(issuer, "contributor", "GEO")
    feature = await create(client, georgia, ROUTE)
    url = f"/v1/routes/{feature['id']}"
    edited = with_props(ROUTE, name_en="Black Sea coast road (Sarpi)")
    problem(await client.put(url, json=edited, headers=georgia), 428)
    problem(await client.delete(url, headers=georgia), 428)
    ok = await client.put(url, json=edited, headers={**georgia, "If-Match": 'W/"1"'})
    assert ok.status_code == 200 and ok.headers["etag"] == 'W/"2"'
    assert ok.json()["properties"]["version"] == 2
    stale = await client.put(url, json=ROUTE, headers={**georgia, "If-Match": 'W/"1"'})
    assert "changed since you read it" in problem(stale, 412)["detail"]
    stale_step = await client.post(
        f"{url}/transitions", json={"action": "submit"}, headers={**georgia, "If-Match": 'W/"1"'}
    )
    problem(stale_step, 412)
    assert (
        (await client.get(url, headers=georgia)).json()["properties"]["name_en"].endswith("(Sarpi)")
    )


async def test_a_feature_read_can_be_sent_back_edited(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    georgia = who(issuer, "contributor", "GEO")
    feature = await create(client, georgia, POINT, "/v1/crossing-points")
    feature["properties"]["name_en"] = "Sarpi – Sarp (road)"
    res = await client.put(
        f"/v1/crossing-points/{feature['id']}",
        json=feature,  # with id, links, status, version, timestamps: ignored
        headers={**georgia, "If-Match": 'W/"1"'},
    )
    assert res.status_code == 200, res.text
    assert res.json()["properties"]["name_en"] == "Sarpi – Sarp (road)"
    assert res.json()["properties"]["route"] == "black-sea"


async def test_patch_merges_properties_and_keeps_the_geometry(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    georgia = who(issuer, "contributor", "GEO")
    feature = await create(client, georgia, with_props(ROUTE, valid_to="2020-01-01"))
    url = f"/v1/routes/{feature['id']}"
    patch = {"type": "Feature", "properties": {"valid_to": None, "name_ru": "Прибрежная дорога"}}
    res = await client.patch(url, json=patch, headers={**georgia, "If-Match": 'W/"1"'})
    assert res.status_code == 200, res.text
    props = res.json()["properties"]
    assert props["valid_to"] is None and props["name_ru"] == "Прибрежная дорога"
    assert (
        props["name_en"] == "Black Sea coast road" and res.json()["geometry"] == feature["geometry"]
    )
    cleared = await client.patch(
        url, json={"properties": {"name_en": None}}, headers={**georgia, "If-Match": 'W/"2"'}
    )
    assert "body.properties.name_en" in fields(cleared)


# --- the workflow, versions and the audit log ------------------------------------------------


async def test_the_workflow_from_draft_to_published_and_back(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    georgia = who(issuer, "contributor", "GEO")
    editor = who(issuer, "editor")
    feature = await create(client, georgia, ROUTE)
    url = f"/v1/routes/{feature['id']}"
    assert (await step(client, url, georgia, "publish")).status_code == 403  # editors publish
    submitted = await step(client, url, georgia, "submit")
    assert submitted.json()["properties"]["status"] == "submitted"
    etag = submitted.headers["etag"]
    locked = await client.put(url, json=ROUTE, headers={**georgia, "If-Match": etag})
    assert "drafts" in problem(locked, 403)["detail"]  # a submission is the editors' now
    assert "body.comment" in fields(await step(client, url, editor, "return"))
    returned = await step(client, url, editor, "return", "Add the Sarpi crossing's source.")
    assert returned.json()["properties"]["status"] == "draft"
    await step(client, url, georgia, "submit")
    assert (await step(client, url, editor, "publish")).json()["properties"][
        "status"
    ] == "published"
    problem(await step(client, url, editor, "submit"), 409)  # not from published
    assert (await step(client, url, editor, "withdraw")).json()["properties"][
        "status"
    ] == "withdrawn"
    assert (
        await client.get("/v1/collections/routes/items/black-sea-coast-road")
    ).status_code == 404
    assert (await step(client, url, editor, "reopen")).json()["properties"]["status"] == "draft"

    versions = (await client.get(f"{url}/versions", headers=georgia)).json()
    assert [v["version"] for v in versions] == [7, 6, 5, 4, 3, 2, 1]
    assert versions[-1]["snapshot"]["geometry"]["type"] == "MultiLineString"
    assert versions[4]["comment"] == "Add the Sarpi crossing's source."  # the return
    diff = (await client.get(f"{url}/diff", params={"from": 1, "to": 5}, headers=editor)).json()
    assert diff["changes"] == [{"field": "status", "before": "draft", "after": "published"}]
    audit = await client.get(
        "/v1/audit",
        params={"record_type": "route", "record_id": feature["id"]},
        headers=who(issuer, "admin"),
    )
    actions = [e["action"] for e in audit.json()["items"]]
    assert actions == ["reopen", "withdraw", "publish", "submit", "return", "submit", "create"]
    assert (await client.get("/v1/audit", headers=editor)).status_code == 403


async def test_deleting_keeps_the_history_and_refuses_routes_in_use(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    georgia = who(issuer, "contributor", "GEO")
    editor = who(issuer, "editor")
    point = await create(client, georgia, POINT, "/v1/crossing-points")
    url = f"/v1/crossing-points/{point['id']}"
    assert (await client.delete(url, headers={**georgia, "If-Match": 'W/"1"'})).status_code == 204
    assert (await client.get(url, headers=editor)).status_code == 404
    deleted = await db_session.scalar(
        text("SELECT before->>'slug' FROM geo.audit_log WHERE action='delete' AND record_id=:i"),
        {"i": str(point["id"])},
    )
    assert deleted == "sarpi-sarp"
    black_sea = await db_session.scalar(
        text("SELECT id FROM geo.migration_route WHERE slug='black-sea'")
    )
    in_use = await client.delete(f"/v1/routes/{black_sea}", headers={**editor, "If-Match": "*"})
    assert "monthly statistics" in problem(in_use, 409)["detail"]
    assert (await client.get("/v1/collections/routes/items/black-sea")).status_code == 200


async def test_lists_filter_by_state_and_country(client: AsyncClient, issuer: TestIssuer) -> None:
    georgia = who(issuer, "contributor", "GEO")
    feature = await create(client, georgia, ROUTE)
    await step(client, f"/v1/routes/{feature['id']}", georgia, "submit")
    editor = who(issuer, "editor")
    queue = await client.get("/v1/routes", params={"status": "submitted"}, headers=editor)
    assert queue.headers["content-type"] == GEOJSON
    body = queue.json()
    assert body["type"] == "FeatureCollection" and body["numberMatched"] == 1
    assert body["features"][0]["properties"]["slug"] == "black-sea-coast-road"
    anonymous = (await client.get("/v1/routes", params={"limit": 100})).json()
    assert {f["properties"]["status"] for f in anonymous["features"]} == {"published"}
    by_country = await client.get("/v1/crossing-points", params={"country": "srb"})
    assert {f["properties"]["slug"] for f in by_country.json()["features"]} == {
        "roszke-horgos", "tabanovce-presevo", "bajakovo-batrovci"
    }  # fmt: skip


# --- the API description ---------------------------------------------------------------------


async def test_openapi_documents_the_editing_endpoints(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    post = spec["paths"]["/v1/routes"]["post"]
    assert post["tags"] == ["editing"] and post["summary"]
    assert {"201", "401", "403", "409", "422"} <= set(post["responses"])
    assert "application/geo+json" in post["responses"]["201"]["content"]
    schema = spec["components"]["schemas"]["RouteFeatureIn"]
    assert schema["examples"][0]["geometry"]["type"] == "LineString"
    put = spec["paths"]["/v1/crossing-points/{record_id}"]["put"]
    assert {"412", "428"} <= set(put["responses"])
    assert "/v1/routes/{record_id}/versions" in spec["paths"]
    assert "/v1/routes" not in (await client.get("/v1/api")).json()["paths"]  # OGC doc: read-only
    assert any(t["name"] == "editing" for t in spec["tags"])

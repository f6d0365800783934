"""Strategies: a country's page (objectives -> recommendations -> practices), writes under the
workflow, bad input, and a history that goes on when a strategy is written again."""

from typing import Any

import pytest
from httpx import AsyncClient
from toolbox_api.seed import strategy_rows

STRATEGY: dict[str, Any] = {
    "country": "AZE",
    "title_en": "Azerbaijan: strategy (test)",
    "title_ru": "Азербайджан: стратегия (тест)",
    "summary_en": "Written by the tests.",
    "summary_ru": "Написано тестами.",
    "priorities": [
        {"rank": 2, "theme": "migration-development", "text_en": "Diaspora", "text_ru": "Диаспора"},
        {"rank": 1, "theme": "legal-migration", "text_en": "Mobility", "text_ru": "Мобильность"},
    ],
    "objectives": [
        {"code": "AZE-O1", "theme": "legal-migration", "text_en": "Legal paths",
         "text_ru": "Законные пути"},
        {"code": "AZE-O2", "theme": "migration-development", "text_en": "Diaspora ties",
         "text_ru": "Связи с диаспорой"},
    ],
    "recommendations": [
        {"code": "AZE-R1", "objective": "AZE-O1", "themes": ["legal-migration"],
         "practices": [], "text_en": "Open a channel", "text_ru": "Открыть канал",
         "target_date": "2027-12-31", "status": "in_progress",
         "notes": [{"date": "2026-01-15", "text_en": "Started.", "text_ru": "Начато."}]},
    ],
}  # fmt: skip


async def test_moldova_shows_objectives_linked_to_practices(client: AsyncClient) -> None:
    listed = (await client.get("/v1/strategies")).json()
    assert listed["total"] == len(strategy_rows()) >= 6
    assert all(s["demonstration"] for s in listed["items"] if s["country"] == "MDA")
    res = await client.get("/v1/strategies/mda")
    assert res.status_code == 200 and res.headers["etag"].startswith('W/"')
    page = res.json()
    assert page["country"] == "MDA" and page["objectives"]
    assert [p["rank"] for p in page["priorities"]] == list(range(1, len(page["priorities"]) + 1))
    practices = [
        p for o in page["objectives"] for r in o["recommendations"] for p in r["practices"]
    ]
    assert practices and all(p["slug"] and p["evidence"] for p in practices)
    for objective in page["objectives"]:
        assert all(r["objective"] == objective["code"] for r in objective["recommendations"])
    assert (await client.get("/v1/strategies/ZZZ")).status_code == 404
    assert (await client.get("/v1/strategies/12")).status_code == 422


async def test_a_contributor_drafts_a_strategy_an_editor_publishes(
    client: AsyncClient, as_
) -> None:
    azerbaijan, editor = as_("contributor", countries=("AZE",)), as_("editor")
    practice = (await client.get("/v1/practices", params={"limit": 1})).json()["items"][0]
    body = {**STRATEGY}
    body["recommendations"] = [{**STRATEGY["recommendations"][0], "practices": [practice["slug"]]}]
    res = await client.post("/v1/strategies", json=body, headers=azerbaijan)
    assert res.status_code == 201, res.text
    made = res.json()
    assert made["status"] == "draft" and made["demonstration"] is True
    assert [p["rank"] for p in made["priorities"]] == [1, 2]
    rec = made["objectives"][0]["recommendations"][0]
    assert rec["practices"][0]["slug"] == practice["slug"]
    assert rec["notes"] == [{"date": "2026-01-15", "text_en": "Started.", "text_ru": "Начато."}]
    assert made["objectives"][1]["recommendations"] == []
    assert (await client.get("/v1/strategies/AZE")).status_code == 404
    armenia = as_("contributor", countries=("ARM",))
    assert (await client.get("/v1/strategies/AZE", headers=armenia)).status_code == 404
    refused = await client.post("/v1/strategies", json={**STRATEGY, "country": "ARM"},
                                headers=azerbaijan)  # fmt: skip
    assert refused.status_code == 403

    edited = {**body, "title_en": "Azerbaijan: revised"}
    assert (
        await client.put("/v1/strategies/AZE", json=edited, headers=azerbaijan)
    ).status_code == 428
    ok = await client.put(
        "/v1/strategies/aze", json=edited, headers={**azerbaijan, "If-Match": 'W/"1"'}
    )
    assert ok.status_code == 200 and ok.json()["title_en"] == "Azerbaijan: revised"
    stale = await client.put(
        "/v1/strategies/AZE", json=edited, headers={**azerbaijan, "If-Match": 'W/"1"'}
    )
    assert stale.status_code == 412
    for action, who, version in (("submit", azerbaijan, 2), ("publish", editor, 3)):
        step = await client.post(
            "/v1/strategies/AZE/transitions",
            json={"action": action},
            headers={**who, "If-Match": f'W/"{version}"'},
        )
        assert step.status_code == 200, step.text
    assert (await client.get("/v1/strategies/AZE")).json()["status"] == "published"
    diff = (await client.get("/v1/strategies/AZE/diff", params={"from": 1, "to": 2})).json()
    assert [c["field"] for c in diff["changes"]] == ["title_en"]


BAD: list[tuple[dict[str, Any], str]] = [
    ({"country": "ZZZ"}, "body.country"),
    ({"objectives": [{**STRATEGY["objectives"][0], "theme": "nope"},
                     STRATEGY["objectives"][1]]}, "body.objectives.0.theme"),
    ({"recommendations": [{**STRATEGY["recommendations"][0], "objective": "AZE-O9"}]},
     "body.recommendations.0.objective"),
    ({"recommendations": [{**STRATEGY["recommendations"][0], "practices": ["no-such-practice"]}]},
     "body.recommendations.0.practices.0"),
    ({"recommendations": [{**STRATEGY["recommendations"][0], "themes": ["nope"]}]},
     "body.recommendations.0.themes.0"),
    ({"recommendations": [{**STRATEGY["recommendations"][0], "status": "forgotten"}]},
     "body.recommendations.0.status"),
    ({"recommendations": [{**STRATEGY["recommendations"][0], "target_date": "2027-02-30"}]},
     "body.recommendations.0.target_date"),
    ({"priorities": [{**STRATEGY["priorities"][0], "rank": 3}, STRATEGY["priorities"][1]]},
     "body.priorities"),
    ({"objectives": [STRATEGY["objectives"][0], STRATEGY["objectives"][0]]}, "body.objectives.1"),
    ({"demonstration": False, "sources": []}, "body.sources"),
    ({"summary_en": "<script>alert(1)</script>"}, "body.summary_en"),
    ({"adopted_year": 1900}, "body.adopted_year"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD, ids=[b[1] for b in BAD])
async def test_bad_strategies_are_422_naming_the_field(
    client: AsyncClient, as_, change: dict[str, Any], field: str
) -> None:
    editor = as_("editor")
    res = await client.post("/v1/strategies", json={**STRATEGY, **change}, headers=editor)
    assert res.status_code == 422, res.text
    assert field in {e["field"] for e in res.json()["errors"]}, res.text
    assert (await client.get("/v1/strategies/AZE", headers=editor)).status_code == 404


async def test_one_strategy_per_country_and_history_goes_on(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    assert (await client.post("/v1/strategies", json={**STRATEGY, "country": "MDA"},
                              headers=editor)).status_code == 409  # fmt: skip
    made = (await client.post("/v1/strategies", json=STRATEGY, headers=editor)).json()
    assert made["version"] == 1
    mismatch = await client.put(
        "/v1/strategies/AZE", json={**STRATEGY, "country": "GEO"},
        headers={**editor, "If-Match": 'W/"1"'},
    )  # fmt: skip
    assert mismatch.status_code == 422 and mismatch.json()["errors"][0]["field"] == "body.country"
    gone = await client.delete("/v1/strategies/AZE", headers={**editor, "If-Match": 'W/"1"'})
    assert gone.status_code == 204
    again = (await client.post("/v1/strategies", json=STRATEGY, headers=editor)).json()
    assert again["version"] == 2
    versions = (await client.get("/v1/strategies/AZE/versions", headers=editor)).json()
    assert [v["version"] for v in versions] == [2, 1]


async def test_a_practice_a_strategy_builds_on_cannot_be_deleted(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    page = (await client.get("/v1/strategies/MDA")).json()
    practice = next(
        p for o in page["objectives"] for r in o["recommendations"] for p in r["practices"]
    )
    version = (await client.get(f"/v1/practices/{practice['id']}")).json()["version"]
    res = await client.delete(
        f"/v1/practices/{practice['id']}", headers={**editor, "If-Match": f'W/"{version}"'}
    )
    assert res.status_code == 409 and "MDA/" in res.json()["detail"]


async def test_seeded_strategies_keep_their_first_version(client: AsyncClient) -> None:
    versions = (await client.get("/v1/strategies/GEO/versions")).json()
    assert versions[-1]["version"] == 1 and versions[-1]["author"] == "seed (i-Map team)"
    assert versions[-1]["snapshot"]["country"] == "GEO"
    assert versions[-1]["snapshot"]["recommendations"]

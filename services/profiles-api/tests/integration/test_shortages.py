"""Skill shortages: the seeded EU-level EURES 2023 list, filters, formats and the editors' API."""

import csv
import io
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer
from openpyxl import load_workbook
from profiles_api.seed import DATA
from profiles_api.shortages.seeding import ELA_FILE, seed_shortages
from sqlalchemy.ext.asyncio import AsyncSession

_spec = spec_from_file_location("statistics_api", Path(__file__).parents[1] / "statistics_api.py")
assert _spec and _spec.loader
api = module_from_spec(_spec)
_spec.loader.exec_module(api)

URL = "/v1/shortages"
GEORGIA = {"country_iso3": "GEO", "year": 2024, "severity": "high", "isco_code": "7411",
           "nace_code": "43.21", "source_dataset": "ela_eures_2023"}  # fmt: skip


def _ela() -> dict[str, str]:
    """ISCO code -> reported occupation, from the shipped file."""
    with open(DATA / ELA_FILE, encoding="utf-8") as fh:
        return {r["isco08_code"]: r["occupation_as_reported"] for r in csv.DictReader(fh)}


async def _codes(client: AsyncClient, **params: object) -> list[str | None]:
    res = await client.get(URL, params={"limit": 100} | params)
    assert res.status_code == 200, res.text
    return [s["isco_code"] for s in res.json()["items"]]


async def test_the_eures_list_is_seeded_with_isco_titles(client: AsyncClient) -> None:
    body = (await client.get(URL, params={"area": "EU27-NO-CH", "year": 2023})).json()
    ela = _ela()
    assert body["total"] == len(ela) == 7
    by_code = {s["isco_code"]: s for s in body["items"]}
    assert {c: s["occupation_as_reported"] for c, s in by_code.items()} == ela
    nurses = by_code["2221"]
    assert (nurses["isco_title"], nurses["severity"], nurses["direction"]) == (
        "Nursing professionals", "critical", "shortage"
    )  # fmt: skip
    assert nurses["country_iso3"] is None and nurses["source_dataset"] == "ela_eures_2023"
    assert "assigned by us" in nurses["note"]
    dataset = (await client.get("/v1/datasets/ela_eures_2023")).json()
    assert dataset["shortage_count"] == 7 and dataset["publisher"].startswith("European Labour")


async def test_reseeding_the_list_changes_nothing(db_session: AsyncSession) -> None:
    assert await seed_shortages(db_session, DATA) == {"shortage_inserted": 0, "shortage_updated": 0}


async def test_a_country_list_includes_the_areas_covering_it(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    assert len(await _codes(client, country="DEU")) == 7  # an EU member
    assert len(await _codes(client, country="NOR")) == 7  # Norway and Switzerland are in the scope
    assert len(await _codes(client, country="CHE")) == 7
    assert await _codes(client, country="ISL") == []  # Iceland is not (EU27 + NO + CH)
    assert await _codes(client, country="GEO") == []
    await api.created(client, URL, GEORGIA, api.editor(issuer))
    assert await _codes(client, country="GEO") == ["7411"]
    assert len(await _codes(client, country=["GEO", "DEU"])) == 8
    assert await _codes(client, country="DEU", include_areas=False) == []


async def test_occupation_and_sector_match_their_descendants(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    await api.created(client, URL, GEORGIA, api.editor(issuer))
    health = await _codes(client, occupation="22")  # health professionals
    assert sorted(health) == ["2212", "2221"]
    assert await _codes(client, occupation="2") == ["2212", "2221"]
    assert sorted(await _codes(client, occupation=["74", "93"])) == ["7411", "7411", "9313"]
    assert await _codes(client, sector="F") == ["7411"]  # construction > 43 > 43.2 > 43.21
    assert await _codes(client, sector="43.2") == ["7411"]
    assert await _codes(client, sector="C") == []
    assert await _codes(client, severity="high") == ["7411"]
    assert len(await _codes(client, severity=["critical", "high"])) == 8
    assert await _codes(client, direction="surplus") == []
    assert await _codes(client, year_from=2024) == ["7411"]


async def test_bad_filters_are_422(client: AsyncClient) -> None:
    assert api.fields(await client.get(URL, params={"occupation": "9999"})) == ["query.occupation"]
    assert api.fields(await client.get(URL, params={"sector": "99.99"})) == ["query.sector"]
    assert api.fields(await client.get(URL, params={"occupation": "22x"})) == ["query.occupation.0"]
    assert api.fields(await client.get(URL, params={"severity": "dire"})) == ["query.severity.0"]
    assert api.fields(await client.get(URL, params={"source": "no_such"})) == ["query.source"]
    assert api.problem(await client.get(URL, params={"year_from": 2024, "year_to": 2020}), 422)


async def test_csv_and_xlsx_carry_the_titles(client: AsyncClient) -> None:
    res = await client.get(URL, params={"country": "DEU", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert len(rows) == 7 and res.headers["x-total-count"] == "7"
    assert {"isco_code", "isco_title", "nace_code", "nace_title", "source_dataset"} <= set(rows[0])
    assert {r["isco_title"] for r in rows} >= {
        "Heavy truck and lorry drivers",
        "Nursing professionals",
    }
    xlsx = await client.get(URL, params={"country": "DEU", "format": "xlsx"})
    sheet = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert "isco_title" in sheet[0] and len(sheet) == 8


async def test_contributors_write_their_countries_and_editors_the_areas(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    api.problem(await client.post(URL, json=GEORGIA), 401)
    armenia = issuer.headers("contributor", countries=("ARM",))
    api.problem(await client.post(URL, json=GEORGIA, headers=armenia), 403)
    georgia = issuer.headers("contributor", countries=("GEO",))
    made = await api.created(client, URL, GEORGIA, georgia)
    assert (made["area"], made["isco_title"], made["nace_title"]) == (
        "GEO", "Building and related electricians", "Electrical installation"
    )  # fmt: skip
    area = GEORGIA | {"country_iso3": None, "area": "EU27-NO-CH", "year": 2024}
    api.problem(await client.post(URL, json=area, headers=georgia), 403)
    url = f"{URL}/{made['id']}"
    api.problem(await client.put(url, json=GEORGIA, headers=georgia), 428)
    res = await client.put(
        url, json=GEORGIA | {"severity": "critical"}, headers={**georgia, "If-Match": 'W/"1"'}
    )
    assert (
        res.status_code == 200
        and res.json()["severity"] == "critical"
        and res.headers["etag"] == 'W/"2"'
    )
    api.problem(await client.delete(url, headers={**georgia, "If-Match": 'W/"1"'}), 412)
    seeded = (await client.get(URL, params={"area": "EU27-NO-CH"})).json()["items"][0]
    seeded_url = f"{URL}/{seeded['id']}"
    api.problem(await client.delete(seeded_url, headers={**georgia, "If-Match": "*"}), 403)
    assert (await client.delete(url, headers={**georgia, "If-Match": 'W/"2"'})).status_code == 204
    editor = {**api.editor(issuer), "If-Match": "*"}
    assert (await client.delete(seeded_url, headers=editor)).status_code == 204
    log = await client.get(
        "/v1/audit", params={"record_type": "skill_shortage"}, headers=issuer.headers("admin")
    )
    assert [e["action"] for e in log.json()["items"]][:4] == [
        "delete",
        "delete",
        "update",
        "create",
    ]


async def test_bad_records_are_422_naming_the_field_and_nothing_is_written(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = api.editor(issuer)
    cases = [
        (GEORGIA | {"isco_code": "9999"}, ["body.isco_code"]),
        (GEORGIA | {"nace_code": "99.99"}, ["body.nace_code"]),
        (GEORGIA | {"isco_code": None, "nace_code": None}, ["body.isco_code"]),
        (GEORGIA | {"country_iso3": "USA"}, ["body.country_iso3"]),
        (GEORGIA | {"country_iso3": None, "area": "MARS-1"}, ["body.area"]),
        (GEORGIA | {"country_iso3": None}, ["body.country_iso3"]),
        (GEORGIA | {"area": "EU27-NO-CH"}, ["body.area"]),
        (GEORGIA | {"source_dataset": "nope"}, ["body.source_dataset"]),
        (GEORGIA | {"year": 1800}, ["body.year"]),
        (GEORGIA | {"severity": "dire"}, ["body.severity"]),
        (
            GEORGIA | {"isco_code": "9999", "nace_code": "99.99"},
            ["body.isco_code", "body.nace_code"],
        ),
    ]
    for body, expected in cases:
        assert api.fields(await client.post(URL, json=body, headers=editor)) == expected, body
    assert await _codes(client, country="GEO") == []
    as_area = await api.created(
        client, URL, GEORGIA | {"country_iso3": None, "area": "geo"}, editor
    )
    assert (as_area["country_iso3"], as_area["area"]) == (
        "GEO",
        "GEO",
    )  # an ISO3 area is the country
    duplicate = await client.post(URL, json=GEORGIA | {"severity": "low"}, headers=editor)
    assert f"PUT /v1/shortages/{as_area['id']}" in api.problem(duplicate, 409)["detail"]
    assert await _codes(client, country="GEO") == ["7411"]

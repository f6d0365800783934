"""World Bank API CSV imports through the HTTP API, on the real migrated and seeded database.

Bad files are the real shipped fixture edited in one place (see `tests/wdi_files.py`). Every
rejection must answer a 4xx problem, leave the observation table byte-for-byte as it was and keep
a rejected import batch.
"""

import hashlib
import re
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer
from profiles_api.imports.settings import ImportSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_spec = spec_from_file_location("wdi_files", Path(__file__).parents[1] / "wdi_files.py")
assert _spec and _spec.loader
wdi = module_from_spec(_spec)
_spec.loader.exec_module(wdi)

URL = "/v1/imports/wb-api-csv"
CHECKSUM = text(
    "SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws('|', id, indicator_code, "
    "country_iso3, year, value::text, source_dataset), ',' ORDER BY id), '')) "
    "FROM profiles.observation"
)
VALUES_ON_STATE_LINES = 1663  # non-empty cells of the 51 states in the unemployment file


def upload(data: bytes, name: str = wdi.UNEMPLOYMENT) -> dict:
    return {"file": (name, data, "text/csv")}


async def post(client: AsyncClient, issuer: TestIssuer, data: bytes) -> Response:
    return await client.post(URL, files=upload(data), headers=issuer.headers("editor"))


async def test_editor_imports_the_real_file_and_reimport_changes_nothing(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    # The seed loaded this file already: take Armenia out and change one Georgian value.
    removed = await db_session.scalar(
        text(
            "WITH d AS (DELETE FROM profiles.observation WHERE indicator_code = 'SL.UEM.TOTL.ZS' "
            "AND country_iso3 = 'ARM' AND source_dataset = 'wdi_2025-04-15' RETURNING 1) "
            "SELECT count(*) FROM d"
        )
    )
    await db_session.execute(
        text(
            "UPDATE profiles.observation SET value = 99 WHERE indicator_code = 'SL.UEM.TOTL.ZS' "
            "AND country_iso3 = 'GEO' AND year = 2020"
        )
    )
    res = await post(client, issuer, wdi.real_bytes())
    assert res.status_code == 201, res.text
    batch = res.json()
    assert batch["status"] == "applied" and batch["source_dataset"] == "wdi_2025-04-15"
    assert (batch["rows_read"], batch["rows_skipped"]) == (55, 4)  # WLD, EUU, ECS, ECA
    assert batch["values_read"] == VALUES_ON_STATE_LINES
    assert (batch["inserted"], batch["updated"]) == (removed, 1)
    assert batch["unchanged"] == VALUES_ON_STATE_LINES - removed - 1
    assert batch["sha256"] == hashlib.sha256(wdi.real_bytes()).hexdigest()
    geo = await client.get(
        "/v1/indicators/SL.UEM.TOTL.ZS/observations", params={"country": "GEO", "year": 2020}
    )
    assert geo.json()["items"][0]["value"] != 99

    again = (await post(client, issuer, wdi.real_bytes())).json()
    assert (again["inserted"], again["updated"]) == (0, 0)
    assert again["unchanged"] == VALUES_ON_STATE_LINES

    editor = issuer.headers("editor")
    assert (await client.get(f"/v1/imports/{batch['id']}", headers=editor)).json() == batch
    listed = (await client.get("/v1/imports", headers=editor)).json()
    assert [b["id"] for b in listed["items"][:2]] == [again["id"], batch["id"]]
    audit = await client.get(
        "/v1/audit",
        params={"record_type": "import_batch", "record_id": str(batch["id"])},
        headers=issuer.headers("admin"),
    )
    assert audit.json()["items"][0]["after"]["inserted"] == removed


async def test_only_editors_import_and_read_batches(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    assert (await client.post(URL, files=upload(wdi.real_bytes()))).status_code == 401
    contributor = issuer.headers("contributor", countries=("GEO",))
    res = await client.post(URL, files=upload(wdi.real_bytes()), headers=contributor)
    assert res.status_code == 403 and res.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/imports")).status_code == 401
    assert (await client.get("/v1/imports", headers=contributor)).status_code == 403
    missing = await client.get("/v1/imports/999999999", headers=issuer.headers("admin"))
    assert missing.status_code == 404


def _bad_files() -> list[tuple[str, bytes, str, str]]:
    """(case, bytes, expected error field, words expected in its reason)."""
    nan, line, column = wdi.with_cell("ARM", 2010, "12,5%")
    dup, first, repeat = wdi.with_duplicate("GEO")
    tidy = (wdi.DATA / "indicators_pp_tidy_2000_2024.csv").read_bytes()
    return [
        ("unknown indicator", wdi.with_indicator("XX.NOT.THERE"), "line 6, column 4", "unknown"),
        ("not a number", nan, f"line {line}, column {column}", "not a number"),
        ("year outside", wdi.with_header_year(1960, 1850), "line 5, column 5", "1900-2100"),
        ("duplicate line", dup, f"line {repeat}, column 2", f"first at line {first}"),
        ("tidy CSV uploaded as API CSV", tidy, "line 1", "layout"),
        ("truncated", wdi.truncated(), "line ", "truncated"),
        ("latin-1", wdi.latin1(), "line ", "not UTF-8"),
    ]


async def _state(db_session: AsyncSession) -> str:
    return str(await db_session.scalar(CHECKSUM))


async def _rejected_batch(client: AsyncClient, issuer: TestIssuer, res: Response) -> dict:
    batch_id = re.search(r"import batch (\d+)", res.json()["detail"])
    assert batch_id, res.json()["detail"]
    got = await client.get(f"/v1/imports/{batch_id[1]}", headers=issuer.headers("editor"))
    return dict(got.json())


@pytest.mark.parametrize(
    ("case", "data", "field", "reason"), _bad_files(), ids=[c[0] for c in _bad_files()]
)
async def test_bad_file_is_rejected_changes_nothing_and_is_recorded(
    client: AsyncClient,
    issuer: TestIssuer,
    db_session: AsyncSession,
    case: str,
    data: bytes,
    field: str,
    reason: str,
) -> None:
    before = await _state(db_session)
    res = await post(client, issuer, data)
    assert res.status_code == 422, res.text
    assert res.headers["content-type"] == "application/problem+json"
    errors = res.json()["errors"]
    assert any(e["field"].startswith(field) and reason in e["reason"] for e in errors), errors
    assert await _state(db_session) == before
    batch = await _rejected_batch(client, issuer, res)
    assert batch["status"] == "rejected" and batch["inserted"] == 0
    assert batch["sha256"] == hashlib.sha256(data).hexdigest()
    kept = [(e["field"], e["reason"], e.get("value")) for e in batch["errors"]]
    assert kept == [(e["field"], e["reason"], e.get("value")) for e in errors]
    assert batch["rejected"] >= len(errors)


async def test_file_over_the_size_limit_is_413(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    client_app = client._transport.app  # type: ignore[attr-defined]
    client_app.state.import_settings = ImportSettings(max_import_bytes=10_000)
    try:
        before = await _state(db_session)
        res = await post(client, issuer, wdi.real_bytes())
    finally:
        client_app.state.import_settings = None
    assert res.status_code == 413 and res.headers["content-type"] == "application/problem+json"
    assert "10000" in res.json()["detail"]
    assert await _state(db_session) == before
    batch = await _rejected_batch(client, issuer, res)
    assert batch["status"] == "rejected" and batch["size_bytes"] == len(wdi.real_bytes())


async def test_rejections_are_listed_for_editors(client: AsyncClient, issuer: TestIssuer) -> None:
    res = await post(client, issuer, wdi.latin1())
    listed = await client.get(
        "/v1/imports", params={"status": "rejected"}, headers=issuer.headers("editor")
    )
    assert res.status_code == 422
    assert all(b["status"] == "rejected" for b in listed.json()["items"])
    assert listed.json()["items"][0]["sha256"] == hashlib.sha256(wdi.latin1()).hexdigest()

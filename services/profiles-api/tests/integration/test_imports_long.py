"""Tidy CSV, DDF datapoints and World Bank metadata imports through the HTTP API, on the real
migrated and seeded database (the seed loaded every shipped file through these importers).

Bad files are the real shipped files edited in one place (see `tests/long_files.py`). Every
rejection must answer a 4xx problem naming line and column, leave observations, bilateral
observations, the catalogue and the register byte-for-byte as they were, and keep a rejected batch.
"""

import hashlib
import re
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer
from profiles_api.imports.settings import ImportSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_spec = spec_from_file_location("long_files", Path(__file__).parents[1] / "long_files.py")
assert _spec and _spec.loader
lf = module_from_spec(_spec)
_spec.loader.exec_module(lf)

TABLES = {
    "observation": "id, indicator_code, country_iso3, period, value::text, flags, note, "
    "source_dataset, row_version",
    "bilateral_observation": "id, indicator_code, origin_iso3, destination_iso3, period, "
    "value::text, flags, note, source_dataset, row_version",
    "indicator": "code, name_en, definition_en, source_organization, row_version",
    "country": "iso3, wb_region, wb_income_group, row_version",
}
CHECKSUM = text(
    " UNION ALL ".join(
        f"SELECT '{table}: ' || count(*) || ':' || "
        f"coalesce(sum(hashtextextended(concat_ws('|', {columns}), 0)), 0) FROM profiles.{table}"
        for table, columns in TABLES.items()
    )
)
API_CSV = "API_SP.POP.TOTL_DS2_en_csv_v2_pp_subset.csv"


async def state(db_session: AsyncSession) -> list[str]:
    return list(await db_session.scalars(CHECKSUM))


async def post(
    client: AsyncClient,
    issuer: TestIssuer,
    slug: str,
    data: bytes,
    options: dict[str, str] | None = None,
    name: str = "upload.csv",
) -> Response:
    return await client.post(
        f"/v1/imports/{slug}",
        files={"file": (name, data, "text/csv")},
        data=options or {},
        headers=issuer.headers("editor"),
    )


async def count(db_session: AsyncSession, sql: str) -> int:
    return int(await db_session.scalar(text(sql)) or 0)


async def test_unhcr_pairs_import_by_group_and_reimport_changes_nothing(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    # The seed loaded this file: take the IDP rows out and change one refugee value.
    removed = await count(
        db_session,
        "WITH d AS (DELETE FROM profiles.bilateral_observation WHERE indicator_code = "
        "'UNHCR.IDP' RETURNING 1) SELECT count(*) FROM d",
    )
    changed = "origin_iso3 = 'UKR' AND destination_iso3 = 'POL' AND period = '2023' AND "
    changed += "indicator_code = 'UNHCR.REF'"
    await db_session.execute(
        text(f"UPDATE profiles.bilateral_observation SET value = 1 WHERE {changed}")
    )
    data = lf.real_bytes(lf.UNHCR)
    res = await post(client, issuer, "tidy-csv", data, lf.options(lf.UNHCR), lf.UNHCR)
    assert res.status_code == 201, res.text
    batch = res.json()
    assert (batch["importer"], batch["status"]) == ("tidy_csv", "applied")
    assert batch["source_dataset"] == "unhcr_rdf_via_iom_gdidata"
    assert batch["indicator_code"] is None  # six indicators
    assert (batch["rows_read"], batch["rows_skipped"], batch["values_read"]) == (23994, 0, 23994)
    assert (removed, batch["inserted"], batch["updated"]) == (203, 203, 1)
    assert batch["unchanged"] == 23994 - 204
    assert batch["sha256"] == hashlib.sha256(data).hexdigest()
    row = await db_session.execute(
        text(f"SELECT value, row_version FROM profiles.bilateral_observation WHERE {changed}")
    )
    value, version = row.one()
    assert value > 1 and version == 2  # the import corrected it and bumped its version

    again = (await post(client, issuer, "tidy-csv", data, lf.options(lf.UNHCR), lf.UNHCR)).json()
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 23994)


async def test_undesa_pairs_and_tidy_country_table_reimport_unchanged(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    before = await state(db_session)
    for name, options, values in (
        (lf.UNDESA, lf.options(lf.UNDESA), 3 * 12312),
        (lf.TIDY, {}, 9945),
        (lf.ASYLUM, lf.options(lf.ASYLUM, 0), 5356),
    ):
        res = await post(client, issuer, "tidy-csv", lf.real_bytes(name), options, name)
        assert res.status_code == 201, res.text
        batch = res.json()
        assert (batch["values_read"], batch["unchanged"], batch["inserted"]) == (values, values, 0)
    assert await state(db_session) == before


async def test_ddf_import_fills_a_gap_and_reimport_changes_nothing(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    removed = await count(
        db_session,
        "WITH d AS (DELETE FROM profiles.observation WHERE indicator_code = 'SM.POP.TOTL' AND "
        "country_iso3 = 'ARM' AND source_dataset = 'wdi_via_open_numbers_ddf' RETURNING 1) "
        "SELECT count(*) FROM d",
    )
    res = await post(
        client, issuer, "ddf-datapoints", lf.real_bytes(lf.DDF_STOCK), {}, lf.DDF_STOCK
    )
    assert res.status_code == 201, res.text
    batch = res.json()
    assert (batch["indicator_code"], batch["source_dataset"]) == (
        "SM.POP.TOTL",
        "wdi_via_open_numbers_ddf",
    )
    assert (batch["rows_read"], batch["rows_skipped"], batch["values_read"]) == (432, 32, 400)
    assert (removed, batch["inserted"], batch["unchanged"]) == (8, 8, 392)
    armenia = await client.get(
        "/v1/indicators/SM.POP.TOTL/observations", params={"country": "ARM", "year": 2020}
    )
    assert [i["value"] for i in armenia.json()["items"]] == [207139.0]
    again = await post(client, issuer, "ddf-datapoints", lf.real_bytes(lf.DDF_STOCK))
    assert (again.json()["inserted"], again.json()["updated"]) == (0, 0)


async def test_metadata_import_updates_catalogue_and_register_and_reimport_changes_nothing(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    await db_session.execute(
        text(
            "UPDATE profiles.country SET wb_region = NULL, wb_income_group = 'x' WHERE iso3 = 'GEO'"
        )
    )
    await db_session.execute(
        text("UPDATE profiles.indicator SET definition_en = 'x' WHERE code = 'SL.UEM.TOTL.ZS'")
    )
    version = await count(
        db_session, "SELECT row_version FROM profiles.indicator WHERE code = 'SL.UEM.TOTL.ZS'"
    )
    country = await post(client, issuer, "wb-metadata-csv", lf.real_bytes(lf.META_COUNTRY))
    assert country.status_code == 201, country.text
    batch = country.json()
    assert (batch["rows_read"], batch["rows_skipped"], batch["values_read"]) == (55, 4, 51)
    assert (batch["inserted"], batch["updated"], batch["unchanged"]) == (0, 1, 50)
    georgia = await db_session.execute(
        text("SELECT wb_region, wb_income_group FROM profiles.country WHERE iso3 = 'GEO'")
    )
    assert tuple(georgia.one()) == ("Europe & Central Asia", "Upper middle income")
    assert (await client.get("/v1/countries/GEO")).headers["etag"] == 'W/"1"'

    unemployment = lf.real_bytes(lf.META_UNEMPLOYMENT)
    indicator = (await post(client, issuer, "wb-metadata-csv", unemployment)).json()
    assert (indicator["indicator_code"], indicator["updated"]) == ("SL.UEM.TOTL.ZS", 1)
    entry = (await client.get("/v1/indicators/SL.UEM.TOTL.ZS")).json()
    assert entry["definition_en"].startswith("Unemployment refers to the share of the labor force")
    assert (
        await count(
            db_session, "SELECT row_version FROM profiles.indicator WHERE code = 'SL.UEM.TOTL.ZS'"
        )
        == version + 1
    )

    for name in [lf.META_COUNTRY, *lf.META_INDICATORS]:
        again = (
            await post(client, issuer, "wb-metadata-csv", lf.real_bytes(name), None, name)
        ).json()
        assert (again["status"], again["updated"], again["inserted"]) == ("applied", 0, 0), name


def _bad(slug: str, options: dict[str, str], data: bytes, field: str, reason: str) -> Any:
    return pytest.param(slug, options, data, field, reason)


def _tidy_cases() -> list[Any]:
    arm = "ARM,2010,SL.UEM.TOTL.ZS,"
    unknown_country, c_line = lf.with_cell(lf.TIDY, arm, 1, "ARX")
    unknown_indicator, i_line = lf.with_cell(lf.TIDY, arm, 3, "SL.UEM.TOTX")
    nan, n_line = lf.with_cell(lf.TIDY, arm, 5, "12,5%")
    year, y_line = lf.with_cell(lf.TIDY, arm, 2, "1850")
    dup, first, repeat = lf.with_duplicate(lf.TIDY, arm)
    negative, s_line = lf.with_cell(lf.UNDESA, "GRC,ALB,1990,", 6, "-5")
    undesa = lf.options(lf.UNDESA)
    knomad = lf.options(lf.KNOMAD_MIGRATION)
    return [
        _bad("tidy-csv", {}, unknown_country, f"line {c_line}, column 1", "unknown country code"),
        _bad("tidy-csv", {}, unknown_indicator, f"line {i_line}, column 3", "unknown indicator"),
        _bad("tidy-csv", {}, nan, f"line {n_line}, column 5", "not a number"),
        _bad("tidy-csv", {}, year, f"line {y_line}, column 2", "outside 1900-2100"),
        _bad("tidy-csv", {}, dup, f"line {repeat}, column 5", f"same key is at line {first},"),
        _bad("tidy-csv", {}, lf.real_bytes(API_CSV), "line 1", "not a tidy CSV"),
        _bad("tidy-csv", undesa, lf.truncated(lf.UNDESA), "line ", "truncated"),
        _bad(
            "tidy-csv",
            {},
            lf.latin1(lf.TIDY, "Net migration", "Net migration (Türkiye)"),
            "line",
            "not UTF-8",
        ),
        _bad("tidy-csv", undesa, negative, f"line {s_line}, column 6", "negative value"),
        _bad(
            "tidy-csv",
            knomad | {"dataset": "nope"},
            lf.real_bytes(lf.KNOMAD_MIGRATION),
            "option dataset",
            "unknown source dataset",
        ),
        _bad(
            "tidy-csv",
            knomad | {"indicator": "SP.POP.TOTL"},
            lf.real_bytes(lf.KNOMAD_MIGRATION),
            "option indicator",
            "is a country indicator",
        ),
        _bad(
            "tidy-csv",
            {"dataset": "wdi_via_iom_gdidata"},
            lf.real_bytes(lf.GDIDATA),
            "line 1, column 3",
            "unknown column 'gdidata_var'",
        ),
    ]


def _ddf_cases() -> list[Any]:
    arm = "arm,2020,"
    unknown_country, c_line = lf.with_cell(lf.DDF_STOCK, arm, 1, "arx")
    nan, n_line = lf.with_cell(lf.DDF_STOCK, arm, 3, "207 139")
    year, y_line = lf.with_cell(lf.DDF_STOCK, arm, 2, "2101")
    negative, s_line = lf.with_cell(lf.DDF_STOCK, arm, 3, "-207139")
    dup, first, repeat = lf.with_duplicate(lf.DDF_STOCK, arm)
    renamed = lf.with_text(lf.DDF_STOCK, "sm_pop_totl", "sm_pop_totx")
    return [
        _bad(
            "ddf-datapoints",
            {},
            unknown_country,
            f"line {c_line}, column 1",
            "unknown country code",
        ),
        _bad("ddf-datapoints", {}, renamed, "line 1, column 3", "unknown indicator"),
        _bad("ddf-datapoints", {}, nan, f"line {n_line}, column 3", "not a number"),
        _bad("ddf-datapoints", {}, year, f"line {y_line}, column 2", "outside 1900-2100"),
        _bad(
            "ddf-datapoints", {}, dup, f"line {repeat}, column 3", f"same key is at line {first},"
        ),
        _bad("ddf-datapoints", {}, lf.real_bytes(lf.TIDY), "line 1", "not a DDF datapoints file"),
        _bad("ddf-datapoints", {}, lf.truncated(lf.DDF_STOCK), "line ", "truncated"),
        _bad(
            "ddf-datapoints",
            {},
            lf.latin1(lf.DDF_STOCK, "wld,1990", "wld,1990 é"),
            "line ",
            "not UTF-8",
        ),
        _bad("ddf-datapoints", {}, negative, f"line {s_line}, column 3", "negative value"),
    ]


def _metadata_cases() -> list[Any]:
    unknown_country, c_line = lf.with_cell(lf.META_COUNTRY, '"ARM"', 1, "ARX")
    dup, first, repeat = lf.with_duplicate(lf.META_COUNTRY, '"GEO"')
    unknown = lf.with_text(lf.META_UNEMPLOYMENT, '"SL.UEM.TOTL.ZS"', '"SL.UEM.TOTX"')
    return [
        _bad("wb-metadata-csv", {}, unknown, "line 2, column 1", "unknown indicator code"),
        _bad(
            "wb-metadata-csv",
            {},
            unknown_country,
            f"line {c_line}, column 1",
            "unknown country code",
        ),
        _bad("wb-metadata-csv", {}, dup, f"line {repeat}, column 1", f"first at line {first}"),
        _bad(
            "wb-metadata-csv",
            {},
            lf.real_bytes(lf.TIDY),
            "line 1",
            "not a World Bank metadata file",
        ),
        _bad("wb-metadata-csv", {}, lf.truncated(lf.META_COUNTRY), "line ", "truncated"),
        _bad("wb-metadata-csv", {}, lf.latin1(lf.META_COUNTRY, "x", "x"), "line ", "not UTF-8"),
    ]


CASES = _tidy_cases() + _ddf_cases() + _metadata_cases()
IDS = [f"{slug}: {reason}" for slug, _, _, _, reason in (c.values for c in CASES)]


async def _rejected_batch(client: AsyncClient, issuer: TestIssuer, res: Response) -> dict:
    batch_id = re.search(r"import batch (\d+)", res.json()["detail"])
    assert batch_id, res.json()["detail"]
    got = await client.get(f"/v1/imports/{batch_id[1]}", headers=issuer.headers("editor"))
    return dict(got.json())


@pytest.mark.parametrize(("slug", "options", "data", "field", "reason"), CASES, ids=IDS)
async def test_bad_file_is_rejected_changes_nothing_and_is_recorded(
    client: AsyncClient,
    issuer: TestIssuer,
    db_session: AsyncSession,
    slug: str,
    options: dict[str, str],
    data: bytes,
    field: str,
    reason: str,
) -> None:
    before = await state(db_session)
    res = await post(client, issuer, slug, data, options)
    assert res.status_code == 422, res.text
    assert res.headers["content-type"] == "application/problem+json"
    errors = res.json()["errors"]
    assert any(e["field"].startswith(field) and reason in e["reason"] for e in errors), errors
    assert await state(db_session) == before
    batch = await _rejected_batch(client, issuer, res)
    assert batch["status"] == "rejected" and batch["inserted"] == batch["updated"] == 0
    assert batch["importer"] == slug.replace("-", "_") and batch["size_bytes"] == len(data)
    assert [(e["field"], e["reason"]) for e in batch["errors"]] == [
        (e["field"], e["reason"]) for e in errors
    ]


@pytest.mark.parametrize(
    ("slug", "name", "options"),
    [
        ("tidy-csv", lf.UNHCR, lf.options(lf.UNHCR)),
        ("ddf-datapoints", lf.DDF_SHARE, {}),
        ("wb-metadata-csv", lf.META_COUNTRY, {}),
    ],
)
async def test_file_over_the_size_limit_is_413_and_changes_nothing(
    client: AsyncClient,
    issuer: TestIssuer,
    db_session: AsyncSession,
    slug: str,
    name: str,
    options: dict[str, str],
) -> None:
    client_app = client._transport.app  # type: ignore[attr-defined]
    client_app.state.import_settings = ImportSettings(max_import_bytes=5_000)
    try:
        before = await state(db_session)
        res = await post(client, issuer, slug, lf.real_bytes(name), options, name)
    finally:
        client_app.state.import_settings = None
    assert res.status_code == 413 and res.headers["content-type"] == "application/problem+json"
    assert res.json()["errors"][0]["field"] == "file" and "5000" in res.json()["detail"]
    assert await state(db_session) == before
    batch = await _rejected_batch(client, issuer, res)
    assert batch["status"] == "rejected" and batch["size_bytes"] == len(lf.real_bytes(name))


async def test_form_options_are_validated_before_reading_the_file(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    res = await post(
        client, issuer, "tidy-csv", lf.real_bytes(lf.KNOMAD_MIGRATION), {"period": "17"}
    )
    assert res.status_code == 422 and res.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in res.json()["errors"]] == ["body.period"]


async def test_only_editors_import(client: AsyncClient, issuer: TestIssuer) -> None:
    data = lf.real_bytes(lf.DDF_STOCK)
    files = {"file": (lf.DDF_STOCK, data, "text/csv")}
    assert (await client.post("/v1/imports/ddf-datapoints", files=files)).status_code == 401
    contributor = issuer.headers("contributor", countries=("ARM",))
    res = await client.post("/v1/imports/wb-metadata-csv", files=files, headers=contributor)
    assert res.status_code == 403

"""DataBank, KNOMAD matrix and Eurostat SDMX-CSV imports through the HTTP API, on the real migrated
and seeded database (the seed already loaded every shipped file through these importers).

Bad files are the shipped files edited in one place (`tests/bilateral_files.py`). Every rejection
must answer a 4xx problem naming line/column and reason, leave the observation and bilateral
observation tables byte-for-byte as they were, and keep a rejected import batch.
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

_spec = spec_from_file_location("bilateral_files", Path(__file__).parents[1] / "bilateral_files.py")
assert _spec and _spec.loader
files = module_from_spec(_spec)
_spec.loader.exec_module(files)

DATABANK, MATRIX, SDMX = "wb-databank-csv", "knomad-matrix-csv", "eurostat-sdmx-csv"
_ROWS = (
    "SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws('|', id, indicator_code, {keys}, "
    "period, value::text, flags, note, source_dataset, row_version), ',' ORDER BY id), '')) "
    "FROM profiles.{table}"
)
CHECKSUM = text(
    f"SELECT ({_ROWS.format(keys='country_iso3', table='observation')}) || ' / ' || "
    f"({_ROWS.format(keys='origin_iso3, destination_iso3', table='bilateral_observation')})"
)
PAIR = text(
    "SELECT value, flags, note, source_dataset FROM profiles.bilateral_observation "
    "WHERE indicator_code = :code AND origin_iso3 = :origin AND destination_iso3 = :destination "
    "AND period = :period"
)


async def post(
    client: AsyncClient, issuer: TestIssuer, slug: str, data: bytes, name: str, **options: str
) -> Response:
    return await client.post(
        f"/v1/imports/{slug}",
        files={"file": (name, data, "text/csv")},
        data=options,
        headers=issuer.headers("editor"),
    )


async def _pair(db: AsyncSession, code: str, origin: str, destination: str, period: str) -> tuple:
    row = (
        await db.execute(
            PAIR, {"code": code, "origin": origin, "destination": destination, "period": period}
        )
    ).one()
    return tuple(row)


async def test_corridor_costs_import_and_reimport_changes_nothing(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    removed = await db_session.scalar(
        text(
            "WITH d AS (DELETE FROM profiles.bilateral_observation WHERE indicator_code = "
            "'ATCR.CORR' AND origin_iso3 = 'AUT' AND destination_iso3 = 'BIH' RETURNING 1) "
            "SELECT count(*) FROM d"
        )
    )
    await db_session.execute(
        text(
            "UPDATE profiles.bilateral_observation SET value = 99 WHERE indicator_code = "
            "'ATCR.CORR' AND origin_iso3 = 'RUS' AND destination_iso3 = 'TJK' AND period = "
            "'2019-Q4'"
        )
    )
    data = files.real_bytes(files.RPW)
    res = await post(client, issuer, DATABANK, data, files.RPW)
    assert res.status_code == 201, res.text
    batch = res.json()
    assert (batch["importer"], batch["source_dataset"], batch["indicator_code"]) == (
        "wb_databank_csv",
        "wb_rpw_corridors_2020-12-07",
        "ATCR.CORR",
    )
    assert removed == 32 and (batch["inserted"], batch["updated"]) == (removed, 1)
    assert batch["unchanged"] == batch["values_read"] - removed - 1
    rus_tjk = await _pair(db_session, "ATCR.CORR", "RUS", "TJK", "2019-Q4")
    assert rus_tjk[0] != 99 and rus_tjk[3] == "wb_rpw_corridors_2020-12-07"
    again = (await post(client, issuer, DATABANK, data, files.RPW)).json()
    assert (again["inserted"], again["updated"], again["unchanged"]) == (
        0,
        0,
        batch["values_read"],
    )


async def test_matrix_and_long_file_are_the_same_rows(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    await db_session.execute(
        text("DELETE FROM profiles.bilateral_observation WHERE indicator_code = 'KNOMAD.REM.BILAT'")
    )
    long = await post(
        client,
        issuer,
        "tidy-csv",
        files.real_bytes(files.REMITTANCES_LONG),
        files.REMITTANCES_LONG,
        dataset="knomad_remittances_2017_apr2018",
        value="remittances_usd_millions_2017",
        indicator="KNOMAD.REM.BILAT",
    )
    assert long.status_code == 201, long.text
    assert long.json()["inserted"] == 1805
    matrix = await post(
        client, issuer, MATRIX, files.real_bytes(files.REMITTANCES), files.REMITTANCES
    )
    assert matrix.status_code == 201, matrix.text
    batch = matrix.json()
    assert (batch["inserted"], batch["updated"], batch["unchanged"]) == (0, 0, 1805)
    assert batch["source_dataset"] == "knomad_remittances_2017_apr2018"
    grc_alb = await _pair(db_session, "KNOMAD.REM.BILAT", "GRC", "ALB", "2017")
    assert round(grc_alb[0], 1) == 608.4
    migration = await post(client, issuer, MATRIX, files.real_bytes(files.MIGRATION), "m.csv")
    assert migration.json()["unchanged"] == 2025  # seeded from the long file and the matrix
    alb_grc = await _pair(db_session, "KNOMAD.MIG.BILAT", "ALB", "GRC", "2017")
    assert alb_grc[0] == 429_428 and alb_grc[3] == "knomad_migration_2017"


@pytest.mark.parametrize("name", files.ESTAT)
async def test_eurostat_files_reimport_unchanged(
    client: AsyncClient, issuer: TestIssuer, name: str
) -> None:
    res = await post(client, issuer, SDMX, files.real_bytes(name), name)
    assert res.status_code == 201, res.text
    batch = res.json()
    assert batch["values_read"] > 300 and batch["source_dataset"].startswith("estat_")
    assert (batch["inserted"], batch["updated"]) == (0, 0)
    assert batch["unchanged"] == batch["values_read"]


async def test_eurostat_values_flags_and_notes_are_stored(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    await db_session.execute(
        text(
            "DELETE FROM profiles.bilateral_observation WHERE indicator_code = "
            "'ESTAT.TPS.BEN.CTZ' AND destination_iso3 = 'GRC'"
        )
    )
    res = await post(client, issuer, SDMX, files.real_bytes(files.TEMPORARY), files.TEMPORARY)
    assert res.json()["inserted"] == 37  # Greece (EL), 2022-03 to 2025-03
    flagged = (
        await db_session.execute(
            text(
                "SELECT flags, note FROM profiles.bilateral_observation WHERE indicator_code = "
                "'ESTAT.TPS.BEN.CTZ' AND (flags <> '' OR note IS NOT NULL) GROUP BY flags, note"
            )
        )
    ).all()
    assert set(flagged) >= {("b", None), ("e", None), ("", "definition differs (see metadata)")}
    greece = await db_session.scalar(
        text(
            "SELECT value FROM profiles.observation WHERE indicator_code = 'ESTAT.EIPRE' "
            "AND country_iso3 = 'GRC' AND period = '2023'"
        )
    )
    assert greece is not None and greece > 0


def _bad_files() -> list[tuple[str, str, bytes, dict[str, str], str, str]]:
    """(case, importer slug, bytes, options, expected error field, words of its reason)."""
    rpw, rem, mig, refused = files.RPW, files.REMITTANCES, files.MIGRATION, files.REFUSED
    rpw_line = files.line_where(rpw, "RUS", "TJK")
    greece = next(i for i, r in enumerate(files.records(rem), 1) if r and r[0] == "Greece")
    albania = files.records(rem)[1].index("Albania") + 1
    malta = files.line_where(refused, "Malta")
    unmatched = files.replaced(rem, "\nSlovak Republic,", "\nSlovak Rep,")
    return [
        ("matrix: unmatched name", MATRIX, unmatched, {}, "line ", "matches no country"),
        ("databank: unknown series", DATABANK, files.replaced(rpw, "ATCR.CORR", "XX.NOT.THERE"),
         {}, "line 2, column 4", "unknown indicator"),
        ("matrix: unknown indicator", MATRIX, files.real_bytes(rem), {"indicator": "XX.NOT"},
         "indicator", "unknown indicator"),
        ("sdmx: unknown dataflow", SDMX, files.replaced(refused, "MIGR_EIRFS", "MIGR_EIORD", -1),
         {}, "line 2, column 1", "not mapped"),
        ("databank: not a number", DATABANK, files.with_cell(rpw, rpw_line, 20, "7,5"), {},
         f"line {rpw_line}, column 20", "not a number"),
        ("matrix: not a number", MATRIX, files.with_cell(rem, greece, albania, "608,4"), {},
         f"line {greece}, column {albania}", "not a number"),
        ("sdmx: not a number", SDMX, files.with_cell(refused, malta, 10, "n/a"), {},
         f"line {malta}, column 10", "not a number"),
        ("databank: year outside", DATABANK,
         files.replaced(rpw, "2011Q1 [YR2011Q1]", "1811Q1 [YR1811Q1]"), {}, "line 1, column 7",
         "1900-2100"),
        ("matrix: year outside", MATRIX, files.replaced(mig, "in 2017", "in 1850"), {}, "line 1",
         "1900-2100"),
        ("sdmx: year outside", SDMX, files.with_cell(refused, malta, 9, "2150"), {},
         f"line {malta}, column 10", "1900-2100"),
        ("databank: duplicate row", DATABANK, files.with_line_repeated(rpw, rpw_line)[0], {},
         f"line {rpw_line + 1}, column 2", "duplicate"),
        ("matrix: duplicate row", MATRIX, files.with_line_repeated(rem, greece)[0], {},
         f"line {greece + 1}, column 1", "twice"),
        ("sdmx: duplicate row", SDMX, files.with_line_repeated(refused, malta)[0], {},
         f"line {malta + 1}, column 10", "duplicate"),
        ("databank: wrong layout", DATABANK, files.real_bytes(rem), {}, "line 1", "DataBank"),
        ("matrix: wrong layout", MATRIX, files.real_bytes(refused), {}, "line 1", "KNOMAD"),
        ("sdmx: wrong layout", SDMX, files.real_bytes(rpw), {}, "line 1", "SDMX-CSV"),
        ("databank: truncated", DATABANK, files.truncated(rpw), {}, "line ", "truncated"),
        ("matrix: truncated", MATRIX, files.truncated(rem, 0.6), {}, "line ", "truncated"),
        ("sdmx: truncated", SDMX, files.truncated(refused), {}, "line ", "truncated"),
        ("databank: latin-1", DATABANK, files.latin1(rpw, "Turkey", "Türkiye"), {}, "line ",
         "not UTF-8"),
        ("matrix: latin-1", MATRIX, files.latin1(mig, "Turkey", "Türkiye"), {}, "line ",
         "not UTF-8"),
        ("sdmx: latin-1", SDMX, files.latin1(refused, "Austria", "Österreich"), {}, "line ",
         "not UTF-8"),
        ("databank: negative", DATABANK, files.with_cell(rpw, rpw_line, 20, "-1.5"), {},
         f"line {rpw_line}, column 20", "negative"),
        ("matrix: negative", MATRIX, files.with_cell(rem, greece, albania, "-608.4"), {},
         f"line {greece}, column {albania}", "negative"),
        ("sdmx: negative", SDMX, files.with_cell(refused, malta, 10, "-5"), {},
         f"line {malta}, column 10", "negative"),
    ]  # fmt: skip


async def _state(db_session: AsyncSession) -> str:
    return str(await db_session.scalar(CHECKSUM))


async def _rejected_batch(client: AsyncClient, issuer: TestIssuer, res: Response) -> dict:
    batch_id = re.search(r"import batch (\d+)", res.json()["detail"])
    assert batch_id, res.json()["detail"]
    got = await client.get(f"/v1/imports/{batch_id[1]}", headers=issuer.headers("editor"))
    return dict(got.json())


BAD = _bad_files()


@pytest.mark.parametrize(
    ("case", "slug", "data", "options", "field", "reason"), BAD, ids=[c[0] for c in BAD]
)
async def test_bad_file_is_rejected_changes_nothing_and_is_recorded(
    client: AsyncClient,
    issuer: TestIssuer,
    db_session: AsyncSession,
    case: str,
    slug: str,
    data: bytes,
    options: dict[str, str],
    field: str,
    reason: str,
) -> None:
    before = await _state(db_session)
    res = await post(client, issuer, slug, data, f"{case}.csv", **options)
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


async def test_every_unmatched_matrix_name_is_listed(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession
) -> None:
    text_ = files.real_text(files.MIGRATION)
    text_ = text_.replace(",Kyrgyz Republic,", ",Kyrgyz Repblic,", 1)
    text_ = text_.replace("\nSlovak Republic,", "\nSlovak Rep,", 1)
    text_ = text_.replace("\nMoldova,", "\nMoldavia SSR,", 1)
    before = await _state(db_session)
    res = await post(client, issuer, MATRIX, text_.encode(), "names.csv")
    assert res.status_code == 422
    named = {
        e["value"]: e["field"]
        for e in res.json()["errors"]
        if e["reason"] == "country name matches no country"
    }
    assert set(named) == {"Kyrgyz Repblic", "Slovak Rep", "Moldavia SSR"}
    assert named["Kyrgyz Repblic"].startswith("line 2, column ")
    assert all(named[n].endswith(", column 1") for n in ("Slovak Rep", "Moldavia SSR"))
    assert await _state(db_session) == before


@pytest.mark.parametrize(
    ("slug", "name"),
    [(DATABANK, files.RPW), (MATRIX, files.REMITTANCES), (SDMX, files.ASYLUM)],
)
async def test_file_over_the_size_limit_is_413(
    client: AsyncClient, issuer: TestIssuer, db_session: AsyncSession, slug: str, name: str
) -> None:
    app = client._transport.app  # type: ignore[attr-defined]
    app.state.import_settings = ImportSettings(max_import_bytes=10_000)
    try:
        before = await _state(db_session)
        res = await post(client, issuer, slug, files.real_bytes(name), name)
    finally:
        app.state.import_settings = None
    assert res.status_code == 413 and res.headers["content-type"] == "application/problem+json"
    assert "10000" in res.json()["detail"]
    assert await _state(db_session) == before
    batch = await _rejected_batch(client, issuer, res)
    assert batch["status"] == "rejected" and batch["size_bytes"] == len(files.real_bytes(name))

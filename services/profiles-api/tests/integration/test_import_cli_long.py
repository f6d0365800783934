"""`profiles-api import tidy-csv|ddf-datapoints|wb-metadata-csv [--option VALUE] FILE...`.

The session database is seeded from the same files, so a good import changes nothing; a bad file
rolls back every file of the command, exits 1 and prints the errors by line and column.
"""

import asyncio
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import asyncpg
import pytest
from profiles_api.cli import main
from profiles_api.seed import DATA

_spec = spec_from_file_location("long_files", Path(__file__).parents[1] / "long_files.py")
assert _spec and _spec.loader
lf = module_from_spec(_spec)
_spec.loader.exec_module(lf)

TABLES = {
    "observation": "id, value::text, flags, note, row_version",
    "bilateral_observation": "id, value::text, flags, note, row_version",
    "indicator": "code, definition_en, source_organization, row_version",
    "country": "iso3, wb_region, wb_income_group, row_version",
}


def _state(url: str) -> list[str]:
    async def run() -> list[str]:
        conn = await asyncpg.connect(url)
        try:
            return [
                str(
                    await conn.fetchval(
                        f"SELECT count(*) || ':' || coalesce(sum(hashtextextended("
                        f"concat_ws('|', {columns}), 0)), 0) FROM profiles.{table}"
                    )
                )
                for table, columns in TABLES.items()
            ]
        finally:
            await conn.close()

    return asyncio.run(run())


def _run(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("PROFILES_DATABASE_URL", url)
    with pytest.raises(SystemExit) as done:
        main(["import", *argv])
    return int(done.value.code or 0)


def _flags(options: dict[str, str]) -> list[str]:
    return [arg for k, v in options.items() for arg in (f"--{k.replace('_', '-')}", v)]


@pytest.mark.parametrize(
    ("argv", "lines", "words"),
    [
        (
            ["tidy-csv", *_flags(lf.options(lf.UNHCR)), str(DATA / lf.UNHCR)],
            1,
            "23994 lines, 0 skipped, 23994 values: 0 inserted, 0 updated, 23994 unchanged",
        ),
        (
            [
                "tidy-csv",
                *_flags(lf.options(lf.KNOMAD_MIGRATION)),
                str(DATA / lf.KNOMAD_MIGRATION),
            ],
            1,
            "(tidy_csv, knomad_migration_2017, KNOMAD.MIG.BILAT): 2025 lines",
        ),
        (
            ["ddf-datapoints", str(DATA / lf.DDF_STOCK), str(DATA / lf.DDF_SHARE)],
            2,
            "(ddf_datapoints, wdi_via_open_numbers_ddf, SM.POP.TOTL",
        ),
        (
            [
                "wb-metadata-csv",
                str(DATA / lf.META_COUNTRY),
                *(str(DATA / n) for n in lf.META_INDICATORS),
            ],
            8,
            " 0 inserted, 0 updated,",
        ),
    ],
    ids=["tidy unhcr", "tidy knomad", "ddf", "metadata"],
)
def test_cli_imports_shipped_files_and_changes_nothing(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    lines: int,
    words: str,
) -> None:
    before = _state(database_url)
    assert _run(argv, database_url, monkeypatch) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == lines and all(" 0 inserted, 0 updated," in line for line in out), out
    assert words in out[0]
    assert _state(database_url) == before


def test_cli_rejects_every_file_when_one_is_bad(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    bad, line = lf.with_cell(lf.TIDY, "GEO,2015,SL.UEM.TOTL.ZS,", 1, "GEX")
    path = tmp_path / "tidy_edited.csv"
    path.write_bytes(bad)
    before = _state(database_url)
    assert _run(["tidy-csv", str(DATA / lf.TIDY), str(path)], database_url, monkeypatch) == 1
    err = capsys.readouterr().err
    assert f"line {line}, column 1: unknown country code" in err and "['GEX']" in err
    assert "import batch" in err
    assert _state(database_url) == before


def test_cli_names_a_bad_option(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["tidy-csv", "--dataset", "knomad_migration_2017", str(DATA / lf.KNOMAD_MIGRATION)]
    assert _run(argv, database_url, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "line 1: no value column 'value': name the value column with the value option" in err

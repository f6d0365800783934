"""`profiles-api import wb-databank-csv|knomad-matrix-csv|eurostat-sdmx-csv FILE...` on the
shipped files (already seeded: nothing changes) and on a bad matrix (exit 1, nothing changes)."""

import asyncio
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import asyncpg
import pytest
from profiles_api.cli import main
from profiles_api.seed import DATA

_spec = spec_from_file_location("bilateral_files", Path(__file__).parents[1] / "bilateral_files.py")
assert _spec and _spec.loader
files = module_from_spec(_spec)
_spec.loader.exec_module(files)


def _state(url: str) -> str:
    async def run() -> str:
        conn = await asyncpg.connect(url)
        try:
            return str(
                await conn.fetchval(
                    "SELECT (SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, "
                    "value::text, row_version), ',' ORDER BY id)) FROM profiles.observation) "
                    "|| '/' || (SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, "
                    "value::text, row_version), ',' ORDER BY id)) "
                    "FROM profiles.bilateral_observation)"
                )
            )
        finally:
            await conn.close()

    return asyncio.run(run())


def _run(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("PROFILES_DATABASE_URL", url)
    with pytest.raises(SystemExit) as done:
        main(["import", *argv])
    return int(done.value.code or 0)


@pytest.mark.parametrize(
    ("slug", "names", "dataset"),
    [
        ("wb-databank-csv", [files.RPW], "wb_rpw_corridors_2020-12-07"),
        ("knomad-matrix-csv", [files.REMITTANCES, files.MIGRATION], "knomad_migration_2017"),
        ("eurostat-sdmx-csv", list(files.ESTAT), "estat_tps00170_2025-03-03"),
    ],
)
def test_cli_imports_the_shipped_files_unchanged(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    slug: str,
    names: list[str],
    dataset: str,
) -> None:
    before = _state(database_url)
    assert _run([slug, *(str(DATA / n) for n in names)], database_url, monkeypatch) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(names) and all(" 0 inserted, 0 updated," in line for line in out)
    assert dataset in out[-1]
    assert _state(database_url) == before


def test_cli_options_and_rejection_of_a_matrix_with_unknown_names(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    bad = files.real_text(files.MIGRATION).replace("\nMoldova,", "\nMoldavia SSR,", 1)
    bad = bad.replace(",Kyrgyz Republic,", ",Kirgizia,", 1)
    path = tmp_path / "matrix.csv"
    path.write_bytes(bad.encode())
    before = _state(database_url)
    argv = ["knomad-matrix-csv", "--year", "2017", str(DATA / files.REMITTANCES), str(path)]
    assert _run(argv, database_url, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "country name matches no country ['Moldavia SSR']" in err
    assert "line 2, column " in err and "['Kirgizia']" in err and "import batch" in err
    assert _state(database_url) == before

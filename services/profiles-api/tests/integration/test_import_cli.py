"""`profiles-api import wb-api-csv FILE...`: same importer, one transaction, exit 1 on errors."""

import asyncio
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import asyncpg
import pytest
from profiles_api.cli import main
from profiles_api.seed import DATA

_spec = spec_from_file_location("wdi_files", Path(__file__).parents[1] / "wdi_files.py")
assert _spec and _spec.loader
wdi = module_from_spec(_spec)
_spec.loader.exec_module(wdi)


def _observations(url: str) -> str:
    async def run() -> str:
        conn = await asyncpg.connect(url)
        try:
            return str(
                await conn.fetchval(
                    "SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, value::text), ','"
                    " ORDER BY id)) FROM profiles.observation"
                )
            )
        finally:
            await conn.close()

    return asyncio.run(run())


def _run(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("PROFILES_DATABASE_URL", url)
    with pytest.raises(SystemExit) as done:
        main(["import", "wb-api-csv", *argv])
    return int(done.value.code or 0)


def test_cli_imports_shipped_files_in_one_go(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _observations(database_url)
    files = [str(DATA / wdi.UNEMPLOYMENT), str(DATA / wdi.POPULATION)]
    assert _run(files, database_url, monkeypatch) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(" 0 inserted, 0 updated," in line for line in out)
    assert "SP.POP.TOTL" in out[1] and "wdi_2025-04-15" in out[1]
    assert _observations(database_url) == before


def test_cli_rejects_all_files_when_one_is_bad(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    bad, line, column = wdi.with_cell("UKR", 2015, "12..5")
    path = tmp_path / "API_SL.UEM.TOTL.ZS_edited.csv"
    path.write_bytes(bad)
    before = _observations(database_url)
    assert _run([str(DATA / wdi.POPULATION), str(path)], database_url, monkeypatch) == 1
    err = capsys.readouterr().err
    assert f"line {line}, column {column}: not a number (year 2015) ['12..5']" in err
    assert "import batch" in err
    assert _observations(database_url) == before

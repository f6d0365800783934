"""The Eurostat SDMX-CSV parser on the five shipped downloads (1.0 labels, 2.0) and edits."""

from collections import Counter
from datetime import date
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from profiles_api.imports import sdmx_csv
from profiles_api.imports.common import LayoutError, Parsed, Register
from profiles_api.seed import country_rows

_spec = spec_from_file_location("bilateral_files", Path(__file__).parents[1] / "bilateral_files.py")
assert _spec and _spec.loader
files = module_from_spec(_spec)
_spec.loader.exec_module(files)

REGISTER = Register.of(country_rows())  # type: ignore[arg-type]


def parse(content: bytes, **options: str) -> Parsed:
    return sdmx_csv.parse(content, REGISTER, options)


def test_asylum_totals_are_country_values_and_ukrainians_a_pair_to_the_reporting_country() -> None:
    parsed = parse(files.real_bytes(files.ASYLUM))
    assert parsed.problems.count == 0 and parsed.dataset is not None
    assert (parsed.dataset.code, parsed.dataset.vintage) == ("estat_migr_asyappctza", None)
    assert (parsed.rows_read, parsed.rows_skipped, len(parsed.values)) == (1080, 0, 1080)
    assert Counter(v.indicator_code for v in parsed.values) == {
        "ESTAT.ASY.APP": 540,
        "ESTAT.ASY.APP.CTZ": 540,
    }
    assert parsed.indicator_code is None  # two indicators in one file
    first = parsed.values[0]
    assert (first.where, first.country, first.period, first.value) == (
        "line 2, column 20",
        "AUT",
        "2008",
        12750,
    )
    pairs = {v.origin for v in parsed.values if v.pair}
    assert pairs == {"UKR"}
    assert {v.country for v in parsed.values if not v.pair} >= {"GRC", "GBR", "MNE"}  # EL, UK


def test_temporary_protection_is_monthly_with_flags_and_notes() -> None:
    parsed = parse(files.real_bytes(files.TEMPORARY))
    assert parsed.problems.count == 0 and parsed.indicator_code == "ESTAT.TPS.BEN.CTZ"
    assert parsed.rows_skipped == 5  # empty OBS_VALUE
    assert min(v.period for v in parsed.values) == "2022-03"
    assert {(v.origin, v.pair) for v in parsed.values} == {("UKR", True)}
    flags = Counter((v.flags, v.note) for v in parsed.values)
    assert flags[("b", None)] == 4 and flags[("e", None)] == 2
    assert flags[("", "definition differs (see metadata)")] > 0


def test_illegal_stay_keeps_only_the_total_over_reason_and_place() -> None:
    parsed = parse(files.real_bytes(files.ILLEGAL))
    assert parsed.problems.count == 0 and parsed.indicator_code == "ESTAT.EIPRE"
    assert parsed.dataset is not None and parsed.dataset.code == "estat_migr_eipre"
    # 329 Total/Total rows, 16 of them EU27/EU28 aggregates; the breakdowns are skipped.
    assert (len(parsed.values), parsed.rows_skipped) == (313, 2535 - 313)
    austria = {v.period: v.value for v in parsed.values if v.country == "AUT"}
    assert austria["2022"] == 105_545
    assert {v.country for v in parsed.values} >= {"GRC", "GBR", "CZE"}  # labels -> ISO3


def test_first_permits_carry_the_last_update_as_vintage() -> None:
    parsed = parse(files.real_bytes(files.PERMITS))
    assert parsed.problems.count == 0 and parsed.dataset is not None
    assert (parsed.dataset.code, parsed.dataset.vintage) == (
        "estat_tps00170_2025-03-03",
        date(2025, 3, 3),
    )
    assert parsed.indicator_code == "ESTAT.RESFIRST" and parsed.rows_skipped == 11  # EU27_2020
    assert Counter(v.flags for v in parsed.values)["u"] == 7


def test_refusals_and_the_vintage_option() -> None:
    parsed = parse(files.real_bytes(files.REFUSED), vintage="2025-04-01")
    assert parsed.problems.count == 0 and parsed.indicator_code == "ESTAT.EIRFS"
    assert parsed.dataset is not None and parsed.dataset.code == "estat_migr_eirfs_2025-04-01"
    assert len(parsed.values) == 327 - 10  # EU27_2020 lines
    with pytest.raises(LayoutError) as bad:
        parse(files.real_bytes(files.REFUSED), vintage="01/04/2025")
    assert bad.value.error.field == "vintage"


@pytest.mark.parametrize(
    ("raw", "conf", "flags", "note"),
    [
        ("", "", "", None),
        ("bd", "", "b", "definition differs (see metadata)"),
        ("s", "", "e", None),
        ("pe", "C", "cep", None),
        ("r", "F", "", "revised"),
    ],
)
def test_eurostat_flags(raw: str, conf: str, flags: str, note: str | None) -> None:
    assert sdmx_csv._flags(raw, conf, "here", Parsed()) == (flags, note)


def _geo_line(name: str, geo: str) -> int:
    return files.line_where(name, geo)


def test_unknown_geo_and_flags_and_values_are_named_by_line_and_column() -> None:
    line = _geo_line(files.REFUSED, "Malta")
    geo = parse(files.with_cell(files.REFUSED, line, 8, "Atlantis")).problems.listed
    assert [(e.field, e.value) for e in geo] == [(f"line {line}, column 8", "Atlantis")]
    flag = parse(files.with_cell(files.REFUSED, line, 11, "q")).problems.listed[0]
    assert flag.field == f"line {line}, column 11" and "flag" in flag.reason
    value = parse(files.with_cell(files.REFUSED, line, 10, "1 234")).problems.listed[0]
    assert (value.field, value.value) == (f"line {line}, column 10", "1 234")
    missing = parse(files.with_cell(files.REFUSED, line, 10, ":"))
    assert missing.problems.count == 0 and len(missing.values) == 327 - 10 - 1


def test_aggregates_are_skipped_in_both_flavours() -> None:
    assert sdmx_csv._aggregate("EU27_2020") and sdmx_csv._aggregate("EA20")
    assert sdmx_csv._aggregate("European Union - 28 countries (2013-2020)")
    assert not sdmx_csv._aggregate("EE") and not sdmx_csv._aggregate("Estonia")


def test_unknown_dataflow_and_other_layouts_are_refused() -> None:
    other = files.replaced(files.REFUSED, "MIGR_EIRFS", "MIGR_EIORD", count=-1)
    problems = parse(other).problems
    assert problems.count == 1 and problems.listed[0].field == "line 2, column 1"
    assert "MIGR_EIORD is not mapped" in problems.listed[0].reason
    with pytest.raises(LayoutError) as rpw:
        parse(files.real_bytes(files.RPW))
    assert rpw.value.error.field == "line 1, column 1"
    with pytest.raises(LayoutError):
        parse(files.replaced(files.REFUSED, "OBS_VALUE", "VALUE"))


def test_a_new_breakdown_is_not_taken_for_a_total() -> None:
    # Rename a dimension: the mapping no longer covers it, so no line matches.
    problems = parse(files.replaced(files.REFUSED, ",border,", ",route,")).problems
    assert problems.count == 1 and "no line matches" in problems.listed[0].reason


def test_truncated_files_are_errors() -> None:
    problems = parse(files.truncated(files.ILLEGAL)).problems
    assert any("truncated" in e.reason for e in problems.listed)

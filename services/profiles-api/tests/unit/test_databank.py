"""The World Bank DataBank export parser on the shipped RPW corridors file and edited copies."""

import csv
import io
from datetime import date
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from profiles_api.imports import databank, wb_api_csv
from profiles_api.imports.common import LayoutError, Parsed, Register
from profiles_api.seed import DATA, country_rows

_spec = spec_from_file_location("bilateral_files", Path(__file__).parents[1] / "bilateral_files.py")
assert _spec and _spec.loader
files = module_from_spec(_spec)
_spec.loader.exec_module(files)

REGISTER = Register.of(country_rows())  # type: ignore[arg-type]
RPW = files.RPW
FIRST_PERIOD_COLUMN = 7  # 2011Q1 [YR2011Q1]


def parse(content: bytes) -> Parsed:
    return databank.parse(content, REGISTER)


def test_real_corridor_file_gives_every_corridor_from_sending_to_receiving_country() -> None:
    parsed = parse(files.real_bytes(RPW))
    assert parsed.problems.count == 0 and parsed.dataset is not None
    assert (parsed.dataset.code, parsed.dataset.vintage) == (
        "wb_rpw_corridors_2020-12-07",
        date(2020, 12, 7),
    )
    assert (parsed.indicator_code, parsed.indicator_where) == ("ATCR.CORR", "line 2, column 4")
    assert (parsed.rows_read, parsed.rows_skipped) == (52, 0)
    corridors = {(v.origin, v.destination) for v in parsed.values}
    assert len(corridors) == 52 and ("RUS", "TJK") in corridors and ("TJK", "RUS") not in corridors
    aut_bih = [v for v in parsed.values if (v.origin, v.destination) == ("AUT", "BIH")]
    assert (aut_bih[0].where, aut_bih[0].period, aut_bih[0].value) == (
        "line 2, column 10",
        "2012-Q3",
        10.2299995422363,
    )  # 2011Q1-2012Q1 are ".."
    periods = {v.period for v in parsed.values}
    assert min(periods) == "2011-Q1" and max(periods) == "2020-Q3" and len(periods) == 35


def test_cells_with_two_dots_are_missing_values() -> None:
    text = files.real_text(RPW)
    missing = sum(r[6:].count("..") for r in csv.reader(io.StringIO(text)) if len(r) > 6)
    cells = sum(len(r) - 6 for r in csv.reader(io.StringIO(text)) if len(r) > 6 and r[3])
    assert len(parse(files.real_bytes(RPW)).values) == cells - 35 - missing  # 35: the header


@pytest.mark.parametrize(
    ("header", "period"),
    [
        ("2015 [YR2015]", "2015"),
        ("2011Q4 [YR2011Q4]", "2011-Q4"),
        ("2019M03 [YR2019M03]", "2019-03"),
        ("2019M13 [YR2019M13]", None),
        ("2019Q1 [YR2019Q2]", None),
        ("2015", None),
    ],
)
def test_period_columns(header: str, period: str | None) -> None:
    assert databank._period(header) == period


def test_monthly_columns_become_months() -> None:
    data = files.replaced(RPW, "2012Q3 [YR2012Q3]", "2012M09 [YR2012M09]")
    values = [v for v in parse(data).values if (v.origin, v.destination) == ("AUT", "BIH")]
    assert values[0].period == "2012-09"


def _wdi_as_databank(api_file: str, years: range) -> bytes:
    """The WDI API CSV file rewritten as DataBank writes the same series (same release)."""
    rows = list(csv.reader(io.StringIO((DATA / api_file).read_text(encoding="utf-8-sig"))))
    header, lines = rows[4], rows[5:]
    columns = [header.index(str(y)) for y in years]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["Country Name", "Country Code", "Series Name", "Series Code"]
        + [f"{y} [YR{y}]" for y in years]
    )
    for r in lines:
        writer.writerow([r[0], r[1], r[2], r[3]] + [r[c] or ".." for c in columns])
    out.write("\n\nData from database: World Development Indicators\nLast Updated: 04/15/2025\n")
    return out.getvalue().encode()


def test_country_layout_gives_the_same_values_as_the_api_csv_of_the_release() -> None:
    api_file = "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_pp_subset.csv"
    parsed = parse(_wdi_as_databank(api_file, range(2015, 2025)))
    assert parsed.problems.count == 0 and parsed.dataset is not None
    assert parsed.dataset.code == "wdi_2025-04-15"
    assert parsed.rows_skipped == 4  # WLD, EUU, ECS, ECA
    api = wb_api_csv.parse((DATA / api_file).read_bytes(), REGISTER)
    key = lambda v: (v.indicator_code, v.country, v.period, v.value)  # noqa: E731
    assert {key(v) for v in parsed.values} == {key(v) for v in api.values if int(v.period) >= 2015}


def test_layout_errors_name_the_line() -> None:
    with pytest.raises(LayoutError) as wrong:
        parse(files.real_bytes(files.REMITTANCES))
    assert wrong.value.error.field == "line 1, column 1" and "DataBank" in wrong.value.error.reason
    with pytest.raises(LayoutError) as time_down:
        parse(files.replaced(RPW, "2011Q1 [YR2011Q1]", "Time"))
    assert time_down.value.error.field == f"line 1, column {FIRST_PERIOD_COLUMN}"
    with pytest.raises(LayoutError):
        parse(files.real_bytes(RPW).decode("utf-8").encode("utf-16"))


def test_bad_cells_duplicates_and_years_are_listed_by_line_and_column() -> None:
    line = files.line_where(RPW, "RUS", "TJK")
    problems = parse(files.with_cell(RPW, line, 20, "7,5")).problems
    assert [(e.field, e.value) for e in problems.listed] == [(f"line {line}, column 20", "7,5")]
    data, repeat = files.with_line_repeated(RPW, line)
    error = parse(data).problems.listed[0]
    assert error.field == f"line {repeat}, column 2" and f"first at line {line}" in error.reason
    year = parse(files.replaced(RPW, "2011Q1 [YR2011Q1]", "1811Q1 [YR1811Q1]")).problems
    assert year.listed[0].field == f"line 1, column {FIRST_PERIOD_COLUMN}"
    assert "1900-2100" in year.listed[0].reason


def test_economies_outside_the_register_are_skipped_and_bad_codes_named() -> None:
    line = files.line_where(RPW, "RUS", "TJK")
    parsed = parse(files.with_cell(RPW, line, 6, "USA"))
    assert (parsed.rows_skipped, parsed.problems.count) == (1, 0)
    assert ("RUS", "TJK") not in {(v.origin, v.destination) for v in parsed.values}
    bad = parse(files.with_cell(RPW, line, 2, "Russia")).problems.listed[0]
    assert bad.field == f"line {line}, column 2" and "3-character" in bad.reason


def test_a_file_without_its_footer_is_truncated() -> None:
    text = files.real_text(RPW)
    cut = text[: text.index("\n\n") + 1]
    problems = parse(cut.encode()).problems
    assert problems.count == 1 and "footer" in problems.listed[0].reason
    half = parse(files.truncated(RPW)).problems
    assert any("truncated" in e.reason for e in half.listed)
    date_error = parse(files.replaced(RPW, "12/07/2020", "2020-12-07")).problems.listed[0]
    assert date_error.field.endswith("column 1") and "MM/DD/YYYY" in date_error.reason

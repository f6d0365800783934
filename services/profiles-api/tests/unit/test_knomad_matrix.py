"""The KNOMAD matrix parser on the two shipped matrices and on edited copies of them."""

import csv
from datetime import date
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from profiles_api.imports import knomad_matrix
from profiles_api.imports.common import LayoutError, Parsed, Register
from profiles_api.seed import DATA, country_rows

_spec = spec_from_file_location("bilateral_files", Path(__file__).parents[1] / "bilateral_files.py")
assert _spec and _spec.loader
files = module_from_spec(_spec)
_spec.loader.exec_module(files)

REGISTER = Register.of(country_rows())  # type: ignore[arg-type]
REM, MIG = files.REMITTANCES, files.MIGRATION


def parse(content: bytes, **options: str) -> Parsed:
    return knomad_matrix.parse(content, REGISTER, options)


def row_of(name: str, matrix: str = REM) -> int:
    """1-based line of a country's matrix line."""
    return next(i for i, r in enumerate(files.records(matrix), 1) if i > 2 and r and r[0] == name)


def pairs(parsed: Parsed) -> dict[tuple[str | None, str | None], float]:
    return {(v.origin, v.destination): v.value for v in parsed.values}


def test_remittances_go_from_sending_to_receiving_country_in_millions() -> None:
    parsed = parse(files.real_bytes(REM))
    assert parsed.problems.count == 0 and parsed.dataset is not None
    assert (parsed.indicator_code, parsed.dataset.code) == (
        "KNOMAD.REM.BILAT",
        "knomad_remittances_2017_apr2018",
    )
    assert parsed.dataset.vintage == date(2018, 4, 1)
    assert {v.period for v in parsed.values} == {"2017"}
    values = pairs(parsed)
    assert round(values[("GRC", "ALB")], 1) == 608.4  # Greece (down) sends to Albania (across)
    assert round(values[("RUS", "TJK")], 1) == 1686.6
    assert values[("ALB", "GRC")] < 100


def test_migrant_stocks_go_from_origin_to_destination() -> None:
    parsed = parse(files.real_bytes(MIG))
    assert parsed.dataset is not None and parsed.dataset.code == "knomad_migration_2017"
    assert parsed.indicator_code == "KNOMAD.MIG.BILAT" and parsed.dataset.vintage is None
    values = pairs(parsed)
    assert values[("ALB", "GRC")] == 429_428  # Albanians (down) living in Greece (across)
    line = row_of("Albania", MIG)
    greece = files.records(MIG)[1].index("Greece") + 1
    where = next(v.where for v in parsed.values if (v.origin, v.destination) == ("ALB", "GRC"))
    assert where == f"line {line}, column {greece}"


@pytest.mark.parametrize(
    ("matrix", "long"), [(REM, files.REMITTANCES_LONG), (MIG, files.MIGRATION_LONG)]
)
def test_matrix_gives_exactly_the_pairs_of_the_long_file_zero_cells_dropped(
    matrix: str, long: str
) -> None:
    parsed = parse(files.real_bytes(matrix))
    with open(DATA / long, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert pairs(parsed) == {(o, d): float(v) for o, d, v in rows}
    cells = sum(len(r) - 1 for r in files.records(matrix)[2:53])
    zeros = sum(r[1:].count("0") for r in files.records(matrix)[2:53])
    assert len(parsed.values) == cells - zeros and zeros >= 51  # the diagonal at least


def test_options_override_the_title() -> None:
    parsed = parse(files.real_bytes(MIG), indicator="UNDESA.IMS.TOTL", year="2016", dataset="x_1")
    assert parsed.indicator_code == "UNDESA.IMS.TOTL" and parsed.indicator_where == "indicator"
    assert {v.period for v in parsed.values} == {"2016"}
    assert parsed.dataset is not None and parsed.dataset.code == "x_1"
    with pytest.raises(LayoutError) as bad:
        parse(files.real_bytes(MIG), year="1850")
    assert bad.value.error.field == "year"


def test_a_transposed_matrix_keeps_the_direction() -> None:
    data = files.replaced(
        MIG, "destination (across) / origin (down)", "origin (across) / destination (down)"
    )
    values = pairs(parse(data))
    assert values[("GRC", "ALB")] == 429_428


def test_every_unmatched_name_is_listed_with_its_line_and_column() -> None:
    text = files.real_text(REM)
    text = text.replace("Kyrgyz Republic", "Kyrgyz Repblic", 1)  # across
    text = text.replace("\nSlovak Republic,", "\nSlovak Rep,", 1).replace(
        "\nMoldova,", "\nMoldavia SSR,", 1
    )
    problems = parse(text.encode()).problems
    kyrgyz = files.records(REM)[1].index("Kyrgyz Republic") + 1
    found = {(e.field, e.value) for e in problems.listed if "matches no country" in e.reason}
    assert found == {
        (f"line 2, column {kyrgyz}", "Kyrgyz Repblic"),
        (f"line {row_of('Slovak Republic')}, column 1", "Slovak Rep"),
        (f"line {row_of('Moldova')}, column 1", "Moldavia SSR"),
    }


def test_more_unmatched_names_than_fit_are_all_in_one_summary() -> None:
    records = files.records(REM)
    header = records[1][:1] + [f"Land {i}" for i in range(1, len(records[1]))]
    lines = files.lines(REM)
    lines[1] = ",".join(header) + "\n"
    problems = parse("".join(lines).encode()).problems
    assert problems.count == 52 and problems.listed[0].field == "file"
    assert all(f"'Land {i}'" in (problems.listed[0].value or "") for i in range(1, 52))


def test_countries_outside_the_register_and_totals_are_skipped() -> None:
    text = files.real_text(MIG).replace("\nTurkmenistan,", "\nUnited States,", 1)
    assert ",Uzbekistan\r\n" in text  # the end of line 2 (the Bank's CRLF line ends)
    text = text.replace(",Uzbekistan\r\n", ",World\r\n", 1)
    parsed = parse(text.encode())
    assert parsed.problems.count == 0 and parsed.rows_skipped == 1
    assert "TKM" not in {o for o, _ in pairs(parsed)}
    assert "UZB" not in {d for _, d in pairs(parsed)}


def test_bad_cells_duplicates_and_truncation_are_errors() -> None:
    line = row_of("Greece")
    albania = files.records(REM)[1].index("Albania") + 1
    bad = parse(files.with_cell(REM, line, albania, "608,4")).problems.listed
    assert [(e.field, e.value) for e in bad] == [(f"line {line}, column {albania}", "608,4")]
    data, repeat = files.with_line_repeated(REM, line)
    dup = parse(data).problems.listed[0]
    assert dup.field == f"line {repeat}, column 1" and f"first at line {line}" in dup.reason
    cut = parse(files.truncated(REM, 0.6)).problems.listed
    assert any("truncated" in e.reason for e in cut)
    self_value = files.with_cell(REM, line, files.records(REM)[1].index("Greece") + 1, "5")
    assert "itself" in parse(self_value).problems.listed[0].reason


def test_files_of_another_layout_are_refused() -> None:
    with pytest.raises(LayoutError) as rpw:
        parse(files.real_bytes(files.RPW))
    assert rpw.value.error.field == "line 1"
    with pytest.raises(LayoutError) as corner:
        parse(files.replaced(REM, "receiving (across) / sending (down)", "countries"))
    assert corner.value.error.field == "line 2, column 1"
    with pytest.raises(LayoutError) as title:
        parse(files.replaced(MIG, "Bilateral Estimates of Migrant Stocks in 2017", "Matrix 2017"))
    assert "indicator" in title.value.error.reason

"""The World Bank API CSV parser on the real shipped files and on edited copies of them."""

from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from profiles_api.imports.common import LayoutError, Parsed, Register
from profiles_api.imports.wb_api_csv import parse as parse_file
from profiles_api.seed import country_rows

_spec = spec_from_file_location("wdi_files", Path(__file__).parents[1] / "wdi_files.py")
assert _spec and _spec.loader
wdi = module_from_spec(_spec)
_spec.loader.exec_module(wdi)

REGISTER = Register.of(country_rows())  # type: ignore[arg-type]


def parse(content: bytes) -> Parsed:
    return parse_file(content, REGISTER)


def test_real_file_parses_with_vintage_indicator_and_every_economy() -> None:
    parsed = parse(wdi.real_bytes(wdi.POPULATION))
    assert parsed.problems.count == 0 and parsed.dataset is not None
    assert (parsed.indicator_code, parsed.dataset.code) == ("SP.POP.TOTL", "wdi_2025-04-15")
    assert (parsed.rows_read, parsed.rows_skipped) == (55, 4)  # 51 states + WLD, EUU, ECS, ECA
    assert {v.country for v in parsed.values} == REGISTER.iso3
    armenia = [v for v in parsed.values if v.country == "ARM" and v.period == "2020"]
    assert [(v.where.split(", ")[1], v.value) for v in armenia] == [
        (f"column {wdi.column_of(2020)}", 2961500.0)
    ]


def test_empty_cells_are_missing_values_not_zeros() -> None:
    parsed = parse(wdi.real_bytes())
    albania = [int(v.period) for v in parsed.values if v.country == "ALB"]
    assert min(albania) == 1991  # 1960-1990 cells are empty


@pytest.mark.parametrize("text", ["n/a", "1,5", "NaN", "inf", "1e999", ".."])
def test_cells_that_are_not_finite_numbers_are_named(text: str) -> None:
    data, line, column = wdi.with_cell("ARM", 2010, text)
    problems = parse(data).problems
    assert problems.count == 1
    assert problems.listed[0].field == f"line {line}, column {column}"
    assert problems.listed[0].value == text


def test_year_outside_1900_2100_and_duplicate_lines_are_errors() -> None:
    assert parse(wdi.with_header_year(1960, 1850)).problems.listed[0].field == "line 5, column 5"
    data, first, repeat = wdi.with_duplicate("GEO")
    error = parse(data).problems.listed[0]
    assert error.field == f"line {repeat}, column 2" and f"line {first}" in error.reason


def test_only_the_first_fifty_errors_are_listed_but_all_are_counted() -> None:
    lines = wdi.real_lines()
    lines[5:] = [line.replace('""', '"x"') for line in lines[5:]]
    problems = parse("".join(lines).encode()).problems
    assert len(problems.listed) == 50 and problems.count > 1000


def test_wrong_layout_encoding_and_truncation() -> None:
    tidy = (wdi.DATA / "indicators_pp_tidy_2000_2024.csv").read_bytes()
    with pytest.raises(LayoutError, match="not the World Bank API CSV layout"):
        parse(tidy)
    with pytest.raises(LayoutError, match="not UTF-8"):
        parse(wdi.latin1())
    with pytest.raises(LayoutError, match="truncated"):
        parse(wdi.real_bytes()[:200])
    problems = parse(wdi.truncated()).problems
    assert problems.count >= 1 and "truncated" in problems.listed[-1].reason

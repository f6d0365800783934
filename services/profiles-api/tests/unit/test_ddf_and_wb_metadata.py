"""The DDF datapoints and World Bank metadata parsers on the shipped files and edited copies."""

from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from profiles_api.imports import ddf, wb_metadata
from profiles_api.imports.common import LayoutError, Register
from profiles_api.seed import country_rows, indicator_rows

_spec = spec_from_file_location("long_files", Path(__file__).parents[1] / "long_files.py")
assert _spec and _spec.loader
lf = module_from_spec(_spec)
_spec.loader.exec_module(lf)

REGISTER = Register.of(country_rows())  # type: ignore[arg-type]
CATALOGUE = {str(r["code"]): r for r in indicator_rows()}


@pytest.mark.parametrize(
    ("name", "code", "armenia_2020"),
    [(lf.DDF_STOCK, "SM.POP.TOTL", 207139.0), (lf.DDF_SHARE, "SM.POP.TOTL.ZS", 7.2)],
)
def test_ddf_concept_becomes_the_wb_code_and_aggregates_are_skipped(
    name: str, code: str, armenia_2020: float
) -> None:
    parsed = ddf.parse(lf.real_bytes(name), REGISTER, {})
    assert parsed.problems.count == 0
    assert (parsed.rows_read, parsed.rows_skipped, len(parsed.values)) == (432, 32, 400)
    assert {v.indicator_code for v in parsed.values} == {code}
    assert {v.dataset for v in parsed.values} == {"wdi_via_open_numbers_ddf"}
    assert len({v.country for v in parsed.values}) == 50  # no Kosovo row in the source
    armenia = [v for v in parsed.values if (v.country, v.period) == ("ARM", "2020")]
    assert [(v.value, v.where.split(", ")[1]) for v in armenia] == [(armenia_2020, "column 3")]


def test_ddf_options_name_the_dataset_and_the_indicator() -> None:
    options = {"dataset": "other", "indicator": "XX.TEST"}
    parsed = ddf.parse(lf.real_bytes(lf.DDF_STOCK), REGISTER, options)
    assert {(v.indicator_code, v.dataset, v.dataset_where) for v in parsed.values} == {
        ("XX.TEST", "other", "option dataset")
    }


@pytest.mark.parametrize(
    ("prefix", "column", "text", "reason"),
    [
        ("arm,2020,", 1, "arx", "unknown country code"),
        ("arm,2020,", 2, "1850", "outside 1900-2100"),
        ("arm,2020,", 2, "20x0", "not a year"),
        ("arm,2020,", 3, "1.9e", "not a number"),
    ],
)
def test_ddf_bad_cells_are_named(prefix: str, column: int, text: str, reason: str) -> None:
    data, line = lf.with_cell(lf.DDF_STOCK, prefix, column, text)
    parsed = ddf.parse(data, REGISTER, {})
    assert [(e.field, e.value) for e in parsed.problems.listed] == [
        (f"line {line}, column {column}", text)
    ]
    assert reason in parsed.problems.listed[0].reason


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (lf.real_bytes(lf.TIDY), "line 1", "not a DDF datapoints file"),
        (lf.with_text(lf.DDF_STOCK, "sm_pop_totl", "SM.POP.TOTL"), "line 1, column 3", "concept"),
        (lf.latin1(lf.DDF_STOCK, "wld,1990", "wld,1990 é"), "line ", "not UTF-8"),
        (lf.real_bytes(lf.DDF_STOCK)[:25], "line 2", "no data lines"),
    ],
)
def test_ddf_files_not_in_the_layout_are_refused(data: bytes, field: str, reason: str) -> None:
    with pytest.raises(LayoutError) as err:
        ddf.parse(data, REGISTER, {})
    assert err.value.error.field.startswith(field) and reason in err.value.error.reason


def test_every_indicator_metadata_file_updates_its_catalogue_entry() -> None:
    for name in lf.META_INDICATORS:
        parsed = wb_metadata.parse(lf.real_bytes(name), REGISTER, {})
        assert parsed.problems.count == 0 and not parsed.values
        [update] = parsed.updates
        assert (update.table, update.where) == ("indicator", "line 2, column 1")
        assert name == f"Metadata_Indicator_{update.key}.csv"
        entry = CATALOGUE[update.key]
        assert update.values == {
            "definition_en": entry["definition_en"],
            "source_organization": entry["source_organization"],
        }


def test_country_metadata_sets_region_and_income_group_of_the_register() -> None:
    parsed = wb_metadata.parse(lf.real_bytes(lf.META_COUNTRY), REGISTER, {})
    assert parsed.problems.count == 0
    assert (parsed.rows_read, parsed.rows_skipped) == (55, 4)  # ECA, ECS, EUU, WLD
    by_iso = {u.key: u.values for u in parsed.updates}
    assert set(by_iso) == REGISTER.iso3
    assert by_iso["KGZ"] == {
        "wb_region": "Europe & Central Asia",
        "wb_income_group": "Lower middle income",
    }
    assert by_iso["MLT"]["wb_region"] == "Middle East & North Africa"


@pytest.mark.parametrize(
    ("name", "data", "field", "reason"),
    [
        (
            "unknown country",
            lf.with_cell(lf.META_COUNTRY, '"ARM"', 1, "ARX")[0],
            "line 3, column 1",
            "unknown country code",
        ),
        (
            "duplicate",
            lf.with_duplicate(lf.META_COUNTRY, '"GEO"')[0],
            "line 57, column 1",
            "duplicate line for GEO",
        ),
        (
            "broken line",
            lf.with_text(lf.META_COUNTRY, '"ARM","Europe & Central Asia",', '"ARM",'),
            "line 3",
            "truncated or broken line",
        ),
    ],
)
def test_metadata_errors_are_named(name: str, data: bytes, field: str, reason: str) -> None:
    problems = wb_metadata.parse(data, REGISTER, {}).problems
    assert problems.count == 1, name
    assert problems.listed[0].field == field and reason in problems.listed[0].reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lf.real_bytes(lf.TIDY), "not a World Bank metadata file"),
        (lf.real_bytes("API_SP.POP.TOTL_DS2_en_csv_v2_pp_subset.csv"), "not a World Bank metadata"),
        (lf.latin1(lf.META_COUNTRY, "x", "x"), "not UTF-8"),  # Türkiye in latin-1
        (lf.lines(lf.META_UNEMPLOYMENT)[0].encode(), "no data lines"),
    ],
)
def test_metadata_files_not_in_the_layout_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(LayoutError) as err:
        wb_metadata.parse(data, REGISTER, {})
    assert reason in err.value.error.reason

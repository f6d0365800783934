"""The tidy (long) CSV parser on every real shipped long file and on edited copies of them."""

from collections import Counter
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles_api.imports.common import LayoutError, Parsed, Register
from profiles_api.imports.registry import TIDY_OPTIONS
from profiles_api.imports.tidy_csv import parse as parse_file
from profiles_api.seed import country_rows

_spec = spec_from_file_location("long_files", Path(__file__).parents[1] / "long_files.py")
assert _spec and _spec.loader
lf = module_from_spec(_spec)
_spec.loader.exec_module(lf)

GRC_ALB_1990 = ("GRC", "ALB", "1990")
REGISTER = Register.of(country_rows())  # type: ignore[arg-type]


def parse(content: bytes, options: dict[str, str] | None = None) -> Parsed:
    return parse_file(content, REGISTER, options or {})


def real(name: str, nth: int = 0) -> Parsed:
    parsed = parse(lf.real_bytes(name), lf.options(name, nth))
    assert parsed.problems.count == 0, parsed.problems.listed[:3]
    return parsed


def test_tidy_table_with_a_source_column_per_line() -> None:
    parsed = real(lf.TIDY)
    assert (parsed.rows_read, parsed.rows_skipped, len(parsed.values)) == (9945, 0, 9945)
    assert Counter(v.dataset for v in parsed.values) == {
        "wdi_2025-04-15": 4883,
        "wdi_2023-05-10": 3238,
        "wdi_via_iom_gdidata": 1224,
        "wdi_via_open_numbers_ddf": 600,
    }
    first = parsed.values[0]
    assert (first.country, first.indicator_code, first.period, first.value) == (
        "ALB",
        "BM.TRF.PWKR.CD.DT",
        "2003",
        4135728.07,
    )
    assert (first.where, first.indicator_where, first.dataset_where) == (
        "line 2, column 5",
        "line 2, column 3",
        "line 2, column 6",
    )


def test_gdidata_long_table_renames_the_wpp_code_and_ignores_its_variable_column() -> None:
    parsed = real(lf.GDIDATA)
    codes = Counter(v.indicator_code for v in parsed.values)
    assert codes["WPP.POP.TOTL"] == 1734 and "UN_WPP2024:population" not in codes
    assert len(codes) == 8 and len(parsed.values) == 12930
    assert {v.dataset for v in parsed.values} == {"wdi_via_iom_gdidata"}
    assert parsed.values[0].dataset_where == "option dataset"
    bare = {k: v for k, v in lf.options(lf.GDIDATA).items() if k != "ignore"}
    with pytest.raises(LayoutError) as err:
        parse(lf.real_bytes(lf.GDIDATA), bare)
    assert err.value.error.field == "line 1, column 3" and "gdidata_var" in err.value.error.reason


def test_undesa_pairs_give_three_indicators_with_estimate_types_as_notes_and_flags() -> None:
    parsed = real(lf.UNDESA)
    assert Counter(v.indicator_code for v in parsed.values) == {
        "UNDESA.IMS.TOTL": 12312,
        "UNDESA.IMS.MA": 12312,
        "UNDESA.IMS.FE": 12312,
    }
    greeks = [v for v in parsed.values if (v.origin, v.destination, v.period) == GRC_ALB_1990]
    assert sorted((v.indicator_code, v.value, v.where) for v in greeks) == [
        ("UNDESA.IMS.FE", 22823.0, "line 2, column 5"),
        ("UNDESA.IMS.MA", 17264.0, "line 2, column 4"),
        ("UNDESA.IMS.TOTL", 40087.0, "line 2, column 6"),
    ]
    assert {v.note for v in greeks} == {"UN DESA estimate: foreign-born"}
    imputed = [v for v in parsed.values if v.note and "imputed" in v.note]
    assert len(imputed) == 3 * 104 and all(v.flags == "e" for v in imputed)
    assert all(v.flags == "" for v in parsed.values if not (v.note and "imputed" in v.note))


def test_unhcr_groups_map_to_one_indicator_each_with_the_group_column_as_source() -> None:
    parsed = real(lf.UNHCR)
    assert Counter(v.indicator_code for v in parsed.values) == {
        "UNHCR.REF": 14375,
        "UNHCR.ASY": 8268,
        "UNHCR.RET": 874,
        "UNHCR.IDP": 203,
        "UNHCR.OOC": 186,
        "UNHCR.IDP.RET": 88,
    }
    assert parsed.values[0].indicator_where == "line 2, column 4"
    kosovo_1999 = [
        v for v in parsed.values if v.indicator_code == "UNHCR.RET" and v.period == "1999"
    ]
    assert ("SRB", "ALB", 435790.0) in {(v.origin, v.destination, v.value) for v in kosovo_1999}
    unmapped = {**lf.options(lf.UNHCR), "indicator_map": "refugee=UNHCR.REF"}
    problems = parse(lf.real_bytes(lf.UNHCR), unmapped).problems
    assert problems.listed[0].field == "line 2, column 4"
    assert "no indicator for group 'asylum'" in problems.listed[0].reason


@pytest.mark.parametrize(
    ("name", "code", "count", "first"),
    [
        (lf.KNOMAD_MIGRATION, "KNOMAD.MIG.BILAT", 2025, ("ALB", "AUT", 3656.0)),
        (lf.KNOMAD_REMITTANCES, "KNOMAD.REM.BILAT", 1805, ("ALB", "BIH", 30.21085806665262)),
    ],
)
def test_knomad_pairs_take_the_year_from_the_value_column_name(
    name: str, code: str, count: int, first: tuple[str, str, float]
) -> None:
    parsed = real(name)
    assert len(parsed.values) == count and {v.period for v in parsed.values} == {"2017"}
    assert {v.indicator_code for v in parsed.values} == {code}
    v = parsed.values[0]
    assert (v.origin, v.destination, v.value) == first and v.indicator_where == "option indicator"


def test_eurostat_asylum_summed_over_sex_skips_the_eu27_aggregate() -> None:
    parsed = real(lf.ASYLUM, 0)
    eu27 = sum(1 for line in lf.lines(lf.ASYLUM) if line.startswith("EU27,"))
    assert parsed.rows_read == 10194 and parsed.rows_skipped == eu27 > 0
    albanians = [v for v in parsed.values if (v.origin, v.destination) == ("ALB", "AUT")]
    assert [v.value for v in albanians if v.period == "2011"] == [20.0]  # female 10 + male 10
    by_sex = real(lf.ASYLUM, 1)
    assert Counter(v.indicator_code for v in by_sex.values) == {
        "ESTAT.ASY.FIRST.CTZ.M": 5116,
        "ESTAT.ASY.FIRST.CTZ.F": 4180,
        "ESTAT.ASY.FIRST.CTZ.UNK": 70,
    }
    total = sum(v.value for v in parsed.values)
    assert total == sum(v.value for v in by_sex.values)


def test_a_repeated_line_inside_a_sum_is_an_error_not_added_twice() -> None:
    data, first, repeat = lf.with_duplicate(lf.ASYLUM, "AUT,2011,ALB,female,")
    problems = parse(data, lf.options(lf.ASYLUM, 0)).problems
    assert problems.count == 1
    assert problems.listed[0].field == f"line {repeat}, column 4"
    assert f"line {first}" in problems.listed[0].reason


def test_unknown_country_code_is_an_error_and_aggregates_are_skipped() -> None:
    data, line = lf.with_cell(lf.TIDY, "ARM,2010,SL.UEM.TOTL.ZS,", 1, "ARX")
    problems = parse(data).problems
    assert [(e.field, e.value) for e in problems.listed] == [(f"line {line}, column 1", "ARX")]
    assert "unknown country code" in problems.listed[0].reason
    for code in ("WLD", "EU27", "USA", "eca"):  # aggregate, Eurostat aggregate, outside scope
        data, _ = lf.with_cell(lf.TIDY, "ARM,2010,SL.UEM.TOTL.ZS,", 1, code)
        parsed = parse(data)
        assert parsed.problems.count == 0 and parsed.rows_skipped == 1, code


@pytest.mark.parametrize(
    ("column", "text", "reason"),
    [
        (5, "12,5%", "not a number"),
        (5, "NaN", "not a number"),
        (2, "1850", "outside 1900-2100"),
        (2, "2010-13", "not a year"),
    ],
)
def test_bad_cells_are_named_by_line_and_column(column: int, text: str, reason: str) -> None:
    data, line = lf.with_cell(lf.TIDY, "ARM,2010,SL.UEM.TOTL.ZS,", column, text)
    problems = parse(data).problems
    assert problems.count == 1
    assert problems.listed[0].field == f"line {line}, column {column}"
    assert reason in problems.listed[0].reason and problems.listed[0].value == text


def test_empty_value_is_no_value() -> None:
    data, _ = lf.with_cell(lf.TIDY, "ARM,2010,SL.UEM.TOTL.ZS,", 5, "")
    parsed = parse(data)
    assert parsed.problems.count == 0 and len(parsed.values) == 9944 and parsed.rows_skipped == 1


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (lf.real_bytes("API_SP.POP.TOTL_DS2_en_csv_v2_pp_subset.csv"), "line 1", "not a tidy CSV"),
        (lf.with_text(lf.TIDY, "indicator_code", "series"), "line 1", "give the indicator"),
        (lf.with_text(lf.TIDY, ",value,", ",obs_value,"), "line 1", "no value column 'value'"),
        (lf.with_text(lf.TIDY, "year", "date"), "line 1", "no period column"),
        (lf.with_text(lf.TIDY, ",source", ",origin"), "option dataset", "give the source dataset"),
        (lf.with_text(lf.TIDY, "iso3,", "iso3,year,"), "line 1, column 3", "appears twice"),
        (b"", "line 1", "empty"),
        (lf.lines(lf.TIDY)[0].encode(), "line 2", "no data lines"),
        (lf.latin1(lf.TIDY, "Net migration", "Net migration (Türkiye)"), "line ", "not UTF-8"),
    ],
)
def test_files_not_in_the_layout_are_refused_naming_the_header(
    data: bytes, field: str, reason: str
) -> None:
    with pytest.raises(LayoutError) as err:
        parse(data)
    assert err.value.error.field.startswith(field) and reason in err.value.error.reason


def test_truncated_file_is_an_error() -> None:
    cut = lf.truncated(lf.UNDESA)  # in a line of numbers
    problems = parse(cut, lf.options(lf.UNDESA)).problems
    last = cut.count(b"\n") + 1
    assert [e.field for e in problems.listed] == [f"line {last}", f"line {last}"]
    assert "truncated or broken line" in problems.listed[0].reason
    assert "truncated file" in problems.listed[1].reason
    with pytest.raises(LayoutError) as err:  # in a quoted name: the CSV itself is broken
        parse(lf.truncated(lf.TIDY))
    assert "truncated" in err.value.error.reason


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"indicator_map": "refugee"}, "option indicator_map"),
        ({"period": "17"}, "option period"),
        ({"indicator": "not a code!"}, "option indicator"),
        ({"dimension": "group"}, "option indicator_map"),
        ({"values": "total=X"}, "option values"),
        ({"sum_over": "gender"}, "option sum_over"),
    ],
)
def test_bad_options_are_named(options: dict[str, str], field: str) -> None:
    with pytest.raises(LayoutError) as err:
        parse(
            lf.real_bytes(lf.UNDESA), {"dataset": "d", "value": "total", "indicator": "X"} | options
        )
    assert err.value.error.field == field


def test_a_trailing_comma_on_every_line_is_no_column() -> None:
    data = "".join(line.rstrip("\n") + ",\n" for line in lf.lines(lf.KNOMAD_MIGRATION)).encode()
    parsed = parse(data, lf.options(lf.KNOMAD_MIGRATION))
    assert parsed.problems.count == 0 and len(parsed.values) == 2025
    inner = lf.with_text(lf.KNOMAD_MIGRATION, "origin_iso3,", "origin_iso3,,")
    with pytest.raises(LayoutError) as err:  # an unnamed column elsewhere is unknown
        parse(inner, lf.options(lf.KNOMAD_MIGRATION))
    assert err.value.error.field == "line 1, column 2"


SMALL = "".join(lf.lines(lf.UNHCR)[:40]).encode()  # header and 39 lines of a real file


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            o.name: st.from_regex(o.pattern, fullmatch=True)
            | st.sampled_from(["group", "persons", "year", "origin_iso3", o.example])
            for o in TIDY_OPTIONS
        },
    )
)
def test_any_options_the_form_accepts_give_values_or_named_errors(options: dict[str, str]) -> None:
    """Whatever an editor types into the form fields, the parser answers, never crashes."""
    try:
        parsed = parse(SMALL, options)
    except LayoutError as exc:
        assert exc.error.field and exc.error.reason
        return
    assert parsed.rows_read == 39
    assert all(e.field.startswith("line ") for e in parsed.problems.listed)


def test_flags_and_notes_columns_are_kept_and_flag_letters_checked_later() -> None:
    text = "iso3,year,value,flags,note\nARM,2020,1,epe,census\nGEO,2020,2,,\nAZE,2020,3,xe,\n"
    parsed = parse(text.encode(), {"indicator": "SP.POP.TOTL", "dataset": "d"})
    assert [(v.flags, v.note) for v in parsed.values] == [
        ("ep", "census"),
        ("", None),
        ("ex", None),
    ]

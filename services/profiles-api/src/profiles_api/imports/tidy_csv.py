"""Parser of tidy (long) CSV files: one value per line, columns recognised by their names.

The layout (also the importer's OpenAPI description and the README's "Tidy CSV" subsection):
UTF-8 (a BOM is allowed), comma-separated, one header line, then one line per value (or per value
columns, see `values`). Column names are matched without regard to case.

- Place: a country column `iso3` | `country_iso3` | `country_code` | `economy` (country
  indicators), or a pair: origin `origin_iso3` | `sending_iso3` | `citizenship_iso3` and
  destination `destination_iso3` | `receiving_iso3` | `asylum_iso3` | `reporting_iso3` (bilateral
  indicators). Codes are any code of the register (ISO3, ISO2, World Bank, Eurostat), any case.
  Aggregates (WLD, EUU, EU27...), non-country categories and ISO 3166 states outside the register
  are skipped and counted; any other code is an "unknown country code" error.
- Period: `year` (YYYY) | `period` (YYYY, YYYY-MM or YYYY-Qn) | `month` | `time_period`; without
  one, the `period` option, else a `_YYYY` ending of the single value column (`migrants_2017`).
- Indicator: an `indicator_code` column (codes renamed by `indicator_map` when listed there); or
  the `indicator` option for the whole file; or the `dimension` option naming a column whose every
  value `indicator_map` maps to a code (`group` = `refugee=UNHCR.REF,asylum=UNHCR.ASY`); or the
  `values` option mapping several value columns to codes (`total=UNDESA.IMS.TOTL,male=...`).
- Value: the `value` column, or the column named by the `value` option. An empty cell is no value.
- Dataset: a `source` | `dataset` | `source_dataset` column naming a known dataset on each line,
  or the `dataset` option for the whole file.
- Optional: `flags` (letters b c e f p u) and `note`; UN DESA estimate-type columns `type_b`,
  `type_c`, `type_r`, `type_i` (0/1) become the note ("foreign-born; includes refugees"), and
  `type_i` = 1 (imputed) the flag `e`.
- `sum_over` option: lines that differ only in that column (e.g. `sex`) are summed into one value.
- Name columns (`indicator_name`, `*_name`) are ignored; any other column must be listed in the
  `ignore` option, else the file is refused naming the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from profiles_api.imports.codes import UNKNOWN_REASON, Kind, classify
from profiles_api.imports.common import (
    LayoutError,
    Parsed,
    Register,
    Value,
    check_period,
    decode,
    number,
)

COUNTRY = ("iso3", "country_iso3", "country_code", "economy")
ORIGIN = ("origin_iso3", "sending_iso3", "citizenship_iso3")
DESTINATION = ("destination_iso3", "receiving_iso3", "asylum_iso3", "reporting_iso3")
PERIOD = ("year", "period", "month", "time_period")
INDICATOR = ("indicator_code",)
SOURCE = ("source", "dataset", "source_dataset")
UNDESA_TYPES = {
    "type_b": "foreign-born",
    "type_c": "foreign citizens",
    "type_r": "includes refugees",
    "type_i": "imputed",
}
NAME_COLUMN = re.compile(r"^(.+_)?name$")
CODE = re.compile(r"^[A-Za-z0-9._]{1,40}$")
YEAR_SUFFIX = re.compile(r"_(\d{4})$")
DESCRIPTION = (
    "One value per line, columns recognised by name (any case); UTF-8, a header line.\n\n"
    "- **Place**: `iso3` | `country_iso3` | `country_code` | `economy` (country indicators), or "
    "origin `origin_iso3` | `sending_iso3` | `citizenship_iso3` with destination "
    "`destination_iso3` | `receiving_iso3` | `asylum_iso3` | `reporting_iso3` (bilateral "
    "indicators). Any register code (ISO3, ISO2, World Bank, Eurostat). Aggregates (WLD, EUU, "
    "EU27...), non-country categories and ISO 3166 states outside the register are skipped and "
    "counted; any other code is an error.\n"
    "- **Period**: `year` (YYYY) | `period` (YYYY, YYYY-MM, YYYY-Qn) | `month` | `time_period`; "
    "else the `period` option, else a `_YYYY` ending of the value column (`migrants_2017`).\n"
    "- **Indicator**: an `indicator_code` column (renamed through `indicator_map` where listed), "
    "or the `indicator` option, or the `dimension` option naming a column whose values "
    "`indicator_map` maps to codes, or the `values` option mapping value columns to codes.\n"
    "- **Value**: the `value` column or the one the `value` option names; empty = no value.\n"
    "- **Dataset**: a `source` | `dataset` | `source_dataset` column, or the `dataset` option; "
    "it must be a known dataset.\n"
    "- Optional `flags` (letters bcefpu) and `note` columns; UN DESA `type_b`/`type_c`/`type_r`/"
    "`type_i` (0/1) become the note, and imputed (`type_i`) the flag `e`.\n"
    "- `sum_over`: lines differing only in that column (e.g. `sex`) are summed into one value.\n"
    "- `*_name` columns are ignored; other unknown columns must be listed in `ignore`, else the "
    "file is refused naming the column."
)


@dataclass(frozen=True)
class Options:
    """The importer's options, checked (column names lower-cased)."""

    indicator: str | None = None
    dataset: str | None = None
    value: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    dimension: str | None = None
    indicator_map: dict[str, str] = field(default_factory=dict)
    period: str | None = None
    sum_over: str | None = None
    ignore: frozenset[str] = frozenset()


def _pairs(name: str, raw: str, *, lower_keys: bool) -> dict[str, str]:
    """`a=B,c=D` as a dict; LayoutError naming the option when malformed."""
    out: dict[str, str] = {}
    for item in raw.split(","):
        key, sep, code = (part.strip() for part in item.partition("="))
        if not sep or not key or not CODE.match(code):
            raise LayoutError(
                f"option {name}", "expected NAME=CODE pairs separated by commas", item
            )
        out[key.lower() if lower_keys else key] = code
    return out


def options_of(raw: Mapping[str, str]) -> Options:
    """Check the options given to the importer."""
    opts = {k: v.strip() for k, v in raw.items() if v and v.strip()}
    if "indicator" in opts and not CODE.match(opts["indicator"]):
        raise LayoutError("option indicator", "not an indicator code", opts["indicator"])
    if "period" in opts and (reason := check_period(opts["period"])):
        raise LayoutError("option period", reason, opts["period"])
    if "dimension" in opts and "indicator_map" not in opts:
        raise LayoutError("option indicator_map", "the dimension option needs an indicator_map")
    column = {k: opts[k].lower() for k in ("value", "dimension", "sum_over") if k in opts}
    return Options(
        indicator=opts.get("indicator"),
        dataset=opts.get("dataset"),
        value=column.get("value"),
        values=_pairs("values", opts["values"], lower_keys=True) if "values" in opts else {},
        dimension=column.get("dimension"),
        indicator_map=(
            _pairs("indicator_map", opts["indicator_map"], lower_keys=False)
            if "indicator_map" in opts
            else {}
        ),
        period=opts.get("period"),
        sum_over=column.get("sum_over"),
        ignore=frozenset(c.strip().lower() for c in opts.get("ignore", "").split(",") if c),
    )


@dataclass
class Layout:
    """Which column plays which part (0-based indexes), read from the header and the options."""

    width: int
    country: int | None = None
    origin: int | None = None
    destination: int | None = None
    period: int | None = None
    period_is_year: bool = False  # a `year` column: YYYY only
    fixed_period: str | None = None
    indicator: int | None = None  # an indicator_code column, or the dimension column
    fixed_indicator: str | None = None
    source: int | None = None
    measures: list[tuple[int, str | None]] = field(default_factory=list)  # (column, code)
    flags: int | None = None
    note: int | None = None
    types: dict[int, str] = field(default_factory=dict)
    sum_over: int | None = None


class _Header:
    """The header line's names, with lookups that refuse ambiguity."""

    def __init__(self, cells: list[str]) -> None:
        self.cells = cells
        self.names = [c.strip().lower() for c in cells]
        self.used: set[int] = set()
        for i, name in enumerate(self.names):
            if name and name in self.names[:i]:
                raise LayoutError(f"line 1, column {i + 1}", "a column name appears twice", name)

    def find(self, choices: tuple[str, ...], role: str) -> int | None:
        found = [i for i, n in enumerate(self.names) if n in choices]
        if len(found) > 1:
            names = ", ".join(self.names[i] for i in found)
            raise LayoutError("line 1", f"more than one {role} column ({names})", names)
        if found:
            self.used.add(found[0])
            return found[0]
        return None

    def named(self, name: str, option: str) -> int:
        if name not in self.names:
            raise LayoutError(
                f"option {option}",
                f"no column '{name}' in the header ({','.join(self.cells)})",
                name,
            )
        index = self.names.index(name)
        self.used.add(index)
        return index

    def text(self) -> str:
        return ",".join(self.cells)


def _place(head: _Header, lay: Layout) -> None:
    lay.country = head.find(COUNTRY, "country")
    lay.origin = head.find(ORIGIN, "origin")
    lay.destination = head.find(DESTINATION, "destination")
    pair = (lay.origin, lay.destination)
    if lay.country is not None and pair != (None, None):
        raise LayoutError("line 1", "both a country column and origin/destination columns")
    if lay.country is None and None in pair:
        raise LayoutError(
            "line 1",
            "not a tidy CSV: no country column (" + ", ".join(COUNTRY) + ") nor a pair of "
            "origin (" + ", ".join(ORIGIN) + ") and destination (" + ", ".join(DESTINATION) + ") "
            "columns in the header",
            head.text(),
        )


def _measures(head: _Header, lay: Layout, opts: Options) -> None:
    """Value columns and where each value's indicator comes from."""
    indicator = head.find(INDICATOR, "indicator code")
    if opts.values:
        if indicator is not None or opts.indicator or opts.dimension or opts.value:
            raise LayoutError(
                "option values", "the values option names the indicators: drop the others"
            )
        lay.measures = [(head.named(c, "values"), code) for c, code in opts.values.items()]
        return
    column = opts.value or "value"
    if column not in head.names:
        raise LayoutError(
            "line 1",
            f"no value column '{column}': name the value column with the value option",
            head.text(),
        )
    lay.measures = [(head.named(column, "value"), None)]
    sources = {
        "an indicator_code column": indicator,
        "the indicator option": opts.indicator,
        "the dimension option": opts.dimension,
    }
    given = [name for name, source in sources.items() if source is not None]
    if len(given) != 1:
        reason = (
            "give the indicator: an indicator_code column, the indicator option, or the "
            "dimension and indicator_map options"
            if not given
            else f"the indicator is given twice ({' and '.join(given)}): keep one"
        )
        raise LayoutError("line 1" if not given else "option indicator", reason, head.text())
    lay.indicator = head.named(opts.dimension, "dimension") if opts.dimension else indicator
    lay.fixed_indicator = opts.indicator


def _period(head: _Header, lay: Layout, opts: Options) -> None:
    lay.period = head.find(PERIOD, "period")
    if lay.period is not None:
        lay.period_is_year = head.names[lay.period] == "year"
        if opts.period:
            raise LayoutError("option period", "the file has a period column: drop the option")
        return
    lay.fixed_period = opts.period
    if lay.fixed_period is None and len(lay.measures) == 1:
        match = YEAR_SUFFIX.search(head.names[lay.measures[0][0]])
        lay.fixed_period = match.group(1) if match else None
    if lay.fixed_period is None:
        raise LayoutError(
            "line 1",
            "no period column (" + ", ".join(PERIOD) + "): add one or give the period option",
            head.text(),
        )


def _source(head: _Header, lay: Layout, opts: Options) -> None:
    lay.source = head.find(SOURCE, "source dataset")
    if (lay.source is None) == (opts.dataset is None):
        raise LayoutError(
            "option dataset",
            "give the source dataset: a source column or the dataset option (not both)",
            opts.dataset,
        )


def _extras(head: _Header, lay: Layout, opts: Options) -> None:
    lay.flags = head.find(("flags",), "flags")
    lay.note = head.find(("note",), "note")
    for name, meaning in UNDESA_TYPES.items():
        if (index := head.find((name,), name)) is not None:
            lay.types[index] = meaning
    if opts.sum_over:
        lay.sum_over = head.named(opts.sum_over, "sum_over")
    for i, name in enumerate(head.names):
        if i in head.used or NAME_COLUMN.match(name) or name in opts.ignore:
            continue
        raise LayoutError(
            f"line 1, column {i + 1}",
            f"unknown column '{head.cells[i]}': list it in the ignore option to skip it",
            head.cells[i],
        )


def layout_of(cells: list[str], opts: Options) -> Layout:
    """Recognise the columns of a header line; LayoutError naming what is missing or unknown."""
    head = _Header(cells)
    lay = Layout(width=len(cells))
    _place(head, lay)
    _measures(head, lay, opts)
    _period(head, lay, opts)
    _source(head, lay, opts)
    _extras(head, lay, opts)
    return lay


@dataclass
class _Reader:
    """State while reading the lines of one file."""

    lay: Layout
    opts: Options
    register: Register
    parsed: Parsed = field(default_factory=Parsed)
    codes: dict[str, tuple[Kind, str | None]] = field(default_factory=dict)
    sums: dict[tuple[str, ...], Value] = field(default_factory=dict)
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)

    def problem(self, line: int, column: int, reason: str, value: str | None = None) -> None:
        self.parsed.problems.add(f"line {line}, column {column + 1}", reason, value)

    def code(self, record: list[str], line: int, column: int) -> tuple[Kind, str | None]:
        raw = record[column]
        if raw not in self.codes:
            self.codes[raw] = classify(self.register, raw)
        kind, iso3 = self.codes[raw]
        if kind is Kind.UNKNOWN:
            self.problem(line, column, UNKNOWN_REASON, raw)
        return kind, iso3

    def place(self, record: list[str], line: int) -> dict[str, str] | None:
        """{country} or {origin, destination}; None when skipped or wrong (noted)."""
        lay = self.lay
        roles = (
            {"country": lay.country}
            if lay.country is not None
            else {"origin": lay.origin, "destination": lay.destination}
        )
        out: dict[str, str] = {}
        kinds = set()
        for role, column in roles.items():
            assert column is not None
            kind, iso3 = self.code(record, line, column)
            kinds.add(kind)
            out[role] = iso3 or ""
        if Kind.UNKNOWN in kinds:
            return None
        if Kind.SKIP in kinds:
            self.parsed.rows_skipped += 1
            return None
        return out

    def period(self, record: list[str], line: int) -> str | None:
        lay = self.lay
        if lay.period is None:
            return lay.fixed_period
        raw = record[lay.period].strip()
        if lay.period_is_year and not re.fullmatch(r"\d{4}", raw):
            self.problem(line, lay.period, "not a year: expected YYYY", raw)
            return None
        if reason := check_period(raw):
            self.problem(line, lay.period, reason, raw)
            return None
        return raw

    def indicator(self, record: list[str], line: int, code: str | None) -> tuple[str, str] | None:
        """(code, where it was read) of one value."""
        lay = self.lay
        if code is not None:
            return code, "option values"
        if lay.fixed_indicator:
            return lay.fixed_indicator, "option indicator"
        assert lay.indicator is not None
        raw = record[lay.indicator].strip()
        where = f"line {line}, column {lay.indicator + 1}"
        mapped = self.opts.indicator_map.get(raw)
        if self.opts.dimension:
            if mapped is None:
                self.problem(
                    line,
                    lay.indicator,
                    f"no indicator for {self.opts.dimension} '{raw}': add it to indicator_map",
                    raw,
                )
                return None
            return mapped, where
        if not raw:
            self.problem(line, lay.indicator, "no indicator code")
            return None
        return mapped or raw, where

    def dataset(self, record: list[str], line: int) -> tuple[str, str] | None:
        lay = self.lay
        if lay.source is None:
            return str(self.opts.dataset), "option dataset"
        raw = record[lay.source].strip()
        if not raw:
            self.problem(line, lay.source, "no source dataset")
            return None
        return raw, f"line {line}, column {lay.source + 1}"

    def annotations(self, record: list[str], line: int) -> tuple[str, str | None] | None:
        """(flags, note) of a line."""
        lay = self.lay
        flags = record[lay.flags].strip() if lay.flags is not None else ""
        note = (record[lay.note].strip() or None) if lay.note is not None else None
        meanings = []
        for column, meaning in lay.types.items():
            raw = record[column].strip()
            if raw not in ("", "0", "1"):
                self.problem(line, column, "an estimate-type flag must be 0 or 1", raw)
                return None
            if raw == "1":
                meanings.append(meaning)
        if meanings:
            note = "; ".join(filter(None, [note, "UN DESA estimate: " + "; ".join(meanings)]))
            if "imputed" in meanings and "e" not in flags:
                flags += "e"
        return flags, note

    def line(self, record: list[str], line: int) -> None:
        """Read one data line into values (or problems)."""
        place = self.place(record, line)
        period = self.period(record, line)
        dataset = self.dataset(record, line)
        notes = self.annotations(record, line)
        if place is None or period is None or dataset is None or notes is None:
            return
        found = 0
        for column, code in self.lay.measures:
            raw = record[column].strip()
            if raw == "":
                continue
            found += 1
            value = number(raw)
            indicator = self.indicator(record, line, code)
            if value is None:
                self.problem(line, column, "not a number", raw)
            if value is None or indicator is None:
                continue
            self.add(
                record,
                line,
                Value(
                    f"line {line}, column {column + 1}",
                    indicator[0],
                    period,
                    value,
                    flags=notes[0],
                    note=notes[1],
                    dataset=dataset[0],
                    indicator_where=indicator[1],
                    dataset_where=dataset[1],
                    **place,
                ),
            )
        if not found:
            self.parsed.rows_skipped += 1

    def add(self, record: list[str], line: int, value: Value) -> None:
        """Keep a value; with `sum_over`, add it to the value of the same key instead."""
        column = self.lay.sum_over
        if column is None:
            self.parsed.values.append(value)
            return
        key = (
            value.indicator_code,
            value.country or "",
            value.origin or "",
            value.destination or "",
            value.period,
            value.dataset or "",
        )
        line_key = (*key, record[column].strip())
        if line_key in self.seen:
            self.problem(
                line, column, f"duplicate line: the same key is at line {self.seen[line_key]}"
            )
            return
        self.seen[line_key] = line
        if key in self.sums:
            self.sums[key].value += value.value
        else:
            self.sums[key] = replace(value)
            self.parsed.values.append(self.sums[key])


def parse(content: bytes, register: Register, options: Mapping[str, str]) -> Parsed:
    """Parse a whole file; LayoutError when its header cannot be read, else every problem."""
    opts = options_of(options)
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise LayoutError("line 1", "the file is empty: expected a header line")
        state = _Reader(layout_of(header, opts), opts, register)
        for record in reader:
            if not record:
                continue
            state.parsed.rows_read += 1
            if len(record) != state.lay.width:
                state.parsed.problems.add(
                    f"line {reader.line_num}",
                    f"{len(record)} cells where the header has {state.lay.width} "
                    "(truncated or broken line)",
                )
                continue
            state.line(record, reader.line_num)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    parsed = state.parsed
    if not parsed.rows_read:
        raise LayoutError("line 2", "no data lines after the header (truncated?)")
    if not text.endswith("\n"):
        parsed.problems.add(f"line {reader.line_num}", "the last line is cut off (truncated file)")
    return parsed

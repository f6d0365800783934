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
- Name columns (`indicator_name`, `*_name`) and an unnamed last column (a trailing comma) are
  ignored; any other column must be listed in the `ignore` option, else the file is refused
  naming the column.
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
from profiles_api.imports.tidy_layout import Layout, Options, layout_of, options_of

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
    "- `*_name` columns and an unnamed last column are ignored; other unknown columns must be "
    "listed in `ignore`, else the file is refused naming the column."
)


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
        # Letters in any order, each once (the column holds at most the six known letters).
        flags = "".join(sorted(set(record[lay.flags].strip()))) if lay.flags is not None else ""
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

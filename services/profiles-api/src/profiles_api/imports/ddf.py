"""Parser of DDF datapoint files (Gapminder / open-numbers `ddf--datapoints--<concept>--by--...`).

The layout: UTF-8 CSV, a header naming the keys and the concepts, one line per key, e.g.
`economy,year,sm_pop_totl`. Keys: the place `economy` | `country` | `geo` (lower-case World Bank
or ISO codes: `alb`, `wld`) and the time `year` | `time` (YYYY). Every other column is a concept:
its id becomes the indicator code by upper-casing and turning `_` into `.` (`sm_pop_totl_zs` ->
`SM.POP.TOTL.ZS`), unless the `indicator` option names the code (one concept only). Values belong
to the `dataset` option's dataset (default `wdi_via_open_numbers_ddf`). Aggregates (wld, euu, eca,
ecs...) and states outside the register are skipped and counted; other codes are errors.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

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

DEFAULT_DATASET = "wdi_via_open_numbers_ddf"
PLACE = ("economy", "country", "geo")
TIME = ("year", "time")
CONCEPT = re.compile(r"^[a-z0-9_]{1,40}$")
CODE = re.compile(r"^[A-Za-z0-9._]{1,40}$")
DESCRIPTION = (
    "DDF datapoints (Gapminder/open-numbers): header `economy,year,<concept>...`, one line per "
    "economy and year. Economy codes are lower-case World Bank/ISO codes; each concept column is "
    "one indicator, its code the concept id upper-cased with `_` read as `.` (`sm_pop_totl_zs` = "
    "SM.POP.TOTL.ZS) unless the `indicator` option names it. Values go to the `dataset` option's "
    f"dataset (default `{DEFAULT_DATASET}`). Aggregates (wld, euu, ecs, eca...) and states outside "
    "the register are skipped and counted; any other code is an error."
)


def concept_code(concept: str) -> str:
    """The indicator code of a DDF concept id (`sm_pop_totl` -> `SM.POP.TOTL`)."""
    return concept.upper().replace("_", ".")


def _columns(header: list[str], options: Mapping[str, str]) -> tuple[int, int, dict[int, str]]:
    """(place column, time column, {concept column: indicator code}) of a header."""
    names = [h.strip().lower() for h in header]
    place = [i for i, n in enumerate(names) if n in PLACE]
    time = [i for i, n in enumerate(names) if n in TIME]
    if len(place) != 1 or len(time) != 1:
        raise LayoutError(
            "line 1",
            "not a DDF datapoints file: the header needs one place key ("
            + ", ".join(PLACE)
            + ") and one time key ("
            + ", ".join(TIME)
            + ")",
            ",".join(header),
        )
    concepts: dict[int, str] = {}
    for i, name in enumerate(names):
        if i in (place[0], time[0]):
            continue
        if not CONCEPT.match(name):
            raise LayoutError(
                f"line 1, column {i + 1}", "not a DDF concept id (a-z, 0-9 and _)", header[i]
            )
        concepts[i] = concept_code(name)
    if not concepts:
        raise LayoutError("line 1", "no concept column after the keys", ",".join(header))
    indicator = (options.get("indicator") or "").strip()
    if indicator:
        if len(concepts) > 1 or not CODE.match(indicator):
            raise LayoutError(
                "option indicator", "one indicator code, for a file with one concept", indicator
            )
        concepts = {i: indicator for i in concepts}
    return place[0], time[0], concepts


def _line(
    record: list[str],
    line: int,
    columns: tuple[int, int, dict[int, str]],
    register: Register,
    parsed: Parsed,
    dataset: tuple[str, str],
) -> None:
    """Read one data line's values (or note its problems)."""
    place, time, concepts = columns
    kind, iso3 = classify(register, record[place])
    if kind is Kind.UNKNOWN:
        parsed.problems.add(f"line {line}, column {place + 1}", UNKNOWN_REASON, record[place])
        return
    year = record[time].strip()
    reason = "not a year: expected YYYY" if not re.fullmatch(r"\d{4}", year) else check_period(year)
    if reason:
        parsed.problems.add(f"line {line}, column {time + 1}", reason, year)
        return
    if iso3 is None:
        parsed.rows_skipped += 1
        return
    for column, code in concepts.items():
        raw = record[column].strip()
        if raw == "":
            continue
        where = f"line {line}, column {column + 1}"
        value = number(raw)
        if value is None:
            parsed.problems.add(where, "not a number", raw)
            continue
        parsed.values.append(
            Value(
                where,
                code,
                year,
                value,
                country=iso3,
                dataset=dataset[0],
                indicator_where=f"line 1, column {column + 1}",
                dataset_where=dataset[1],
            )
        )


def parse(content: bytes, register: Register, options: Mapping[str, str]) -> Parsed:
    """Parse a whole file; LayoutError when it is not DDF datapoints, else every problem."""
    given = (options.get("dataset") or "").strip()
    dataset = (given, "option dataset") if given else (DEFAULT_DATASET, "dataset (default)")
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = Parsed()
    try:
        header = next(reader, None)
        if not header:
            raise LayoutError("line 1", "the file is empty: expected a header line")
        columns = _columns(header, options)
        for record in reader:
            if not record:
                continue
            parsed.rows_read += 1
            if len(record) != len(header):
                parsed.problems.add(
                    f"line {reader.line_num}",
                    f"{len(record)} cells where the header has {len(header)} "
                    "(truncated or broken line)",
                )
                continue
            _line(record, reader.line_num, columns, register, parsed, dataset)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if not parsed.rows_read:
        raise LayoutError("line 2", "no data lines after the header (truncated?)")
    if not text.endswith("\n"):
        parsed.problems.add(f"line {reader.line_num}", "the last line is cut off (truncated file)")
    return parsed

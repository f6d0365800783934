"""Parser of Eurostat SDMX-CSV downloads, in both flavours the Eurostat data browser writes.

- SDMX-CSV 1.0, "labels" export: `DATAFLOW,LAST UPDATE,freq,<dimensions>,geo,TIME_PERIOD,OBS_VALUE,
  OBS_FLAG[,CONF_STATUS]`; dimension cells hold labels (`Annual`, `Austria`, `Total`) or codes.
- SDMX-CSV 2.0: `STRUCTURE,STRUCTURE_ID[,STRUCTURE_NAME],<dimension>[,<its label>]...,TIME_PERIOD
  [,Time],OBS_VALUE[,Observation value],OBS_FLAG[,...][,CONF_STATUS[,...]]`; dimension cells hold
  codes (`A`, `AT`, `TOTAL`), a label column may follow each of them.
A header cell that is neither a dimension id (lower case) nor a fixed SDMX column is the label
column of the column before it, and is not read.

Which rows become which indicator is declared in `FLOWS` (dataflow -> rules): a rule names the
indicator and the value every listed dimension must have (code or label, any case); a listed
dimension absent from the file counts as not broken down (a total). A dimension present in the file
but not listed makes the rule not match: a new breakdown is never summed into a total by accident.
A bilateral rule names the dimension holding the origin country (`citizen`); the reporting country
`geo` is the destination. Rows matching no rule, rows of aggregates (EU27_2020, "European Union -
27 countries (from 2020)", EA...), of citizenships outside the register, and rows without a value
(empty or `:`) are skipped and counted. A `geo` that is neither in the register nor an aggregate
is an error. A file of a dataflow that is not in `FLOWS` is refused.

MIGR_EIPRE (illegally present): only the total over reason and place of apprehension is imported.
The breakdowns (from 2021) do not add up to the totals in the data (Austria and Cyprus report 0 for
every reason while their totals are 105,545 and 11,175-21,025), so they are neither summed nor kept.

Flags: Eurostat's letters e (estimated), p (provisional), b (break in series), u (low
reliability), c (confidential) and f (forecast) are kept; s (Eurostat estimate) becomes e; d
(definition differs), r (revised), n (not significant), z (not applicable) and i (see metadata)
become a note; CONF_STATUS C, D or N adds c. Other letters are errors.

The source dataset is `estat_<dataflow>` plus `_<LAST UPDATE date>` when the file gives one
(1.0 exports; `vintage` option otherwise), so each release is its own dataset as for WDI.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from profiles_api.imports.common import (
    DatasetInfo,
    LayoutError,
    Parsed,
    Register,
    Value,
    decode,
    fold,
    number,
)

TOTAL = ("TOTAL", "Total")
SEX_TOTAL = ("T", "Total")
PERSONS = ("PER", "Person")
ANNUAL = ("A", "Annual")
MONTHLY = ("M", "Monthly")


@dataclass(frozen=True)
class Rule:
    """Rows whose dimensions have these values (code or label) give this indicator."""

    indicator: str
    match: Mapping[str, tuple[str, ...]]
    origin: str | None = None  # dimension naming the origin country of a bilateral indicator

    @cached_property
    def folded(self) -> dict[str, set[str]]:
        """The accepted values of each dimension, folded for comparison."""
        return {d: {fold(a) for a in accepted} for d, accepted in self.match.items()}


@dataclass(frozen=True)
class Flow:
    """A Eurostat dataflow we import: its title and rules, tried in order."""

    title: str
    rules: tuple[Rule, ...]


_RESFIRST = Rule(
    "ESTAT.RESFIRST",
    {"freq": ANNUAL, "reason": TOTAL, "citizen": TOTAL, "duration": TOTAL, "unit": PERSONS},
)
FLOWS: dict[str, Flow] = {
    "MIGR_ASYAPPCTZA": Flow(
        "Asylum applicants by type, citizenship, age and sex - annual aggregated data",
        (
            Rule(
                "ESTAT.ASY.APP",
                {
                    "freq": ANNUAL,
                    "citizen": TOTAL,
                    "sex": SEX_TOTAL,
                    "age": TOTAL,
                    "asyl_app": ("ASY_APP", "Asylum applicant"),
                    "unit": PERSONS,
                },
            ),
            Rule(
                "ESTAT.ASY.APP.CTZ",
                {
                    "freq": ANNUAL,
                    "sex": SEX_TOTAL,
                    "age": TOTAL,
                    "asyl_app": ("ASY_APP", "Asylum applicant"),
                    "unit": PERSONS,
                },
                origin="citizen",
            ),
        ),
    ),
    "MIGR_ASYTPSM": Flow(
        "Beneficiaries of temporary protection at the end of the month by citizenship, age and "
        "sex - monthly data",
        (
            Rule(
                "ESTAT.TPS.BEN.CTZ",
                {"freq": MONTHLY, "sex": SEX_TOTAL, "age": TOTAL, "unit": PERSONS},
                origin="citizen",
            ),
        ),
    ),
    "MIGR_EIPRE": Flow(
        "Third-country nationals found to be illegally present - annual data (rounded)",
        (
            Rule(
                "ESTAT.EIPRE",
                {
                    "freq": ANNUAL,
                    "reason": TOTAL,
                    "apprehen": TOTAL,
                    "citizen": TOTAL,
                    "sex": SEX_TOTAL,
                    "age": TOTAL,
                    "unit": PERSONS,
                },
            ),
        ),
    ),
    "MIGR_EIRFS": Flow(
        "Third-country nationals refused entry at the external borders - annual data (rounded)",
        (
            Rule(
                "ESTAT.EIRFS",
                {
                    "freq": ANNUAL,
                    "border": TOTAL,
                    "reason": TOTAL,
                    "citizen": TOTAL,
                    "unit": PERSONS,
                },
            ),
        ),
    ),
    "TPS00170": Flow(
        "First residence permits by reason (summary table of migr_resfirst)", (_RESFIRST,)
    ),
    "MIGR_RESFIRST": Flow(
        "First permits by reason, length of validity and citizenship", (_RESFIRST,)
    ),
}

FIXED = {"TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "OBS_STATUS", "CONF_STATUS", "ACTION"}
DIMENSION = re.compile(r"^[a-z][a-z0-9_]*$")
FLOW_ID = re.compile(r"^(?:[A-Za-z0-9_.]+:)?([A-Za-z0-9_]+)(?:\$[A-Za-z0-9_]+)?(?:\([0-9.]+\))?$")
AGGREGATE_CODE = re.compile(r"^(EU\d*(_\d{4})?|EA\d*|EEA\d*|EFTA|EXT_.*|TOTAL)$")
AGGREGATE_LABEL = re.compile(
    r"^(European Union|Euro area|European Economic Area|European Free Trade Association|EFTA"
    r"|Extra-EU|Total)\b",
    re.I,
)
MISSING = {"", ":"}
FLAGS = {"e": "e", "p": "p", "b": "b", "u": "u", "c": "c", "f": "f", "s": "e"}
FLAG_NOTES = {
    "d": "definition differs (see metadata)",
    "r": "revised",
    "n": "not significant",
    "z": "not applicable",
    "i": "see metadata",
}
CONFIDENTIAL = {"C", "D", "N"}


@dataclass
class Header:
    """Columns (0-based) of the header: flavour, flow, last update, dimensions, fixed columns."""

    version: int
    flow: int
    updated: int | None = None
    dimensions: dict[str, int] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)
    width: int = 0


def _header(cells: list[str] | None) -> Header:
    """Read the header line; LayoutError when it is not SDMX-CSV."""
    cells = [c.strip() for c in cells or []]
    if cells and cells[0] == "DATAFLOW":
        header = Header(version=1, flow=0)
    elif cells[:2] == ["STRUCTURE", "STRUCTURE_ID"]:
        header = Header(version=2, flow=1)
    else:
        raise LayoutError(
            "line 1, column 1",
            "not Eurostat SDMX-CSV: the header must start with DATAFLOW (1.0) or "
            "STRUCTURE,STRUCTURE_ID (2.0)",
            cells[0][:200] if cells else None,
        )
    header.width = len(cells)
    previous = ""
    for column, cell in enumerate(cells):
        if column <= header.flow or cell in ("STRUCTURE_NAME",):
            previous = ""
        elif cell == "LAST UPDATE" and header.version == 1:
            header.updated = column
        elif cell in FIXED:
            header.fixed[cell] = column
        elif DIMENSION.match(cell):
            header.dimensions[cell] = column
        elif not previous:
            raise LayoutError(
                f"line 1, column {column + 1}",
                "not an SDMX-CSV column: neither a dimension id nor the label of one",
                cell,
            )
        previous = cell if DIMENSION.match(cell) or cell in FIXED else ""
    for required in ("TIME_PERIOD", "OBS_VALUE"):
        if required not in header.fixed:
            raise LayoutError("line 1", f"not Eurostat SDMX-CSV: no {required} column")
    if "geo" not in header.dimensions:
        raise LayoutError("line 1", "no geo column: the reporting country is needed")
    return header


def _updated(raw: str) -> date | None:
    """Eurostat's LAST UPDATE (`03/03/25 11:00:00`, day first) as a date."""
    for pattern in ("%d/%m/%y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def _aggregate(value: str) -> bool:
    return bool(AGGREGATE_CODE.match(value) or AGGREGATE_LABEL.match(value))


def _country(register: Register, value: str) -> str | None:
    """ISO3 of a geo or citizen cell: a Eurostat code (`EL`, `UK`) or a label (`Greece`)."""
    return register.code(value) if re.fullmatch(r"[A-Z]{2}", value) else register.name(value)


def _rule(flow: Flow, header: Header, record: list[str]) -> Rule | None:
    """The first rule the row matches, or None."""
    for rule in flow.rules:
        ignored = {"geo", rule.origin}
        if any(d not in rule.match and d not in ignored for d in header.dimensions):
            continue
        if all(
            d not in header.dimensions or fold(record[header.dimensions[d]]) in accepted
            for d, accepted in rule.folded.items()
        ):
            return rule
    return None


def _flags(raw: str, conf: str, where: str, parsed: Parsed) -> tuple[str, str | None] | None:
    """Our flag letters and note for Eurostat's OBS_FLAG and CONF_STATUS; None when unknown."""
    letters: set[str] = set()
    notes: list[str] = []
    for letter in raw.strip():
        if letter in FLAGS:
            letters.add(FLAGS[letter])
        elif letter in FLAG_NOTES:
            notes.append(FLAG_NOTES[letter])
        else:
            parsed.problems.add(
                where, "unknown Eurostat flag: expected letters of b c d e f i n p r s u z", raw
            )
            return None
    if conf.strip().upper() in CONFIDENTIAL:
        letters.add("c")
    return "".join(sorted(letters)), "; ".join(notes) or None


@dataclass
class State:
    """What the rows said so far: the dataflow (first row), vintage, seen countries."""

    flow_id: str = ""
    flow: Flow | None = None
    vintage: date | None = None
    matched: int = 0


def _flow(record: list[str], line: int, header: Header, state: State, parsed: Parsed) -> bool:
    """Check the row's dataflow (the first row's, and mapped); False to stop reading."""
    raw = record[header.flow].strip()
    where = f"line {line}, column {header.flow + 1}"
    match = FLOW_ID.match(raw)
    flow_id = match[1].upper() if match else ""
    if not state.flow_id:
        if not flow_id:
            raise LayoutError(where, "not a dataflow id (e.g. ESTAT:MIGR_EIPRE(1.0))", raw)
        state.flow_id = flow_id
        state.flow = FLOWS.get(flow_id)
        if state.flow is None:
            known = ", ".join(sorted(FLOWS))
            parsed.problems.add(
                where, f"dataflow {flow_id} is not mapped to any indicator (known: {known})", raw
            )
            return False
    elif flow_id != state.flow_id:
        parsed.problems.add(where, f"a second dataflow in one file ({state.flow_id} first)", raw)
        return True
    if header.updated is not None and (text := record[header.updated].strip()):
        updated = _updated(text)
        if updated is None:
            parsed.problems.add(
                f"line {line}, column {header.updated + 1}",
                "LAST UPDATE is not a date like 03/03/25 11:00:00",
                text,
            )
        elif state.vintage is None or updated > state.vintage:
            state.vintage = updated
    return True


def _row(
    record: list[str], line: int, header: Header, register: Register, state: State, parsed: Parsed
) -> None:
    """The value of one row, or why it is skipped, or its problems."""
    assert state.flow is not None
    rule = _rule(state.flow, header, record)
    geo_column = header.dimensions["geo"]
    geo = record[geo_column].strip()
    if rule is None or _aggregate(geo):
        parsed.rows_skipped += 1
        return
    destination = _country(register, geo)
    if destination is None:
        parsed.problems.add(
            f"line {line}, column {geo_column + 1}",
            "unknown geo: neither a state of the register nor a Eurostat aggregate",
            geo,
        )
        return
    origin = None
    if rule.origin is not None:
        origin = _country(register, record[header.dimensions[rule.origin]].strip())
        if origin is None:  # an aggregate, stateless, or a citizenship outside the register
            parsed.rows_skipped += 1
            return
    state.matched += 1
    value_column = header.fixed["OBS_VALUE"]
    raw = record[value_column].strip()
    if raw in MISSING:
        parsed.rows_skipped += 1
        return
    where = f"line {line}, column {value_column + 1}"
    value = number(raw)
    if value is None:
        parsed.problems.add(where, "not a number", raw)
        return
    flag_column = header.fixed.get("OBS_FLAG")
    conf_column = header.fixed.get("CONF_STATUS")
    flags = _flags(
        record[flag_column] if flag_column is not None else "",
        record[conf_column] if conf_column is not None else "",
        f"line {line}, column {(flag_column or 0) + 1}",
        parsed,
    )
    if flags is None:
        return
    period = record[header.fixed["TIME_PERIOD"]].strip()
    ends = {"origin": origin, "destination": destination} if origin else {"country": destination}
    parsed.values.append(
        Value(where, rule.indicator, period, value, flags=flags[0], note=flags[1], **ends)
    )


def _dataset(state: State, options: Mapping[str, str]) -> DatasetInfo:
    vintage = state.vintage
    if "vintage" in options:
        try:
            vintage = date.fromisoformat(options["vintage"])
        except ValueError:
            raise LayoutError("vintage", "not a YYYY-MM-DD date", options["vintage"]) from None
    flow = state.flow_id.lower()
    title = state.flow.title if state.flow else flow
    suffix = f" (last updated {vintage.isoformat()})" if vintage else ""
    return DatasetInfo(
        code=f"estat_{flow}" + (f"_{vintage.isoformat()}" if vintage else ""),
        title=f"Eurostat {flow}: {title}{suffix}",
        publisher="Eurostat",
        licence="CC BY 4.0",
        source_url=f"https://ec.europa.eu/eurostat/databrowser/view/{flow}/default/table",
        vintage=vintage,
        priority=70,
    )


def parse(content: bytes, register: Register, options: Mapping[str, str]) -> Parsed:
    """Parse a whole SDMX-CSV file; LayoutError when it is not one, else every problem listed."""
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = Parsed()
    state = State()
    try:
        header = _header(next(reader, None))
        for record in reader:
            line = reader.line_num
            if not any(c.strip() for c in record):
                continue
            parsed.rows_read += 1
            if len(record) != header.width:
                parsed.problems.add(
                    f"line {line}",
                    f"{len(record)} cells where the header has {header.width} "
                    "(truncated or broken line)",
                )
                continue
            if not _flow(record, line, header, state, parsed):
                break
            _row(record, line, header, register, state, parsed)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if not parsed.rows_read:
        raise LayoutError("line 2", "no data lines after the header (truncated?)")
    if state.flow is not None and not state.matched and not parsed.problems.count:
        parsed.problems.add(
            "file",
            f"no line matches the mapping of {state.flow_id}: its dimensions or totals differ "
            "from what the importer knows",
        )
    if not text.endswith("\n"):
        parsed.problems.add(f"line {reader.line_num}", "the last line is cut off (truncated file)")
    if state.flow_id:
        parsed.dataset = _dataset(state, options)
    indicators = {v.indicator_code for v in parsed.values}
    if len(indicators) == 1:
        parsed.indicator_code = indicators.pop()
        parsed.indicator_where = parsed.values[0].where
    return parsed

"""The tidy CSV layout: which column plays which part, read from a header line and the options.

See `tidy_csv.py` for the layout as users see it; this module only recognises the columns, and
refuses a header it cannot read with a LayoutError naming the column or option.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from profiles_api.imports.common import LayoutError, check_period

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
    last = len(head.names) - 1
    for i, name in enumerate(head.names):
        if i in head.used or NAME_COLUMN.match(name) or name in opts.ignore:
            continue
        if name == "" and i == last:  # a trailing comma on every line, as spreadsheets write
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

"""Parser of the World Bank / KNOMAD bilateral matrices (remittances, migrant stocks) saved as CSV.

The layout, as the Bank's workbooks are saved to CSV:

- line 1, the title, which names the measure and the year: `Bilateral Remittance Estimates for 2017
  using Migrant Stocks, Host Country Incomes, and Origin Country Incomes (millions of US$) (April
  2018 Version)` or `Bilateral Estimates of Migrant Stocks in 2017`;
- line 2, the corner cell naming the orientation (`receiving (across) / sending (down)`,
  `destination (across) / origin (down)`), then the country names across;
- one line per country down: its name, then one value per column;
- a blank line and the notes (`Notes:` and the Bank's caveats) to the end of the file.

Countries are World Bank names ("Macedonia, FYR", "Kyrgyz Republic", "Slovak Republic") matched to
the register through `Register.name`. Names of real countries outside the register ("United
States") and of totals ("World") are skipped and counted, so the publisher's full matrix imports;
a name that matches nothing is an error, and every such name is listed with its line and column.

Direction: remittances go from the sending (host) country, stored as origin, to the receiving
(home) country, the destination; migrant stocks from the country of origin to the destination
(host). Values are stored as the matrix gives them: remittances in millions of US$ (the indicator
has scale 6), migrants in persons.

Zero cells are not stored. The Bank's notes call the remittance figures "analytical estimates"
derived from bilateral migrant stocks and incomes, not reported data; a 0 marks a pair without a
migrant-stock estimate (the diagonal included), i.e. no estimate rather than a measured zero. The
derived long files (`*_pp_pairs_long.csv`) drop the same cells, so importing either form gives
the same rows.

Options override what the title says: `indicator` (catalogue code), `year`, `dataset` (code).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import pycountry

from profiles_api.imports.common import (
    MAX_LISTED,
    YEARS,
    DatasetInfo,
    LayoutError,
    Parsed,
    Register,
    Value,
    decode,
    fold,
    number,
)


@dataclass(frozen=True)
class Measure:
    """What a matrix title names: the indicator and the dataset code prefix."""

    indicator: str
    dataset: str
    words: re.Pattern[str]
    source_url: str


MEASURES = (
    Measure(
        "KNOMAD.REM.BILAT",
        "knomad_remittances",
        re.compile(r"\bremittance", re.I),
        "https://www.knomad.org/data/remittances",
    ),
    Measure(
        "KNOMAD.MIG.BILAT",
        "knomad_migration",
        re.compile(r"\bmigrant stock|\bmigration", re.I),
        "https://www.knomad.org/data/migration/emigration",
    ),
)
CORNER = re.compile(r"^\s*([a-z]+)\s*\(across\)\s*/\s*([a-z]+)\s*\(down\)\s*$", re.I)
ROLES = {
    "sending": "origin",
    "origin": "origin",
    "receiving": "destination",
    "destination": "destination",
}
YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
VERSION = re.compile(
    r"\((January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (\d{4}) Version\)",
    re.I,
)
# Rows and columns that are totals or groups, not countries (skipped).
TOTALS = {"world", "total", "other north", "other south", "others", "other", "unknown"}
# World Bank spellings of economies outside the register that ISO 3166 does not know (skipped).
WB_OTHER = {
    "bahamas, the", "gambia, the", "egypt, arab rep.", "iran, islamic rep.", "korea, rep.",
    "korea, dem. rep.", "korea, dem. people's rep.", "lao pdr", "venezuela, rb", "yemen, rep.",
    "congo, dem. rep.", "congo, rep.", "hong kong sar, china", "macao sar, china",
    "micronesia, fed. sts.", "st. kitts and nevis", "st. lucia", "st. vincent and the grenadines",
    "st. martin (french part)", "sint maarten (dutch part)", "virgin islands (u.s.)",
    "west bank and gaza", "channel islands", "curacao", "cote d'ivoire", "swaziland",
    "cape verde", "taiwan, china", "faeroe islands", "vietnam", "syrian arab republic",
    "brunei darussalam", "micronesia", "st. helena", "netherlands antilles",
    "turks and caicos islands",
}  # fmt: skip


@dataclass
class Axis:
    """The countries of one axis: (1-based column or line, ISO3) of every kept country."""

    role: str  # origin | destination
    kept: list[tuple[int, str]] = field(default_factory=list)


def _elsewhere(name: str) -> bool:
    """A total, or a real country outside the register: skipped, not an error."""
    folded = fold(name)
    if folded in TOTALS or folded in WB_OTHER:
        return True
    try:
        pycountry.countries.lookup(name.strip())
    except LookupError:
        return False
    return True


@dataclass
class Names:
    """Country names read on both axes: the unmatched ones (where, name), the skipped ones."""

    unmatched: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0


def _country(name: str, where: str, register: Register, names: Names) -> str | None:
    iso3 = register.name(name)
    if iso3 is None:
        if _elsewhere(name):
            names.skipped += 1
        else:
            names.unmatched.append((where, name))
    return iso3


@dataclass
class Title:
    """What line 1 and the options give: indicator, year, dataset."""

    indicator: str
    indicator_where: str
    year: int
    dataset: DatasetInfo


def _title(record: list[str], options: Mapping[str, str]) -> Title:
    """The indicator, year and dataset named by the title line (or the options)."""
    text = " ".join((record[0] if record else "").split())
    if not text or any(c.strip() for c in record[1:]):
        raise LayoutError(
            "line 1",
            "not a KNOMAD matrix: line 1 must be the title alone (e.g. Bilateral Estimates of "
            "Migrant Stocks in 2017)",
            text[:200] or None,
        )
    measure = next((m for m in MEASURES if m.words.search(text)), None)
    if measure is None and not ("indicator" in options and "dataset" in options):
        raise LayoutError(
            "line 1",
            "the title names neither remittances nor migrant stocks: give the indicator and "
            "dataset options",
            text[:200],
        )
    year_text = options.get("year") or next(iter(YEAR.findall(VERSION.sub("", text))), "")
    if not year_text:
        raise LayoutError("line 1", "the title names no year: give the year option", text[:200])
    if not re.fullmatch(r"\d{4}", year_text) or not YEARS[0] <= int(year_text) <= YEARS[1]:
        where = "year" if "year" in options else "line 1"
        raise LayoutError(where, f"the year must be in {YEARS[0]}-{YEARS[1]}", year_text)
    version = VERSION.search(text)
    vintage = datetime.strptime(f"{version[1]} {version[2]}", "%B %Y").date() if version else None
    return Title(
        indicator=options.get("indicator") or (measure.indicator if measure else ""),
        indicator_where="indicator" if "indicator" in options else "line 1",
        year=int(year_text),
        dataset=_dataset(text, measure, int(year_text), vintage, options),
    )


def _dataset(
    text: str,
    measure: Measure | None,
    year: int,
    vintage: date | None,
    options: Mapping[str, str],
) -> DatasetInfo:
    code = options.get("dataset") or ""
    if not code and measure is not None:
        code = f"{measure.dataset}_{year}"
        if vintage:
            code += f"_{vintage.strftime('%b').lower()}{vintage.year}"
    if not re.fullmatch(r"[a-z0-9_.-]{1,60}", code):
        raise LayoutError("dataset", "a dataset code is 1-60 of a-z, 0-9, _ . -", code)
    return DatasetInfo(
        code=code,
        title=text[:500],
        publisher="World Bank / KNOMAD",
        licence="CC BY 4.0",
        source_url=measure.source_url if measure else "https://www.knomad.org/data",
        vintage=vintage,
        priority=50,
    )


def _axes(record: list[str], register: Register, names: Names) -> tuple[Axis, Axis, int]:
    """The corner cell and the names across: (across, down, width of the matrix lines)."""
    corner = CORNER.match(record[0] if record else "")
    roles = [ROLES.get(r.lower()) for r in corner.groups()] if corner else []
    if not corner or None in roles or roles[0] == roles[1]:
        raise LayoutError(
            "line 2, column 1",
            "not a KNOMAD matrix: expected the corner cell 'receiving (across) / sending (down)' "
            "or 'destination (across) / origin (down)'",
            (record[0] if record else "")[:200] or None,
        )
    cells = list(record)
    while len(cells) > 1 and not cells[-1].strip():
        cells.pop()  # trailing commas
    across, down = Axis(str(roles[0])), Axis(str(roles[1]))
    for column, name in enumerate(cells[1:], start=2):
        where = f"line 2, column {column}"
        if not name.strip():
            names.unmatched.append((where, name))
            continue
        iso3 = _country(name, where, register, names)
        if iso3 is not None:
            across.kept.append((column, iso3))
    return across, down, len(cells)


def _duplicates(axis: Axis, parsed: Parsed, *, across: bool) -> None:
    """A country named twice on one axis (its values would be read twice)."""
    seen: dict[str, int] = {}
    for position, iso3 in axis.kept:
        if iso3 not in seen:
            seen[iso3] = position
        elif across:
            where, first = f"line 2, column {position}", f"column {seen[iso3]}"
            parsed.problems.add(where, f"{iso3} appears twice (first at {first})", iso3)
        else:
            where, first = f"line {position}, column 1", f"line {seen[iso3]}"
            parsed.problems.add(where, f"{iso3} appears twice (first at {first})", iso3)


def _row(
    record: list[str], line: int, iso3: str, across: Axis, title: Title, parsed: Parsed
) -> None:
    """The values of one matrix line (zero cells are not estimates: skipped)."""
    for column, other in across.kept:
        raw = record[column - 1].strip()
        if raw == "":
            continue
        where = f"line {line}, column {column}"
        value = number(raw)
        if value is None:
            parsed.problems.add(where, "not a number", raw)
            continue
        if value == 0:
            continue
        if other == iso3:
            parsed.problems.add(where, f"a value from {iso3} to itself", raw)
            continue
        origin, destination = (other, iso3) if across.role == "origin" else (iso3, other)
        parsed.values.append(
            Value(
                where,
                title.indicator,
                str(title.year),
                value,
                origin=origin,
                destination=destination,
            )
        )


def _unmatched(names: Names, parsed: Parsed) -> None:
    """Every unmatched name, each with its line and column (a summary first if they overflow)."""
    if len(names.unmatched) >= MAX_LISTED:
        listing = "; ".join(f"{w}: {n!r}" for w, n in names.unmatched)
        parsed.problems.add(
            "file", f"{len(names.unmatched)} country names match no country", listing[:4000]
        )
    for where, name in names.unmatched:
        reason = "no country name" if not name.strip() else "country name matches no country"
        parsed.problems.add(where, reason, name)


def _read(records: Iterator[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], bool]:
    """The matrix lines after line 2 (with their numbers), and whether a blank line or the
    notes follow them (the notes are not read)."""
    rows: list[tuple[int, list[str]]] = []
    for line, record in records:
        if not any(c.strip() for c in record) or record[0].strip().lower() == "notes:":
            return rows, True
        rows.append((line, record))
    return rows, False


def parse(content: bytes, register: Register, options: Mapping[str, str]) -> Parsed:
    """Parse a whole matrix; LayoutError when it is not one, else every problem listed."""
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = Parsed()
    names = Names()
    try:
        title = _title(next(reader, []), options)
        across, down, width = _axes(next(reader, []), register, names)
        rows, ended = _read((reader.line_num, record) for record in reader)
    except csv.Error as exc:
        raise LayoutError(
            f"line {reader.line_num}", f"malformed CSV ({exc}): truncated file, or not CSV"
        ) from None
    if not rows:
        raise LayoutError("line 3", "no matrix lines after the country names (truncated?)")
    kept: list[tuple[int, list[str], str]] = []
    for line, record in rows:
        iso3 = _country(record[0], f"line {line}, column 1", register, names)
        if iso3 is not None:
            down.kept.append((line, iso3))
            kept.append((line, record, iso3))
    parsed.rows_read = len(rows)
    parsed.rows_skipped = len(rows) - len(kept)
    _unmatched(names, parsed)  # first, so that every unmatched name is listed
    _duplicates(across, parsed, across=True)
    _duplicates(down, parsed, across=False)
    for line, record, iso3 in kept:
        if len(record) < width or any(c.strip() for c in record[width:]):
            parsed.problems.add(
                f"line {line}",
                f"{len(record)} cells where line 2 has {width} (truncated or broken line)",
            )
            continue
        _row(record, line, iso3, across, title, parsed)
    if not ended:
        parsed.problems.add(
            f"line {reader.line_num}",
            "the matrix is not followed by a blank line and the notes: truncated file?",
        )
    parsed.dataset = title.dataset
    parsed.indicator_code = title.indicator
    parsed.indicator_where = title.indicator_where
    return parsed

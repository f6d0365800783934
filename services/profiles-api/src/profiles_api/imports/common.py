"""What every importer shares: the values a parser reads, the problems it finds, the register.

A parser is a pure function `parse(content, register, options) -> Parsed`: it reads the publisher's
layout, maps its country codes or names to ISO3 through the `Register`, and returns every value
with where it was read ("line 7, column 12") and every problem found. The service then checks what
is common to all layouts (catalogue, periods, signs, duplicates) and writes all or nothing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pycountry
from imap_kit.errors import FieldError

YEARS = (1900, 2100)
MAX_LISTED = 50  # errors kept in a rejection (all are counted)
NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
PERIOD = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]|Q[1-4]))?$")
FLAG_LETTERS = frozenset("bcefpu")

# Publishers' spellings that neither the register nor ISO 3166 (pycountry) knows.
NAME_ALIASES = {
    "macedonia, fyr": "MKD",
    "macedonia": "MKD",
    "the former yugoslav republic of macedonia": "MKD",
    "kosovo": "XKX",
    "kosovo*": "XKX",
    "kosovo (under united nations security council resolution 1244/99)": "XKX",
    "turkey": "TUR",
    "moldova, republic of": "MDA",
    "germany (until 1990 former territory of the frg)": "DEU",
}


class LayoutError(Exception):
    """The file is not in this layout at all (wrong format, encoding, truncated before data)."""

    def __init__(self, where: str, reason: str, value: str | None = None) -> None:
        super().__init__(f"{where}: {reason}")
        self.error = FieldError(field=where, reason=reason, value=value)


@dataclass
class Problems:
    """Errors found in one file: the first `MAX_LISTED` kept, all counted."""

    listed: list[FieldError] = field(default_factory=list)
    count: int = 0

    def add(self, where: str, reason: str, value: str | None = None) -> None:
        """Note one error."""
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(FieldError(field=where, reason=reason, value=value))


@dataclass(frozen=True)
class DatasetInfo:
    """The source dataset and vintage a file belongs to (created on first import)."""

    code: str
    title: str
    publisher: str
    licence: str
    source_url: str
    vintage: date | None = None
    priority: int = 50


@dataclass
class Value:
    """One value read from a file: a country value (`country`) or a pair (`origin`, `destination`).

    `dataset` is left empty when the whole file belongs to `Parsed.dataset`.
    """

    where: str
    indicator_code: str
    period: str
    value: float
    country: str | None = None
    origin: str | None = None
    destination: str | None = None
    flags: str = ""
    note: str | None = None
    dataset: str | None = None
    # Where the indicator code and the dataset were read, when not in the value's own cell
    # ("line 7, column 3", "option indicator"): errors about them point there.
    indicator_where: str | None = None
    dataset_where: str | None = None

    @property
    def pair(self) -> bool:
        return self.country is None


# What an `Update` may change, per table: reference fields a publisher's metadata file carries.
UPDATABLE: dict[str, tuple[str, ...]] = {
    "indicator": ("definition_en", "definition_ru", "source_organization"),
    "country": ("wb_region", "wb_income_group"),
}


@dataclass
class Update:
    """A change to an existing catalogue or register entry read from a file (not an observation).

    `table` is `indicator` (key: code) or `country` (key: ISO3); `values` only holds fields listed
    in `UPDATABLE`. The service checks that the entry exists and applies the change after every
    check has passed, in the same transaction as the observations.
    """

    where: str
    table: str
    key: str
    values: dict[str, str | None]


@dataclass
class Parsed:
    """What a parser read: the values, the dataset, counts and problems."""

    dataset: DatasetInfo | None = None
    values: list[Value] = field(default_factory=list)
    rows_read: int = 0
    rows_skipped: int = 0
    indicator_code: str | None = None  # when the whole file is one indicator
    indicator_where: str = ""  # where that code was read, for "unknown indicator"
    problems: Problems = field(default_factory=Problems)
    updates: list[Update] = field(default_factory=list)  # metadata files: catalogue/register


def decode(content: bytes) -> str:
    """The file as text: UTF-8 (BOM dropped), else a LayoutError naming the first bad byte."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        bad = content[exc.start]
        raise LayoutError(
            f"line {line}", f"the file is not UTF-8 (byte 0x{bad:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff")


def number(raw: str) -> float | None:
    """A finite number written plainly (`12`, `-3.5`, `1e6`), else None."""
    raw = raw.strip()
    if not NUMBER.match(raw):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def check_period(period: str) -> str | None:
    """Why `period` is not a usable period (YYYY, YYYY-MM, YYYY-Qn in 1900-2100), or None."""
    match = PERIOD.match(period)
    if not match:
        return "not a period: expected YYYY, YYYY-MM or YYYY-Qn"
    year = int(match.group(1))
    if not YEARS[0] <= year <= YEARS[1]:
        return f"year {year} is outside {YEARS[0]}-{YEARS[1]}"
    return None


def fold(name: str) -> str:
    """A name folded for matching: lower case, accents and extra spaces dropped."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("\u2019", "'").split())


@dataclass
class Register:
    """The country register as importers see it: every code and name that maps to an ISO3."""

    iso3: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)  # iso2, WB and Eurostat codes -> ISO3
    names: dict[str, str] = field(default_factory=dict)  # folded names -> ISO3

    @classmethod
    def of(cls, rows: Iterable[dict[str, str | None]]) -> Register:
        """Build from register rows (iso3, iso2, wb_code, eurostat_geo, name_en, official_name)."""
        reg = cls()
        for row in rows:
            iso3 = str(row["iso3"])
            reg.iso3.add(iso3)
            for key in ("iso3", "iso2", "wb_code", "eurostat_geo"):
                if row.get(key):
                    reg.codes[str(row[key]).upper()] = iso3
            for key in ("name_en", "official_name_en"):
                if row.get(key):
                    reg.names[fold(str(row[key]))] = iso3
        reg.names.update({k: v for k, v in NAME_ALIASES.items() if v in reg.iso3})
        return reg

    def code(self, code: str) -> str | None:
        """ISO3 of a code (ISO3, ISO2, World Bank, Eurostat geo); None when not one of ours."""
        return self.codes.get(code.strip().upper())

    def name(self, name: str) -> str | None:
        """ISO3 of a country name in any spelling we know (register, aliases, ISO 3166)."""
        folded = fold(name)
        if folded in self.names:
            return self.names[folded]
        try:
            iso3: str = pycountry.countries.lookup(name.strip()).alpha_3
        except LookupError:
            return None
        return iso3 if iso3 in self.iso3 else None


def check_flags(flags: str) -> str | None:
    """Why `flags` is not a set of known flag letters, or None."""
    unknown = sorted(set(flags) - FLAG_LETTERS)
    if unknown:
        return f"unknown flag(s) {''.join(unknown)}: use b, c, e, f, p or u"
    return None

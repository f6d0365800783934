"""The shipped long (tidy) files, DDF datapoints and World Bank metadata files, the options the
seed imports them with, and bad copies for tests, each made by editing the real text in one place.
"""

from __future__ import annotations

import csv
import io

from profiles_api.seed import DATA, LONG_IMPORTS

TIDY = "indicators_pp_tidy_2000_2024.csv"
GDIDATA = "gdidata_wdi_pp_long_1990_2023.csv"
UNDESA = "undesa_ims2024_bilateral_stock_pp_pairs.csv"
UNHCR = "unhcr_forcibly_displaced_pp_pairs.csv"
KNOMAD_MIGRATION = "wb_knomad_bilateral_migration_2017_pp_pairs_long.csv"
KNOMAD_REMITTANCES = "wb_knomad_bilateral_remittances_2017_pp_pairs_long.csv"
ASYLUM = "eurostat_first_time_asylum_applicants_pp_citizens_2011_2024.csv"
DDF_STOCK = "ddf--datapoints--sm_pop_totl--by--economy--year.pp_subset.csv"
DDF_SHARE = "ddf--datapoints--sm_pop_totl_zs--by--economy--year.pp_subset.csv"
META_COUNTRY = "Metadata_Country_WDI_pp_subset.csv"
META_UNEMPLOYMENT = "Metadata_Indicator_SL.UEM.TOTL.ZS.csv"
META_INDICATORS = [
    f"Metadata_Indicator_{code}.csv"
    for code in (
        "SP.POP.TOTL",
        "NY.GDP.PCAP.CD",
        "SL.UEM.TOTL.ZS",
        "SL.TLF.CACT.ZS",
        "BX.TRF.PWKR.CD.DT",
        "BM.TRF.PWKR.CD.DT",
        "BX.TRF.PWKR.DT.GD.ZS",
    )
]


def options(name: str, nth: int = 0) -> dict[str, str]:
    """The options the seed imports a shipped file with (`nth` import of the same file)."""
    return [o for _, n, o in LONG_IMPORTS if n == name][nth]


def real_bytes(name: str) -> bytes:
    """A shipped file, byte for byte."""
    return (DATA / name).read_bytes()


def lines(name: str) -> list[str]:
    """A shipped file's lines (BOM dropped, line breaks kept)."""
    return real_bytes(name).decode("utf-8-sig").splitlines(keepends=True)


def line_of(name: str, prefix: str) -> int:
    """1-based number of the first line starting with `prefix`."""
    return next(i for i, line in enumerate(lines(name), 1) if line.startswith(prefix))


def with_cell(name: str, prefix: str, column: int, text: str) -> tuple[bytes, int]:
    """The file with one cell (1-based column) of the line starting with `prefix` replaced."""
    rows = lines(name)
    line = line_of(name, prefix)
    end = rows[line - 1][len(rows[line - 1].rstrip("\r\n")) :]
    cells = next(csv.reader([rows[line - 1]]))
    cells[column - 1] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    rows[line - 1] = out.getvalue() + end
    return "".join(rows).encode(), line


def with_duplicate(name: str, prefix: str) -> tuple[bytes, int, int]:
    """The file with a line repeated at the end; (bytes, first line, repeated line)."""
    rows = lines(name)
    first = line_of(name, prefix)
    rows.append(rows[first - 1])
    return "".join(rows).encode(), first, len(rows)


def with_text(name: str, old: str, new: str) -> bytes:
    """The file with the first occurrence of `old` replaced."""
    text = "".join(lines(name))
    assert old in text, old
    return text.replace(old, new, 1).encode()


def truncated(name: str) -> bytes:
    """The file cut in the middle of a line, as an interrupted download."""
    data = real_bytes(name)
    cut = len(data) // 2
    while data[cut - 1 : cut] in (b"\n", b","):
        cut += 1
    return data[:cut]


def latin1(name: str, old: str, new: str) -> bytes:
    """The file with one text edited to hold a non-ASCII letter, saved as latin-1."""
    return with_text(name, old, new).decode().encode("latin-1", errors="replace")

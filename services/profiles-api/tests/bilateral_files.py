"""The shipped DataBank, KNOMAD matrix and Eurostat SDMX-CSV files, and bad copies of them for
tests, each made by editing the real file's text in one place."""

from __future__ import annotations

import csv
import io

from profiles_api.seed import DATA

RPW = "wb_rpw_corridors_pp_subset.csv"
REMITTANCES = "wb_knomad_bilateral_remittances_2017_matrix_pp_subset.csv"
MIGRATION = "wb_knomad_bilateral_migration_2017_matrix_pp_subset.csv"
REMITTANCES_LONG = "wb_knomad_bilateral_remittances_2017_pp_pairs_long.csv"
MIGRATION_LONG = "wb_knomad_bilateral_migration_2017_pp_pairs_long.csv"
ASYLUM = "estat_migr_asyappctza_total_and_UA_sdmx-csv2.csv"
TEMPORARY = "estat_migr_asytpsm_UA_monthly_sdmx-csv2.csv"
ILLEGAL = "estat_migr_eipre_by_reason_apprehension_sdmx-csv-labels.csv"
REFUSED = "estat_migr_eirfs_total_sdmx-csv-labels.csv"
PERMITS = "estat_tps00170_first_permits_total_sdmx-csv-labels.csv"
ESTAT = (ASYLUM, TEMPORARY, ILLEGAL, REFUSED, PERMITS)


def real_bytes(name: str) -> bytes:
    """A shipped file, byte for byte."""
    return (DATA / name).read_bytes()


def real_text(name: str) -> str:
    """A shipped file as text (BOM dropped)."""
    return real_bytes(name).decode("utf-8-sig")


def records(name: str) -> list[list[str]]:
    """A shipped file's CSV records (one per line: none of them spans lines)."""
    return list(csv.reader(io.StringIO(real_text(name), newline="")))


def lines(name: str) -> list[str]:
    """A shipped file's lines, line breaks kept."""
    return real_text(name).splitlines(keepends=True)


def _row(cells: list[str], end: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue() + end


def line_where(name: str, *cells: str) -> int:
    """1-based number of the first line whose records hold all `cells`."""
    return next(i for i, r in enumerate(records(name), 1) if all(c in r for c in cells))


def with_cell(name: str, line: int, column: int, text: str) -> bytes:
    """The file with the cell at (line, column), both 1-based, replaced by `text`."""
    rows = lines(name)
    cells = records(name)[line - 1]
    cells[column - 1] = text
    end = rows[line - 1][len(rows[line - 1].rstrip("\r\n")) :]
    rows[line - 1] = _row(cells, end)
    return "".join(rows).encode()


def with_line_repeated(name: str, line: int) -> tuple[bytes, int]:
    """The file with one line repeated right after itself; (bytes, line of the repeat)."""
    rows = lines(name)
    rows.insert(line, rows[line - 1])
    return "".join(rows).encode(), line + 1


def replaced(name: str, old: str, new: str, count: int = 1) -> bytes:
    """The file with `old` replaced by `new` (`count` times), checked to be there."""
    text = real_text(name)
    assert old in text, old
    return text.replace(old, new, count).encode()


def truncated(name: str, fraction: float = 0.5) -> bytes:
    """The file cut in the middle of a line (as an interrupted download)."""
    data = real_bytes(name)
    return data[: int(len(data) * fraction)]


def latin1(name: str, old: str, new: str) -> bytes:
    """The file with one accented spelling, saved as latin-1 instead of UTF-8."""
    return real_text(name).replace(old, new, 1).encode("latin-1")

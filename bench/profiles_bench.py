"""profiles-api benchmark: import throughput against raw COPY, and read latency through the
gateway, direct to the service and as plain SQL in psql. Prints a table and the ratios.

    .venv/bin/python bench/profiles_bench.py [--requests 400] [--concurrency 8]

Everything runs in one process on this machine, on the same data: a throwaway database migrated
and seeded with the shipped real data, the real services behind the real nginx gateway (the same
`imapctl.stack.Stack` the tests and `./imap run` use). Nothing here is a test; no timing is
asserted anywhere.

Imports: each file is imported with the same service code as the API (parse, checks, upsert,
batch), inside a transaction that first deletes the file's rows so every value is an insert, and is
then rolled back. The physical limit is a `COPY` of the very same rows (already parsed) into a bare
table without keys or indexes.

Reads: `--requests` GETs per case with `--concurrency` clients (httpx, keep-alive), after a warm-up;
psql runs the equivalent SQL the same number of times (`\\timing`), one after another.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.settings import ServiceSettings
from imap_kit.testing import create_database, drop_database
from imapctl.stack import Stack
from profiles_api.imports import service as imports
from profiles_api.imports.registry import IMPORTERS
from profiles_api.imports.repository import ImportRepository
from profiles_api.seed import DATA, SEEDER
from sqlalchemy import text

REPO = Path(__file__).resolve().parents[1]


@dataclass
class ImportCase:
    label: str
    importer: str
    file: str
    options: dict[str, str]


IMPORT_CASES = [
    ImportCase("UNHCR forcibly displaced pairs (tidy CSV)", "tidy_csv",
               "unhcr_forcibly_displaced_pp_pairs.csv", {}),
    *(
        ImportCase(f"WDI {code} (WB API CSV)", "wb_api_csv",
                   f"API_{code}_DS2_en_csv_v2_pp_subset.csv", {})
        for code in ("SP.POP.TOTL", "NY.GDP.PCAP.CD", "SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS")
    ),
]  # fmt: skip

COPY_COLUMNS = [
    "indicator_code", "country_iso3", "origin_iso3", "destination_iso3", "year", "period",
    "value", "flags", "note", "source_dataset",
]  # fmt: skip


async def _import_case(sessionmaker, case: ImportCase, rounds: int) -> tuple[int, float, float]:
    """(values, importer rows/s, COPY rows/s), best of `rounds` each."""
    content = (DATA / case.file).read_bytes()
    file = imports.ImportFile.of(case.file, content)
    importer = IMPORTERS[case.importer]
    best_import = best_copy = float("inf")
    values = 0
    for _ in range(rounds):
        async with sessionmaker() as session:
            await session.begin()
            register = await ImportRepository(session).register()
            parsed = importer.parse(content, register, case.options)
            values = len(parsed.values)
            datasets = {v.dataset for v in parsed.values if v.dataset}
            if parsed.dataset:
                datasets.add(parsed.dataset.code)
            codes = {v.indicator_code for v in parsed.values}
            for table in ("observation", "bilateral_observation"):
                await session.execute(
                    text(
                        f"DELETE FROM profiles.{table} WHERE source_dataset = ANY(:d) "
                        "AND indicator_code = ANY(:c)"
                    ),
                    {"d": list(datasets), "c": list(codes)},
                )
            start = time.perf_counter()
            batch = await imports.apply(
                session, importer, file, principal=SEEDER, max_bytes=len(content),
                options=case.options,
            )  # fmt: skip
            best_import = min(best_import, time.perf_counter() - start)
            assert batch is not None and batch.inserted == values, (batch, values)
            await session.rollback()
        async with sessionmaker() as session:
            await session.begin()
            conn = await session.connection()
            raw = (await conn.get_raw_connection()).driver_connection
            await raw.execute(
                "CREATE TEMP TABLE bare (indicator_code text, country_iso3 text, origin_iso3 text,"
                " destination_iso3 text, year smallint, period text, value float8, flags text,"
                " note text, source_dataset text) ON COMMIT DROP"
            )
            default = parsed.dataset.code if parsed.dataset else None
            records = [
                (v.indicator_code, v.country, v.origin, v.destination, int(v.period[:4]),
                 v.period, v.value, v.flags, v.note, v.dataset or default)
                for v in parsed.values
            ]  # fmt: skip
            start = time.perf_counter()
            await raw.copy_records_to_table("bare", records=records, columns=COPY_COLUMNS)
            best_copy = min(best_copy, time.perf_counter() - start)
            await session.rollback()
    return values, values / best_import, values / best_copy


async def bench_imports(url: str, rounds: int) -> list[list[str]]:
    engine = create_engine(ServiceSettings(database_url=url))  # type: ignore[call-arg]
    sessionmaker = create_sessionmaker(engine)
    rows = []
    try:
        for case in IMPORT_CASES:
            values, per_s, copy_per_s = await _import_case(sessionmaker, case, rounds)
            rows.append([
                case.label, f"{values:,}", f"{per_s:,.0f}", f"{copy_per_s:,.0f}",
                f"{per_s / copy_per_s:.2f}",
            ])  # fmt: skip
    finally:
        await engine.dispose()
    return rows


@dataclass
class ReadCase:
    label: str
    path: str  # under the service, e.g. /v1/indicators/...
    sql: str  # the equivalent SQL, for psql


async def _load(url: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) for `requests` GETs of `url`."""
    latencies: list[float] = []
    queue = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        for _ in range(20):  # warm-up
            (await client.get(url)).raise_for_status()

        async def worker() -> None:
            for _ in queue:
                start = time.perf_counter()
                res = await client.get(url)
                latencies.append(time.perf_counter() - start)
                res.raise_for_status()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return requests / elapsed, q[49] * 1000, q[98] * 1000


def _psql(url: str, sql: str, times: int) -> tuple[float, float, float]:
    """(queries/s, p50 ms, p99 ms) of `sql` run `times` times by psql with \\timing."""
    script = "\\timing on\n" + f"{sql.strip().rstrip(';')};\n" * times
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as fh:
        fh.write(script)
        fh.flush()
        out = subprocess.run(
            ["psql", url, "-X", "-q", "-o", "/dev/null", "-f", fh.name],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    ms = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]
    assert len(ms) == times, out[:500]
    q = statistics.quantiles(ms, n=100)
    return 1000 * len(ms) / sum(ms), q[49], q[98]


def read_cases() -> list[ReadCase]:
    return [
        ReadCase(
            "one indicator, all countries, one year (SP.POP.TOTL 2020)",
            "/v1/indicators/SP.POP.TOTL/observations?year=2020&limit=100",
            "SELECT DISTINCT ON (o.country_iso3) o.*, i.unit FROM profiles.observation o "
            "JOIN profiles.indicator i ON i.code = o.indicator_code "
            "JOIN profiles.dataset d ON d.code = o.source_dataset "
            "WHERE o.indicator_code = 'SP.POP.TOTL' AND o.year = 2020 "
            "ORDER BY o.country_iso3, d.priority DESC, d.vintage DESC NULLS LAST",
        ),
    ]


def bench_reads(stack: Stack, requests: int, concurrency: int) -> list[list[str]]:
    rows = []
    for case in read_cases():
        gateway, direct = stack.api_url("profiles"), stack.service_url("profiles")
        results = {
            "gateway": asyncio.run(_load(gateway + case.path, requests, concurrency)),
            "direct": asyncio.run(_load(direct + case.path, requests, concurrency)),
            "psql": _psql(stack.database_url, case.sql, requests),
        }
        for where, (rps, p50, p99) in results.items():
            ratio = rps / results["psql"][0]
            rows.append(
                [case.label, where, f"{rps:,.0f}", f"{p50:.1f}", f"{p99:.1f}", f"{ratio:.2f}"]
            )
    return rows


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="import rounds (best is kept)")
    args = parser.parse_args(argv)
    url = create_database("imap_bench")
    try:
        with Stack(url, services=("identity", "profiles"), log_json=False,
                   state_dir=Path(tempfile.mkdtemp(prefix="imap-bench-"))) as stack:  # fmt: skip
            print(f"# profiles-api bench on {url.rsplit('/', 1)[-1]}", flush=True)
            imports_rows = asyncio.run(bench_imports(url, args.rounds))
            print("\n## Imports: values per second, importer vs raw COPY of the same rows\n")
            print(
                table(["file", "values", "importer/s", "COPY/s", "importer ÷ COPY"], imports_rows)
            )
            reads = bench_reads(stack, args.requests, args.concurrency)
            print(f"\n## Reads: {args.requests} requests, concurrency {args.concurrency} "
                  "(psql: one after another)\n")  # fmt: skip
            print(table(["query", "via", "req/s", "p50 ms", "p99 ms", "÷ psql req/s"], reads))
    finally:
        drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())

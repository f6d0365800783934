"""profiles-api benchmark: import throughput against raw COPY, and read latency through the
gateway, direct to the service and as plain SQL in psql. Prints a table and the ratios.

    .venv/bin/python bench/profiles_bench.py [--requests 400] [--concurrency 8]

Everything runs in one process on this machine, on the same data: a throwaway database migrated
and seeded with the shipped real data, the real services behind the real nginx gateway (the same
`imapctl.stack.Stack` the tests and `./imap run` use). Nothing here is a test; no timing is
asserted anywhere.

Imports: each file is imported with the same service code as the API (parse, checks, upsert,
batch), inside a transaction that first deletes the file's rows so every value is an insert, and is
then rolled back. Two limits for the very same rows (already parsed): a `COPY` into the real table
(its keys, indexes and foreign keys checked, nothing else) and a `COPY` into a bare temporary table
without keys or indexes (the physical limit).

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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from _common import table as markdown
from imap_kit.auth import ANONYMOUS
from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.settings import ServiceSettings
from imap_kit.testing import create_database, drop_database
from imapctl.stack import Stack
from profiles_api.imports import service as imports
from profiles_api.imports.common import Parsed
from profiles_api.imports.registry import IMPORTERS
from profiles_api.imports.repository import ImportRepository
from profiles_api.indicators import service as indicators
from profiles_api.indicators.periods import PeriodFilter
from profiles_api.indicators.repository import ObservationFilter
from profiles_api.profile.service import assemble, resolve
from profiles_api.seed import DATA, SEED_IMPORTS, SEEDER
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession

REPO = Path(__file__).resolve().parents[1]


@dataclass
class ImportCase:
    label: str
    importer: str
    file: str
    options: dict[str, str]


IMPORT_HEADS = [
    "file", "values", "importer/s", "COPY into table/s", "COPY bare/s", "÷ COPY table",
    "÷ COPY bare",
]  # fmt: skip


def _seeded(label: str, file: str) -> ImportCase:
    """A file as the shipped seed imports it (same importer and options)."""
    importer, _, options = next(entry for entry in SEED_IMPORTS if entry[1] == file)
    return ImportCase(label, importer, file, options)


IMPORT_CASES = [
    _seeded("UNHCR forcibly displaced pairs (tidy CSV)", "unhcr_forcibly_displaced_pp_pairs.csv"),
    *(
        _seeded(f"WDI {code} (WB API CSV)", f"API_{code}_DS2_en_csv_v2_pp_subset.csv")
        for code in ("SP.POP.TOTL", "NY.GDP.PCAP.CD", "SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS")
    ),
]


async def _delete_rows(session: AsyncSession, parsed: Parsed) -> None:
    """Delete the file's values, so that importing it again inserts every one."""
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


async def _copy(session: AsyncSession, table: str, columns: list[str], records: list) -> float:
    """Seconds to COPY `records` into `table`."""
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None
    start = time.perf_counter()
    await raw.copy_records_to_table(
        table, records=records, columns=columns, schema_name="profiles" if table != "bare" else None
    )
    return time.perf_counter() - start


async def _import_case(
    sessionmaker, case: ImportCase, rounds: int
) -> tuple[int, float, float, float]:
    """(values, importer values/s, COPY into the real table/s, COPY into a bare table/s), best
    of `rounds` each; every round is rolled back."""
    content = (DATA / case.file).read_bytes()
    file = imports.ImportFile.of(case.file, content)
    importer = IMPORTERS[case.importer]
    best = {"import": float("inf"), "table": float("inf"), "bare": float("inf")}
    for _ in range(rounds):
        async with sessionmaker() as session, session.begin():
            register = await ImportRepository(session).register()
            parsed = importer.parse(content, register, case.options)
            await _delete_rows(session, parsed)
            start = time.perf_counter()
            batch = await imports.apply(
                session, importer, file, principal=SEEDER, max_bytes=len(content),
                options=case.options,
            )  # fmt: skip
            best["import"] = min(best["import"], time.perf_counter() - start)
            assert batch is not None and batch.inserted == len(parsed.values), batch
            await session.rollback()
        default = parsed.dataset.code if parsed.dataset else None
        pairs = parsed.values[0].pair
        where = ["origin_iso3", "destination_iso3"] if pairs else ["country_iso3"]
        columns = ["indicator_code", *where, "year", "period", "value", "flags", "note",
                   "source_dataset"]  # fmt: skip
        records = [
            (v.indicator_code, *((v.origin, v.destination) if pairs else (v.country,)),
             int(v.period[:4]), v.period, v.value, v.flags, v.note, v.dataset or default)
            for v in parsed.values
        ]  # fmt: skip
        async with sessionmaker() as session, session.begin():
            await _delete_rows(session, parsed)
            target = "bilateral_observation" if pairs else "observation"
            best["table"] = min(best["table"], await _copy(session, target, columns, records))
            await session.rollback()
        async with sessionmaker() as session, session.begin():
            await session.execute(
                text(
                    "CREATE TEMP TABLE bare (indicator_code text, country_iso3 text,"
                    " origin_iso3 text, destination_iso3 text, year smallint, period text,"
                    " value float8, flags text, note text, source_dataset text)"
                )
            )
            best["bare"] = min(best["bare"], await _copy(session, "bare", columns, records))
            await session.rollback()
    n = len(parsed.values)
    return n, n / best["import"], n / best["table"], n / best["bare"]


async def bench_imports(url: str, rounds: int) -> list[list[str]]:
    engine = create_engine(ServiceSettings(database_url=url))  # type: ignore[call-arg]
    sessionmaker = create_sessionmaker(engine)
    rows = []
    try:
        for case in IMPORT_CASES:
            values, per_s, table_per_s, bare_per_s = await _import_case(sessionmaker, case, rounds)
            rows.append([
                case.label, f"{values:,}", f"{per_s:,.0f}", f"{table_per_s:,.0f}",
                f"{bare_per_s:,.0f}", f"{per_s / table_per_s:.2f}", f"{per_s / bare_per_s:.2f}",
            ])  # fmt: skip
    finally:
        await engine.dispose()
    return rows


@dataclass
class ReadCase:
    label: str
    path: str  # under the service, e.g. /v1/indicators/...
    statements: list[tuple[str, tuple]]  # the SQL the service runs for it ($n placeholders)


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


def _literal(value: object) -> str:
    """A parameter as a quoted literal PostgreSQL casts to the prepared parameter's type."""
    if value is None:
        return "NULL"
    if isinstance(value, list | tuple):
        value = "{" + ",".join('"' + str(v).replace('"', '\\"') + '"' for v in value) + "}"
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"


def _psql(url: str, statements: list[tuple[str, tuple]], times: int) -> tuple[float, float, float]:
    """(runs/s, p50 ms, p99 ms) of the statements (one run = all of them, in order) run `times`
    times by psql as prepared statements with \\timing."""
    lines = [f"PREPARE q{i} AS {sql};" for i, (sql, _) in enumerate(statements)]
    lines.append("\\timing on")
    run = [
        f"EXECUTE q{i}" + (f"({', '.join(map(_literal, params))})" if params else "") + ";"
        for i, (_, params) in enumerate(statements)
    ]
    lines += run * times
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as fh:
        fh.write("\n".join(lines) + "\n")
        fh.flush()
        out = subprocess.run(
            ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-f", fh.name],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    ms = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]
    assert len(ms) == times * len(statements), out[:500]
    per_run = [sum(ms[i : i + len(statements)]) for i in range(0, len(ms), len(statements))]
    q = statistics.quantiles(per_run, n=100)
    return 1000 * len(per_run) / sum(per_run), q[49], q[98]


async def _captured(url: str, call: Callable[[AsyncSession], Awaitable[object]]) -> list:
    """The statements (and parameters) the service's own code runs for `call`."""
    engine = create_engine(ServiceSettings(database_url=url))  # type: ignore[call-arg]
    statements: list[tuple[str, tuple]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def grab(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append((statement, tuple(parameters or ())))

    try:
        async with create_sessionmaker(engine)() as session:
            await call(session)
    finally:
        await engine.dispose()
    return [
        (sql, params) for sql, params in statements if sql.lstrip().upper().startswith("SELECT")
    ]


async def read_cases(url: str) -> list[ReadCase]:
    """The two reads of the issue, with the SQL the service runs for each, captured in-process."""

    async def observations(session: AsyncSession) -> object:
        flt = ObservationFilter("SP.POP.TOTL", periods=PeriodFilter(year_from=2020, year_to=2020))
        return await indicators.list_observations(session, flt, sort="country", limit=100, offset=0)

    async def profile(session: AsyncSession) -> object:
        country, edition, data_revision = await resolve(session, ANONYMOUS, "GEO", None)
        return await assemble(session, country, edition, data_revision)

    return [
        ReadCase(
            "one indicator, all countries, one year (SP.POP.TOTL 2020)",
            "/v1/indicators/SP.POP.TOTL/observations?year=2020&limit=100",
            await _captured(url, observations),
        ),
        ReadCase(
            "Georgia's assembled profile",
            "/v1/countries/GEO/profile",
            await _captured(url, profile),
        ),
    ]


def bench_reads(stack: Stack, requests: int, concurrency: int) -> list[list[str]]:
    rows = []
    for case in asyncio.run(read_cases(stack.database_url)):
        gateway, direct = stack.api_url("profiles"), stack.service_url("profiles")
        results = {
            "gateway": asyncio.run(_load(gateway + case.path, requests, concurrency)),
            "direct": asyncio.run(_load(direct + case.path, requests, concurrency)),
            "psql": _psql(stack.database_url, case.statements, requests),
        }
        for where, (rps, p50, p99) in results.items():
            ratio = rps / results["psql"][0]
            rows.append(
                [case.label, where, f"{rps:,.0f}", f"{p50:.1f}", f"{p99:.1f}", f"{ratio:.2f}"]
            )
    return rows


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
            print("\n## Imports: values per second, importer vs COPY of the same rows\n")
            print(markdown(IMPORT_HEADS, imports_rows))
            reads = bench_reads(stack, args.requests, args.concurrency)
            print(f"\n## Reads: {args.requests} requests, concurrency {args.concurrency} "
                  "(psql: one after another)\n")  # fmt: skip
            print(markdown(["query", "via", "req/s", "p50 ms", "p99 ms", "÷ psql req/s"], reads))
    finally:
        drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())

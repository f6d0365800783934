"""toolbox-api search benchmark: ten fixed queries with and without facets, through the HTTP API
and as the same SQL in psql, on the shipped data and on 50,000 synthetic initiatives.

Run: `.venv/bin/python bench/toolbox_bench.py [--requests 200] [--synthetic-requests 40]
[--concurrency 4]`

It creates a throwaway database, bootstraps, migrates and seeds it (the real toolbox content and
profiles-api's data, for the group facet), starts identity-api, profiles-api and toolbox-api as
`./imap run` does (`imapctl.stack.Stack`), then for each query measures, with and without
`facets`: requests/s, p50 and p99 of `--requests` GETs with `--concurrency` keep-alive clients
direct to toolbox-api (httpx), and the statements the service itself runs for that request
(captured in-process from SQLAlchemy) run as prepared statements by psql, one after another
(`\\timing`). Then it adds 50,000 synthetic initiatives (slugs `synthetic-NNNNN`, sources
`https://example.org/synthetic`; deterministic: seeded pseudo-random texts built from the
toolbox's themes of work, countries, organisations and years) and measures again. Nothing here is
a test; no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import asyncpg
import httpx
from _common import table as markdown
from imap_kit.auth import ANONYMOUS
from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.pagination import PageParams
from imap_kit.settings import ServiceSettings
from imap_kit.testing import create_database, drop_database
from imapctl.stack import Stack
from sqlalchemy import event
from toolbox_api.search import service as search_service
from toolbox_api.search.profiles import ProfilesClient
from toolbox_api.search.schemas import SearchQuery

QUERIES = [
    ("seasonal workers", "q=seasonal+workers"),
    ("сезонные работники", urlencode({"q": "сезонные работники"})),
    ("readmission agreement, English only", "q=readmission+agreement&lang=en"),
    ("typo: Moldva", "q=Moldva"),
    ("diaspora remittances, initiatives", "q=diaspora+remittances&type=initiative"),
    ("labour migration, Uzbekistan", "q=labour+migration&country=UZB"),
    ("reintegration, theme", "q=return+reintegration&theme=return-readmission"),
    (
        "migration, ongoing, 2015-2020",
        "q=migration&implementation_status=ongoing&year_from=2015&year_to=2020",
    ),
    ("no text: theme, by date", "theme=legal-migration&sort=date"),
    ('"visa facilitation" by title', "q=%22visa+facilitation%22&sort=title"),
]
SYNTHETIC = 50_000
FIRST_ID = 10_000_000
TOPICS = [
    ("seasonal workers in agriculture", "сезонные работники в сельском хозяйстве"),
    ("labour migration and recruitment", "трудовая миграция и набор работников"),
    ("readmission agreement implementation", "выполнение соглашения о реадмиссии"),
    ("diaspora remittances and investment", "денежные переводы и инвестиции диаспоры"),
    ("return and reintegration support", "поддержка возвращения и реинтеграции"),
    ("visa facilitation for students", "упрощение визового режима для студентов"),
    ("border management training", "обучение по управлению границами"),
    ("asylum capacity building", "укрепление потенциала в области убежища"),
    ("circular migration pilot", "пилотный проект циркулярной миграции"),
    ("skills partnership for nurses", "партнёрство по навыкам для медсестёр"),
    ("integration courses for migrants", "курсы интеграции для мигрантов"),
    ("data exchange on migration flows", "обмен данными о миграционных потоках"),
]
COUNTRIES = (
    "ALB ARM AUT AZE BEL BGR BIH BLR CHE CZE DEU DNK ESP EST FIN FRA GBR GEO GRC HRV HUN ITA KAZ "
    "KGZ LTU LVA MDA MKD MNE NLD NOR POL PRT ROU RUS SRB SVK SVN SWE TJK TKM TUR UKR UZB XKX"
).split()
THEMES = [
    "illegal-migration",
    "return-readmission",
    "legal-migration",
    "integration",
    "migration-development",
    "asylum-protection",
]


@dataclass(frozen=True)
class Timing:
    rps: float
    p50: float
    p99: float


def synthetic_rows(organisations: list[int]) -> Iterator[tuple[tuple, list, list, list]]:
    """Deterministic synthetic initiatives: (initiative row, countries, themes, organisations)."""
    rng = random.Random(20261128)
    for n in range(SYNTHETIC):
        iid = FIRST_ID + n
        a, b = rng.sample(TOPICS, 2)
        states = rng.sample(COUNTRIES, rng.randint(1, 4))
        start = rng.randint(1995, 2025)
        end = start + rng.randint(0, 8) if rng.random() < 0.7 else None
        title_en = f"{a[0].capitalize()} between {' and '.join(states[:2])} ({n})"
        title_ru = f"{a[1].capitalize()}: {' и '.join(states[:2])} ({n})"
        summary_en = f"A synthetic record on {a[0]} and {b[0]} involving {', '.join(states)}."
        summary_ru = f"Синтетическая запись: {a[1]}, {b[1]}; участники: {', '.join(states)}."
        row = (
            iid,
            f"synthetic-{n:05d}",
            title_en[:300],
            title_ru[:300],
            summary_en,
            summary_ru,
            f"Synthetic description: {b[0]} with {rng.choice(TOPICS)[0]}.",
            f"Синтетическое описание: {b[1]}, {rng.choice(TOPICS)[1]}.",
            rng.choice(["bilateral", "multilateral", "regional"]),
            start,
            end,
            rng.choice(["planned", "ongoing", "completed", "suspended"]),
            "",
            "",
            json.dumps(
                [{"title": "Synthetic benchmark record", "url": "https://example.org/synthetic"}]
            ),
            states[0],
            "published",
            "public",
            1,
        )
        roles = [(iid, c, "implementer" if i == 0 else "partner", i) for i, c in enumerate(states)]
        themes = [(iid, t) for t in rng.sample(THEMES, rng.randint(1, 2))]
        orgs = [(iid, o, "implementer", 0) for o in rng.sample(organisations, 1)]
        yield row, roles, themes, orgs


async def add_synthetic(url: str) -> float:
    """Insert the synthetic initiatives (triggers off, documents built once); seconds taken."""
    started = time.perf_counter()
    conn = await asyncpg.connect(url)
    try:
        organisations = [r[0] for r in await conn.fetch("SELECT id FROM toolbox.organisation")]
        rows, roles, themes, orgs = [], [], [], []
        for row, r, t, o in synthetic_rows(organisations):
            rows.append(row)
            roles += r
            themes += t
            orgs += o
        async with conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            columns = (
                "id slug title_en title_ru summary_en summary_ru description_en description_ru "
                "kind start_year end_year implementation_status outcomes_en outcomes_ru sources "
                "owner_country status access row_version"
            ).split()
            await conn.copy_records_to_table(
                "initiative", schema_name="toolbox", records=rows, columns=columns
            )
            links = ["initiative_id", "country_iso3", "role", "position"]
            for table, cols, records in (
                ("initiative_country", links, roles),
                ("initiative_theme", ["initiative_id", "theme_code"], themes),
                (
                    "initiative_organisation",
                    ["initiative_id", "organisation_id", "role", "position"],
                    orgs,
                ),
            ):
                await conn.copy_records_to_table(
                    table, schema_name="toolbox", records=records, columns=cols
                )
            await conn.execute("SET LOCAL session_replication_role = origin")
            await conn.execute(
                "SELECT toolbox.search_refresh_initiatives("
                "ARRAY(SELECT id FROM toolbox.initiative WHERE id >= $1))",
                FIRST_ID,
            )
        await conn.execute("ANALYZE toolbox.search_document")
    finally:
        await conn.close()
    return time.perf_counter() - started


async def load(url: str, requests: int, concurrency: int) -> Timing:
    """Requests/s, p50 and p99 (ms) of `requests` GETs of `url`."""
    latencies: list[float] = []
    queue = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        for _ in range(5):  # warm-up
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
    return Timing(requests / elapsed, q[49] * 1000, q[98] * 1000)


def _query(params: str) -> SearchQuery:
    """The `SearchQuery` the router builds from these parameters."""
    pairs = parse_qsl(params)
    one = dict(pairs)
    many = {k: [v for kk, v in pairs if kk == k] for k in one}
    return SearchQuery(
        q=one.get("q"),
        lang=one.get("lang"),  # type: ignore[arg-type]
        types=many.get("type", []),
        countries=many.get("country", []),
        themes=many.get("theme", []),
        implementation=many.get("implementation_status", []),
        year_from=int(one["year_from"]) if "year_from" in one else None,
        year_to=int(one["year_to"]) if "year_to" in one else None,
        sort=one.get("sort", "relevance"),  # type: ignore[arg-type]
        limit=20,
    )


async def captured(url: str, profiles_url: str, params: str, facets: bool) -> list:
    """The SELECTs the service's own code runs for this search."""
    engine = create_engine(ServiceSettings(database_url=url))  # type: ignore[call-arg]
    statements: list[tuple[str, tuple]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def grab(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, tuple(parameters or ())))

    profiles = ProfilesClient(profiles_url)
    try:
        async with create_sessionmaker(engine)() as session:
            page = PageParams(limit=20, offset=0, url="http://bench/v1/search")
            await search_service.search(
                session, ANONYMOUS, profiles, _query(params), page=page, want_facets=facets
            )
    finally:
        await profiles.aclose()
        await engine.dispose()
    return [(s, p) for s, p in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, list | tuple):
        value = "{" + ",".join('"' + str(v).replace('"', '\\"') + '"' for v in value) + "}"
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"


def psql(url: str, statements: list[tuple[str, tuple]], times: int) -> Timing:
    """Runs/s, p50 and p99 (ms) of the statements run `times` times by psql, prepared."""
    lines = [f"PREPARE q{i} AS {sql};" for i, (sql, _) in enumerate(statements)]
    lines.append("BEGIN;")  # set_config(..., true) is per transaction, as in the service
    lines.append("\\timing on")
    run = [
        f"EXECUTE q{i}" + (f"({', '.join(map(_literal, params))})" if params else "") + ";"
        for i, (_, params) in enumerate(statements)
    ]
    lines += run * times
    lines.append("COMMIT;")
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as fh:
        fh.write("\n".join(lines) + "\n")
        fh.flush()
        out = subprocess.run(
            ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-f", fh.name],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    ms = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]
    ms = ms[: times * len(statements)]  # the COMMIT's own timing line last
    per_run = [sum(ms[i : i + len(statements)]) for i in range(0, len(ms), len(statements))]
    q = statistics.quantiles(per_run, n=100)
    return Timing(1000 * len(per_run) / sum(per_run), q[49], q[98])


def bench(stack: Stack, label: str, requests: int, concurrency: int) -> list[list[str]]:
    """One row per query: HTTP and psql, plain and with facets, and the facet/plain ratios."""
    base = stack.service_url("toolbox") + "/v1/search?limit=20&"
    profiles_url = stack.service_url("profiles")
    rows = []
    for name, params in QUERIES:
        got: dict[tuple[str, bool], Timing] = {}
        for facets in (False, True):
            url = base + params + "&" + urlencode({"facets": str(facets).lower()})
            got["http", facets] = asyncio.run(load(url, requests, concurrency))
            sql = asyncio.run(captured(stack.database_url, profiles_url, params, facets))
            got["psql", facets] = psql(stack.database_url, sql, requests)
        total = httpx.get(base + params + "&facets=false", timeout=60).json()["total"]
        http, db = (got["http", False], got["http", True]), (got["psql", False], got["psql", True])
        rows.append(
            [
                label,
                name,
                f"{total:,}",
                f"{http[0].rps:,.0f} / {http[1].rps:,.0f}",
                f"{http[0].p50:.1f} / {http[1].p50:.1f}",
                f"{http[0].p99:.1f} / {http[1].p99:.1f}",
                f"{db[0].p50:.1f} / {db[1].p50:.1f}",
                f"{http[1].p50 / http[0].p50:.2f}",
                f"{db[1].p50 / db[0].p50:.2f}",
            ]
        )
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    return rows


HEADS = [
    "data",
    "query",
    "matches",
    "HTTP req/s plain / facets",
    "HTTP p50 ms",
    "HTTP p99 ms",
    "psql p50 ms",
    "facets ÷ plain (HTTP p50)",
    "facets ÷ plain (psql p50)",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--synthetic-requests", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    url = create_database("imap_bench")
    try:
        with Stack(url, services=("identity", "profiles", "toolbox"), log_json=False,
                   state_dir=Path(tempfile.mkdtemp(prefix="imap-bench-"))) as stack:  # fmt: skip
            commit = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
            ).stdout.strip()
            print(f"# toolbox-api search bench on {url.rsplit('/', 1)[-1]}, commit {commit}, "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
            rows = bench(stack, "shipped", args.requests, args.concurrency)
            seconds = asyncio.run(add_synthetic(url))
            print(f"\n(added {SYNTHETIC:,} synthetic initiatives in {seconds:.0f} s)", flush=True)
            rows += bench(stack, "+50k synthetic", args.synthetic_requests, args.concurrency)
            print(f"\n## Search: {args.requests} requests per cell on the shipped data, "
                  f"{args.synthetic_requests} with the synthetic set, concurrency "
                  f"{args.concurrency} (psql: one after another)\n")  # fmt: skip
            print(markdown(HEADS, rows))
            print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        drop_database(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

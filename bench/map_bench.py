"""map-api speed against its peers, tipg and pygeoapi, side by side on the same tables (issue 5).

    .venv/bin/python bench/map_bench.py [--duration 10] [--rounds 2] [--workers 1]

One run on this machine: a throwaway database (bootstrap, map-api's migrations and seed with the
real boundaries), then a deterministic synthetic set in schema `bench` (labelled synthetic:
`random.Random(42)`; ~250 polygons, ~2,000 lines, ~50,000 points with a name, an integer
category, a text kind and an observation date; GiST indexes on the geometries, B-tree on
category and date). map-api serves those tables as extra collections (`MAP_EXTRA_COLLECTIONS`),
twice (caches on, caches off); tipg serves the schema (`TIPG_DB_SCHEMAS`); pygeoapi through its
PostgreSQL and MVT-postgresql providers. Every server runs with the same number of worker
processes; wrk (2 threads, 16 keep-alive connections, `Accept-Encoding: gzip` like a browser)
loads one endpoint of one server at a time. Before measuring, each server answers every URL once
and the answers are checked (status, feature counts, tile features: printed, so the servers can
be seen to do the same work), then an untimed wrk run warms caches and connections. Each round
runs every endpoint on every server back to back, so that what else the machine does falls on
all of them alike; the round with the most requests/s is kept. Tile endpoints cycle over every
WebMercatorQuad tile of z4-z6 over lon 10..80, lat 35..65 (a wrk Lua script).

The peers are installed by this script into their own virtual environments under
`--cache-dir` (default `.imap/bench`, git-ignored): tipg 1.6 and the latest pygeoapi. Nothing here
is a test; no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import asyncpg
import httpx
import mapbox_vector_tile
import morecantile
from _common import table as markdown
from imap_kit.testing import create_database, drop_database, prepare_database
from map_api.main import MIGRATIONS
from map_api.seed import seed

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SEED = 42
LON, LAT = (10.0, 80.0), (35.0, 65.0)
ZOOMS = (4, 5, 6)
KINDS = ("border-area", "district", "zone", "reserve", "corridor", "site")
FIRST_DAY, DAYS = date(2015, 1, 1), 3653  # observations 2015-01-01 .. 2024-12-31
COUNTS = {"polygons": 250, "lines": 2000, "points": 50_000}
PEERS = {
    "tipg": ["tipg==1.6.*", "uvicorn[standard]"],
    "pygeoapi": ["pygeoapi", "GeoAlchemy2", "psycopg2-binary", "gunicorn"],
}

# ---- the synthetic set ----------------------------------------------------------------------

Row = tuple[int, str, int, str, date, str]  # id, name, category, kind, observed, WKT


def _props(rng: random.Random, label: str, i: int) -> tuple[int, str, int, str, date]:
    observed = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    return i, f"{label} {i}", rng.randint(1, 10), rng.choice(KINDS), observed


def _xy(x: float, y: float) -> str:
    return f"{x:.6f} {y:.6f}"


def _clamp(v: float, lo_hi: tuple[float, float]) -> float:
    return min(max(v, lo_hi[0]), lo_hi[1])


def synthetic(seed: int = SEED) -> dict[str, list[Row]]:
    """The synthetic set (labelled synthetic): the same rows for the same seed, every run."""
    rng = random.Random(seed)
    polygons: list[Row] = []
    for i in range(1, COUNTS["polygons"] + 1):
        cx, cy = rng.uniform(*LON), rng.uniform(*LAT)
        radius, n = rng.uniform(0.3, 1.6), rng.randint(24, 120)
        angles = sorted(rng.uniform(0, math.tau) for _ in range(n))
        ring = []
        for a in angles:  # star-shaped around the centre: always a simple ring
            r = radius * rng.uniform(0.55, 1.0)
            ring.append(_xy(cx + r * math.cos(a) * 1.4, cy + r * math.sin(a)))
        ring.append(ring[0])
        polygons.append((*_props(rng, "polygon", i), f"MULTIPOLYGON((({','.join(ring)})))"))
    lines: list[Row] = []
    for i in range(1, COUNTS["lines"] + 1):
        x, y = rng.uniform(*LON), rng.uniform(*LAT)
        heading = rng.uniform(0, math.tau)
        coords = [_xy(x, y)]
        for _ in range(rng.randint(10, 60)):
            heading += rng.gauss(0, 0.35)
            step = rng.uniform(0.03, 0.25)
            x, y = (
                _clamp(x + step * math.cos(heading), LON),
                _clamp(y + step * math.sin(heading), LAT),
            )
            coords.append(_xy(x, y))
        lines.append((*_props(rng, "line", i), f"LINESTRING({','.join(coords)})"))
    centres = [(rng.uniform(*LON), rng.uniform(*LAT)) for _ in range(60)]
    points: list[Row] = []
    for i in range(1, COUNTS["points"] + 1):
        if rng.random() < 0.6:  # 60 % around 60 "towns", the rest spread evenly
            cx, cy = rng.choice(centres)
            x, y = _clamp(rng.gauss(cx, 0.8), LON), _clamp(rng.gauss(cy, 0.5), LAT)
        else:
            x, y = rng.uniform(*LON), rng.uniform(*LAT)
        points.append((*_props(rng, "point", i), f"POINT({_xy(x, y)})"))
    return {"polygons": polygons, "lines": lines, "points": points}


GEOMETRY = {"polygons": "MultiPolygon", "lines": "LineString", "points": "Point"}


async def load(url: str, data: dict[str, list[Row]]) -> None:
    """Tables `bench.bench_<kind>` with GiST and B-tree indexes, analysed, and revision triggers
    (map-api's `geo.bump_data_revision`, so its ETags and tile cache follow them)."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE SCHEMA bench")
        for kind, rows in data.items():
            name = f"bench_{kind}"
            await conn.execute(
                f"CREATE TABLE bench.{name} (id integer PRIMARY KEY, name text NOT NULL, "
                "category integer NOT NULL, kind text NOT NULL, observed date NOT NULL, "
                f"geom geometry({GEOMETRY[kind]}, 4326) NOT NULL)"
            )
            await conn.execute(
                "CREATE TEMP TABLE stage (id integer, name text, category integer, kind text, "
                "observed date, wkt text)"
            )
            await conn.copy_records_to_table("stage", records=rows)
            await conn.execute(
                f"INSERT INTO bench.{name} SELECT id, name, category, kind, observed, "
                "ST_GeomFromText(wkt, 4326) FROM stage ORDER BY id"
            )
            await conn.execute("DROP TABLE stage")
            bad = await conn.fetchval(
                f"SELECT count(*) FROM bench.{name} WHERE NOT ST_IsValid(geom)"
            )
            assert bad == 0, f"{bad} invalid geometries in {name}"
            await conn.execute(f"CREATE INDEX ON bench.{name} USING gist (geom)")
            await conn.execute(f"CREATE INDEX ON bench.{name} (category)")
            await conn.execute(f"CREATE INDEX ON bench.{name} (observed)")
            await conn.execute(f"VACUUM ANALYZE bench.{name}")
            await conn.execute(
                "INSERT INTO geo.data_revision (table_name, revision) VALUES ($1, 1)", name
            )
            await conn.execute(
                f"CREATE TRIGGER bump_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON bench.{name} FOR EACH STATEMENT EXECUTE FUNCTION geo.bump_data_revision()"
            )
    finally:
        await conn.close()


def map_collections() -> list[dict[str, object]]:
    """`MAP_EXTRA_COLLECTIONS`: the synthetic tables as map-api collections."""
    props = {"name": "string", "category": "integer", "kind": "string", "observed": "date"}
    return [
        {
            "id": f"bench-{kind}",
            "table": f"bench.bench_{kind}",
            "title": f"Synthetic {kind} (benchmark)",
            "description": f"Synthetic {kind}, random.Random({SEED}): benchmark data, not real.",
            "geometry_type": GEOMETRY[kind],
            "properties": props,
            "datetime": "observed",
        }
        for kind in COUNTS
    ]


# ---- the workload ---------------------------------------------------------------------------

POINTS_BBOX = "30,45,40,52"
POLYGONS_BBOX = "20,40,50,60"
INTERVAL = "2020-01-01T00:00:00Z/2020-03-31T23:59:59Z"
CQL = quote("category = 3")
LINE_ID = 1000
ITEMS = [
    ("first 100 points", "points", "limit=100"),
    ("100 points in a bbox", "points", f"limit=100&bbox={POINTS_BBOX}"),
    ("100 points, CQL2 filter", "points", "limit=100&filter-lang={lang}&filter=" + CQL),
    ("100 points, datetime interval", "points", f"limit=100&datetime={INTERVAL}"),
    ("up to 50 polygons in a bbox", "polygons", f"limit=50&bbox={POLYGONS_BBOX}"),
]
ONE_LINE = "one line by id"
TILES = [(f"MVT {kind} z4-z6", kind) for kind in ("polygons", "lines", "points")]
ENDPOINTS = [*(label for label, _, _ in ITEMS), ONE_LINE, *(label for label, _ in TILES)]


def tile_list() -> list[morecantile.Tile]:
    tms = morecantile.tms.get("WebMercatorQuad")
    return list(tms.tiles(LON[0], LAT[0], LON[1], LAT[1], zooms=list(ZOOMS)))


@dataclass
class Target:
    """A server under test: how to start it and the paths of each endpoint."""

    name: str
    argv: list[str]
    env: dict[str, str]
    ready: str
    collection: Callable[[str], str]  # synthetic kind -> collection path
    item_query: str  # appended to items and item requests
    filter_lang: str  # what the server calls CQL2 text (pygeoapi: cql-text)
    tile: Callable[[str, morecantile.Tile], str]
    tile_note: str = ""
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def paths(self) -> dict[str, list[str]]:
        out = {
            label: [
                f"{self.collection(kind)}/items?{query.format(lang=self.filter_lang)}"
                f"{self.item_query}"
            ]
            for label, kind, query in ITEMS
        }
        plain = "?" + self.item_query[1:] if self.item_query else ""
        out[ONE_LINE] = [f"{self.collection('lines')}/items/{LINE_ID}{plain}"]
        for label, kind in TILES:
            out[label] = [self.tile(kind, t) for t in tile_list()]
        return out


_PORTS: set[int] = set()


def _free_port() -> int:
    """A free port, never the same twice (the servers are started after all are chosen)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in _PORTS:
            _PORTS.add(port)
            return port


def _uvicorn(venv: Path, app: str, port: int, workers: int, *extra: str) -> list[str]:
    return [
        *(str(venv / "uvicorn"), app, "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", str(workers), "--no-access-log", "--log-level", "warning", *extra),
    ]


def map_target(url: str, workers: int, cache: bool) -> Target:
    port = _free_port()
    env = {
        **os.environ,
        "MAP_DATABASE_URL": url,
        "MAP_TILE_CACHE": "true" if cache else "false",
        "MAP_FEATURE_CACHE": "true" if cache else "false",
        "MAP_EXTRA_COLLECTIONS": json.dumps(map_collections()),
        "MAP_LOG_LEVEL": "WARNING",
        # 10 pooled connections, as tipg's pool: with the default 5 (+ 5 overflow) 16
        # concurrent requests keep opening and closing connections
        "MAP_DB_POOL_SIZE": "10",
        "MAP_DB_MAX_OVERFLOW": "0",
    }
    return Target(
        name="map-api" + ("" if cache else " (cache off)"),
        argv=[str(VENV_BIN / "map-api"), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        ready="/readyz",
        collection=lambda kind: f"/v1/collections/bench-{kind}",
        item_query="",
        filter_lang="cql2-text",
        tile=lambda kind, t: (
            f"/v1/collections/bench-{kind}/tiles/WebMercatorQuad/{t.z}/{t.y}/{t.x}"
        ),
        port=port,
    )


def tipg_target(venv: Path, url: str, workers: int) -> Target:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TIPG_DB_SCHEMAS": '["bench"]',
        "TIPG_DB_APPLICATION_SCHEMA": "pg_temp",
    }
    return Target(
        name="tipg",
        argv=_uvicorn(venv, "tipg.main:app", port, workers),
        env=env,
        ready="/healthz",
        collection=lambda kind: f"/collections/bench.bench_{kind}",
        item_query="&f=geojson",
        filter_lang="cql2-text",
        tile=lambda kind, t: (
            f"/collections/bench.bench_{kind}/tiles/WebMercatorQuad/{t.z}/{t.x}/{t.y}"
        ),
        port=port,
    )


def pygeoapi_config(url: str, port: int) -> dict[str, object]:
    """A pygeoapi configuration: each synthetic table as a collection with the PostgreSQL feature
    provider and the MVT-postgresql tile provider."""
    parts = httpx.URL(url)
    data = {
        "host": parts.host,
        "port": parts.port or 5432,
        "dbname": parts.path.lstrip("/"),
        "user": parts.username or "postgres",
        "password": parts.password or "",
        "search_path": ["bench", "public"],
    }
    table = lambda kind: {"table": f"bench_{kind}", "id_field": "id", "geom_field": "geom"}  # noqa: E731
    # statements end after 30 s (wrk's timeout; map-api's own limit is 15 s): a tile nobody
    # waits for any more must not run on into the next measurement
    timeout = "-c statement_timeout=30000"
    resources = {
        f"bench-{kind}": {
            "type": "collection",
            "title": f"Synthetic {kind}",
            "description": "Synthetic benchmark data",
            "keywords": ["bench"],
            "extents": {
                "spatial": {
                    "bbox": [LON[0], LAT[0], LON[1], LAT[1]],
                    "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                },
            },
            "providers": [
                {
                    "type": "feature",
                    "name": "PostgreSQL",
                    "data": data,
                    **table(kind),
                    "time_field": "observed",
                    "options": {"options": timeout},
                },
                {
                    "type": "tile",
                    "name": "MVT-postgresql",
                    "data": data,
                    **table(kind),
                    "options": {"zoom": {"min": 0, "max": 16}, "options": timeout},
                    "format": {"name": "pbf", "mimetype": "application/vnd.mapbox-vector-tile"},
                },
            ],
        }
        for kind in COUNTS
    }
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": port},
            "url": f"http://127.0.0.1:{port}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "language": "en-US",
            "cors": False,
            "pretty_print": False,
            "limits": {"default_items": 10, "max_items": 10000},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": ""},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "bench",
                "keywords": ["bench"],
                "keywords_type": "theme",
                "terms_of_service": "",
                "url": "http://example.org",
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "bench", "url": "http://example.org"},
            "contact": {"name": "bench", "email": "bench@example.org"},
        },
        "resources": resources,
    }


def pygeoapi_target(venv: Path, url: str, workers: int, threads: int, state: Path) -> Target:
    port = _free_port()
    config, openapi = state / "pygeoapi.config.yml", state / "pygeoapi.openapi.yml"
    # JSON is YAML: no YAML writer needed in this venv
    config.write_text(json.dumps(pygeoapi_config(url, port), indent=1))
    env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    _run([str(venv / "pygeoapi"), "openapi", "generate", str(config), "--output-file",
          str(openapi)], env=env)  # fmt: skip
    return Target(
        name="pygeoapi",
        # its WSGI app under gunicorn, as pygeoapi is deployed (its Starlette app breaks on
        # some answers to clients that accept gzip), one thread per client connection
        argv=[
            *(str(venv / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(workers)),
            *("-k", "gthread", "--threads", str(threads), "--log-level", "warning"),
            "pygeoapi.flask_app:APP",
        ],
        env=env,
        ready="/conformance?f=json",
        collection=lambda kind: f"/collections/bench-{kind}",
        item_query="&f=json",
        filter_lang="cql-text",  # pygeoapi's name for CQL2 text (ECQL parser)
        tile=lambda kind, t: (
            f"/collections/bench-{kind}/tiles/WebMercatorQuad/{t.z}/{t.y}/{t.x}?f=mvt"
        ),
        port=port,
    )


# ---- peers ----------------------------------------------------------------------------------


def _run(argv: list[str], env: dict[str, str] | None = None) -> None:
    """Run a command quietly; on failure show its output and stop."""
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(argv)}")


def ensure_peer(cache: Path, name: str) -> Path:
    """The peer's venv `bin/`, created and installed on first use (requirements in a stamp)."""
    venv = cache / name
    stamp = venv / "bench-requirements.json"
    wanted = json.dumps(PEERS[name])
    if stamp.exists() and stamp.read_text() == wanted:
        return venv / "bin"
    print(f"installing {name} into {venv} ...", flush=True)
    _run([sys.executable, "-m", "venv", "--clear", str(venv)])
    _run([str(venv / "bin/pip"), "install", "--disable-pip-version-check", *PEERS[name]])
    stamp.write_text(wanted)
    return venv / "bin"


def version(bin_dir: Path, package: str) -> str:
    out = subprocess.run(
        [str(bin_dir / "python"), "-c",
         f"import importlib.metadata as m; print(m.version({package!r}))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.strip()


# ---- running servers and wrk ----------------------------------------------------------------


def start(target: Target, logs: Path) -> None:
    log = open(logs / f"{target.name.replace(' ', '_')}.log", "wb")
    target.process = subprocess.Popen(
        target.argv, env=target.env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{target.port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if target.process.poll() is not None:
            raise SystemExit(f"{target.name} exited at start; see {log.name}")
        try:
            if httpx.get(base + target.ready, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop(target)
    raise SystemExit(f"{target.name} not ready after 60 s; see {log.name}")


def stop(target: Target) -> None:
    """Stop the server this script started (its own process group)."""
    proc = target.process
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@dataclass
class Check:
    """What the warm-up saw for one endpoint of one target."""

    statuses: dict[int, int]
    features: int  # items: features in the (first) answer; tiles: features over all tiles
    matched: int | None  # items: numberMatched (None: not given)
    nonempty: int  # tiles with features
    bytes: int  # bytes on the wire (gzip when the server compressed)
    skipped: int = 0  # not asked: the warm-up's time was up

    def text(self, tiles: bool) -> str:
        status = "/".join(
            f"{n}x{s or 'timeout'}" if n > 1 else str(s or "timeout")
            for s, n in sorted(self.statuses.items())
        )
        if self.skipped:
            status += f" ({self.skipped} not asked: time up)"
        if tiles:
            return f"{status}: {self.nonempty} tiles with {self.features:,} features"
        matched = "" if self.matched is None else f" of {self.matched:,}"
        return f"{status}: {self.features}{matched} features"


def _features(body: bytes) -> int:
    tile = mapbox_vector_tile.decode(body)
    return sum(len(layer["features"]) for layer in tile.values())


async def warm_up(base: str, paths: dict[str, list[str]], budget: float) -> dict[str, Check]:
    """Every URL once (4 at a time), checked: status, features, tile contents; an endpoint's
    URLs not asked within `budget` seconds are counted as skipped, a request taking longer
    than 60 s as a timeout (status 0)."""
    out: dict[str, Check] = {}
    limits = httpx.Limits(max_connections=4)
    gate = asyncio.Semaphore(4)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        for label, urls in paths.items():
            check = Check({}, 0, None, 0, 0)
            deadline = time.monotonic() + budget

            async def one(
                url: str, check: Check = check, label: str = label, deadline: float = deadline
            ) -> None:
                async with gate:
                    if time.monotonic() > deadline:
                        check.skipped += 1
                        return
                    try:
                        res = await client.get(url, headers={"Accept-Encoding": "gzip"})
                    except httpx.TimeoutException:
                        check.statuses[0] = check.statuses.get(0, 0) + 1
                        return
                check.statuses[res.status_code] = check.statuses.get(res.status_code, 0) + 1
                check.bytes += res.num_bytes_downloaded
                if res.status_code != 200:
                    return
                if label.startswith("MVT"):
                    body = res.content
                    if body[:2] == b"\x1f\x8b":  # a server that gzips without saying so
                        body = gzip.decompress(body)
                    n = _features(body) if body else 0
                    check.features += n
                    check.nonempty += n > 0
                else:
                    doc = res.json()
                    check.features = len(doc["features"]) if "features" in doc else 1
                    check.matched = doc.get("numberMatched")

            await asyncio.gather(*(one(u) for u in urls))
            out[label] = check
    return out


LUA = """
local paths = {}
local counter = 0
local threads = 0
wrk.headers["Accept-Encoding"] = "gzip"

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = (id or 0) * math.floor(#paths / 2)
end

function request()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "status": %d, '
    .. '"socket": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Result:
    rps: float
    p50: float  # ms
    p99: float
    errors: int

    def line(self) -> str:
        errors = f", {self.errors} errors" if self.errors else ""
        return f"{self.rps:,.0f} req/s, p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms{errors}"


def run_wrk(
    base: str, urls: list[str], args: argparse.Namespace, work: Path, seconds: int | None = None
) -> Result:
    """One wrk run over `urls` (cycled); the summary from the Lua `done` hook."""
    listing = work / "paths.txt"
    listing.write_text("\n".join(urls) + "\n")
    script = work / "cycle.lua"
    script.write_text(LUA)
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds or args.duration}s",
         "--timeout", "30s", "-s", str(script), base, "--", str(listing)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    summary = json.loads(out.strip().splitlines()[-1])
    seconds = summary["duration_us"] / 1e6
    return Result(
        summary["requests"] / seconds,
        summary["p50_us"] / 1000,
        summary["p99_us"] / 1000,
        summary["status"] + summary["socket"],
    )


def await_idle(url: str, limit: float = 60.0) -> None:
    """Wait until the database runs no statement (a server may still be working on requests
    wrk gave up on; they must not slow the next measurement down)."""

    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            deadline = time.monotonic() + limit
            while time.monotonic() < deadline:
                busy = await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND pid <> pg_backend_pid()"
                )
                if not busy:
                    return
                await asyncio.sleep(0.2)
        finally:
            await conn.close()

    asyncio.run(run())


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def bench_all(
    targets: list[Target], url: str, args: argparse.Namespace, logs: Path
) -> tuple[dict[str, dict[str, Check]], dict[str, dict[str, Result]]]:
    """Every server started (an idle one costs nothing), checked and warmed; then each round
    runs each endpoint on every server back to back (order reversed every other round), so a
    change in what else the machine does falls on all of them alike."""
    checks: dict[str, dict[str, Check]] = {}
    best: dict[str, dict[str, Result]] = {t.name: {} for t in targets}
    try:
        for target in targets:
            print(f"{target.name}: starting", flush=True)
            start(target, logs)
        for target in targets:
            base = f"http://127.0.0.1:{target.port}"
            checks[target.name] = asyncio.run(warm_up(base, target.paths(), args.check_budget))
            await_idle(url)
            for urls in target.paths().values():  # untimed: caches and connections warm
                run_wrk(base, urls, args, logs, seconds=args.warmup)
                await_idle(url)
        for round_ in range(args.rounds):
            order = targets if round_ % 2 == 0 else targets[::-1]
            print(f"\nround {round_ + 1} (load average {_load()})", flush=True)
            for label in ENDPOINTS:
                for target in order:
                    base = f"http://127.0.0.1:{target.port}"
                    result = run_wrk(base, target.paths()[label], args, logs)
                    await_idle(url)
                    print(f"  {label} / {target.name}: {result.line()}", flush=True)
                    kept = best[target.name].get(label)
                    if kept is None or result.rps > kept.rps:
                        best[target.name][label] = result
        print(f"done (load average {_load()})", flush=True)
    finally:
        for target in targets:
            stop(target)
    return checks, best


# ---- report ---------------------------------------------------------------------------------


def _ratio(a: Result | None, b: Result | None, goal: float | None = None) -> str:
    """a's requests/s over b's, marked when below `goal`."""
    if a is None or b is None:
        return "-"
    if not b.rps:
        return "n/a (peer: 0 req/s)"
    r = a.rps / b.rps
    return f"{r:.1f}" + (" (below)" if goal is not None and r < goal else "")


def _p99(r: Result | None, tipg: Result | None) -> str:
    if r is None or tipg is None:
        return "-"
    ratio = r.p99 / tipg.p99
    return f"{ratio:.2f}" + (" (worse)" if ratio > 1 else "")


def report(
    targets: list[str],
    checks: dict[str, dict[str, Check]],
    results: dict[str, dict[str, Result]],
) -> str:
    lines = ["## What each server answered (warm-up, checked)\n"]
    rows = [
        [label, *(checks[t][label].text(label.startswith("MVT")) for t in targets)]
        for label in ENDPOINTS
    ]
    lines.append(markdown(["endpoint", *targets], rows))
    lines.append("\n## Requests/s, p50 and p99 (ms); best of the rounds\n")
    rows = []
    for label in ENDPOINTS:
        for t in targets:
            r = results[t][label]
            rows.append([label, t, f"{r.rps:,.0f}", f"{r.p50:.1f}", f"{r.p99:.1f}",
                         str(r.errors) if r.errors else ""])  # fmt: skip
    lines.append(markdown(["endpoint", "target", "req/s", "p50", "p99", "errors"], rows))
    lines.append("\n## Ratios of requests/s (goal in the header; p99: map-api's ÷ tipg's)\n")
    rows = []
    for label in ENDPOINTS:
        tiles = label.startswith("MVT")
        on = results.get("map-api", {}).get(label)
        off = results.get("map-api (cache off)", {}).get(label)
        tipg, pygeo = results.get("tipg", {}).get(label), results.get("pygeoapi", {}).get(label)
        rows.append([
            label,
            _ratio(on, tipg, 3.0 if tiles else 1.5),
            _ratio(off, tipg, 1.0),
            _ratio(on, pygeo, 5.0),
            _ratio(off, pygeo),
            _p99(on, tipg), _p99(off, tipg),
        ])  # fmt: skip
    heads = ["endpoint", "on ÷ tipg (≥3 tiles, ≥1.5 items)", "off ÷ tipg (≥1)",
             "on ÷ pygeoapi (≥5)", "off ÷ pygeoapi", "p99 on ÷ tipg (≤1)",
             "p99 off ÷ tipg (≤1)"]  # fmt: skip
    lines.append(markdown(heads, rows))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers, every server")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="wrk runs per endpoint (best kept)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed wrk seconds first")
    parser.add_argument(
        "--check-budget", type=float, default=60, help="seconds to check an endpoint's URLs"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--admin-url", help="PostgreSQL superuser URL (IMAP_TEST_ADMIN_URL)")
    parser.add_argument("--cache-dir", type=Path, default=REPO / ".imap/bench")
    parser.add_argument(
        "--targets", default="map-api,map-api (cache off),tipg,pygeoapi",
        help="comma-separated subset of: map-api, map-api (cache off), tipg, pygeoapi",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the database (print its URL)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    if args.admin_url:
        os.environ["IMAP_TEST_ADMIN_URL"] = args.admin_url
    wanted = [t.strip() for t in args.targets.split(",") if t.strip()]
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    peers = {name: ensure_peer(args.cache_dir, name) for name in PEERS if name in wanted}
    logs = Path(tempfile.mkdtemp(prefix="map-bench-", dir=args.cache_dir))
    url = create_database("imap_bench_map")
    try:
        print(f"# map-api bench on {url.rsplit('/', 1)[-1]} (logs: {logs})", flush=True)
        prepare_database(
            url, bootstrap_sql=REPO / "deploy/sql/bootstrap.sql", migrations=MIGRATIONS, seed=seed
        )
        started = time.perf_counter()
        data = synthetic()
        asyncio.run(load(url, data))
        print(f"synthetic set loaded in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{len(v):,} {k}" for k, v in data.items()), flush=True)  # fmt: skip
        makers: dict[str, Callable[[], Target]] = {
            "map-api": lambda: map_target(url, args.workers, cache=True),
            "map-api (cache off)": lambda: map_target(url, args.workers, cache=False),
            "tipg": lambda: tipg_target(peers["tipg"], url, args.workers),
            "pygeoapi": lambda: pygeoapi_target(
                peers["pygeoapi"], url, args.workers, args.connections, logs
            ),
        }
        checks, results = bench_all([makers[name]() for name in wanted], url, args, logs)
        versions = ", ".join(
            [f"tipg {version(peers['tipg'], 'tipg')}" if "tipg" in peers else "",
             f"pygeoapi {version(peers['pygeoapi'], 'pygeoapi')}" if "pygeoapi" in peers
             else ""]
        ).strip(", ")  # fmt: skip
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        print(f"\n# Results: map-api {commit}, {versions}; {args.workers} worker(s) each; "
              f"wrk -t{args.threads} "
              f"-c{args.connections} -d{args.duration}s, best of {args.rounds}; "
              f"{len(tile_list())} tiles per tile endpoint\n")  # fmt: skip
        print(report(wanted, checks, results))
        (logs / "results.json").write_text(
            json.dumps({t: {k: vars(v) for k, v in r.items()} for t, r in results.items()})
        )
    finally:
        if args.keep:
            print(f"database kept: {url}")
        else:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Web client: the first page's bundle size (gzip) and the time to the first rendered map in
headless Chromium through the gateway, cold and warm cache (issue 7).

    .venv/bin/python bench/client_bench.py [--runs 7] [--build] [--sizes-only]

Goals (issue 7): the first page under 350 kB gzip beyond MapLibre itself; the first rendered map
under 1.5 s cold on this machine. Nothing here is a test; no timing is asserted anywhere.

**Sizes.** By default `frontend/dist` is measured as it is (`--build` runs `npm run build`
first); a copy of it is measured and served, since other engineers rebuild the same tree. The
first page's files are found from the build itself: `dist/index.html` (module scripts,
stylesheets, module preloads), then each JavaScript file's static imports (through
`dist/.vite/manifest.json` when the build wrote one, else by reading the built files), and the
files the JavaScript references with `new URL("...", import.meta.url)`: MapLibre's worker is
started with the map, fonts are fetched only for the glyphs a label needs. Which of those the page
really fetched is then taken from the cold browser runs (Resource Timing, the page's and the map
workers'). Sizes are gzip -9 of each file (woff2 is compressed already and counted as it is), and
beside them the body bytes the gateway sent (nginx gzip). MapLibre is its own chunk
(`maplibre-gl-*.js`, `codeSplitting` in `frontend/vite.config.js`) plus its worker
(`maplibre-gl-worker-*.mjs`); everything else counts against the 350 kB. 1 kB = 1,000 bytes.

**Time to the first rendered map.** A throwaway database, migrated and seeded with the shipped
data, and the whole stack (four services and the nginx gateway, `imapctl.stack.Stack`, as the
browser tests use it). Debian's `/usr/bin/chromium` (headless, software GL, the tests' flags) is
driven with Playwright at 1280 x 800. Time = from navigation start to the moment the client sets
`body[data-map-ready="1"]` (the first idle map with data), read in the page with
`performance.now()` by a MutationObserver. One untimed visit first (the services' first
requests), then `--runs` times: a new browser context (empty cache) loads `/` (cold) and is
reloaded (warm: the same context, so `/assets/` come from the cache, `immutable`, and the API
answers are revalidated). Bytes = Resource Timing `transferSize` of the document, the page's
resources and the map workers' (tiles are fetched in the workers), once the network has been idle
for 500 ms. The load average is printed before and after, as other work on the machine changes
the times.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from _common import table as markdown

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser_support import ARGS, CHROMIUM  # noqa: E402  (the tests' Chromium and flags)

FRONTEND = REPO / "frontend"
GOAL_KB = 350  # first page, gzip, beyond MapLibre
GOAL_S = 1.5  # first rendered map, cold
VIEWPORT: Any = {"width": 1280, "height": 800}  # Playwright ViewportSize
READY = 'body[data-map-ready="1"]'

# ---- sizes ----------------------------------------------------------------------------------


@dataclass
class Asset:
    path: str  # relative to dist, e.g. "assets/index-CK0wodxh.js"
    how: str  # why the first page loads it
    raw: int = 0
    gzip: int = 0
    wire: int | None = None  # body bytes the gateway sent on a cold load (None: not fetched)
    fetched: bool = False

    @property
    def maplibre(self) -> bool:
        return Path(self.path).name.startswith("maplibre-gl")

    @property
    def font(self) -> bool:
        return self.path.endswith((".woff2", ".woff", ".ttf"))


class _Head(HTMLParser):
    """Module scripts, stylesheets and module preloads of index.html, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.found.append((a["src"], "entry script"))
        elif tag == "link" and a.get("href"):
            rel = a.get("rel", "").split()
            if "stylesheet" in rel:
                self.found.append((a["href"], "stylesheet"))
            elif "modulepreload" in rel:
                self.found.append((a["href"], "module preload"))


STATIC_IMPORT = re.compile(
    r"""(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`](\.{1,2}/[^"'`]+)["'`]"""
)
DYNAMIC_IMPORT = re.compile(r"""import\(\s*["'`](\.{1,2}/[^"'`]+)["'`]\s*\)""")
URL_REF = re.compile(r"""new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url\s*\)""")


def _rel(base: str, ref: str) -> str:
    """`ref` (relative to the file `base`, both relative to dist) as a path relative to dist."""
    parts = [p for p in Path(base).parent.parts if p not in ("", ".")]
    for piece in ref.split("?")[0].split("#")[0].split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def first_page_files(dist: Path) -> tuple[list[Asset], list[str], str]:
    """The files the first page loads (static graph), the lazily imported ones, and how the
    graph was found."""
    head = _Head()
    head.feed((dist / "index.html").read_text(encoding="utf-8"))
    assets: dict[str, Asset] = {"index.html": Asset("index.html", "document")}
    lazy: list[str] = []
    manifest = dist / ".vite/manifest.json"
    method = "dist/.vite/manifest.json" if manifest.exists() else "reading the built files"
    queue: list[str] = []
    for ref, how in head.found:
        path = _rel("index.html", ref)
        assets.setdefault(path, Asset(path, how))
        if path.endswith((".js", ".mjs")):
            queue.append(path)
    if manifest.exists():
        chunks = json.loads(manifest.read_text(encoding="utf-8"))
        by_file = {c["file"]: c for c in chunks.values()}
        while queue:
            chunk = by_file.get(queue.pop(0), {})
            for key in chunk.get("imports", []):
                path = chunks[key]["file"]
                if path not in assets:
                    assets[path] = Asset(path, f"imported by {Path(chunk['file']).name}")
                    queue.append(path)
            for path in chunk.get("css", []):
                assets.setdefault(path, Asset(path, f"CSS of {Path(chunk['file']).name}"))
            for path in chunk.get("assets", []):
                assets.setdefault(path, Asset(path, f"referenced by {Path(chunk['file']).name}"))
            lazy += [chunks[k]["file"] for k in chunk.get("dynamicImports", [])]
    else:
        while queue:
            path = queue.pop(0)
            text = (dist / path).read_text(encoding="utf-8")
            for ref in STATIC_IMPORT.findall(text):
                target = _rel(path, ref)
                if target not in assets:
                    assets[target] = Asset(target, f"imported by {Path(path).name}")
                    queue.append(target)
            for ref in URL_REF.findall(text):
                target = _rel(path, ref)
                if (dist / target).is_file():
                    assets.setdefault(target, Asset(target, f"referenced by {Path(path).name}"))
            lazy += [_rel(path, ref) for ref in DYNAMIC_IMPORT.findall(text)]
    for asset in assets.values():
        data = (dist / asset.path).read_bytes()
        asset.raw = len(data)
        asset.gzip = len(data) if asset.font else len(gzip.compress(data, 9))
    return list(assets.values()), sorted(set(lazy)), method


def build() -> None:
    print("npm run build ...", flush=True)
    subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True)


# ---- browser --------------------------------------------------------------------------------

# Before any page script: note when the client marks the map ready, keep every resource entry.
INIT = """
(() => {
  performance.setResourceTimingBufferSize(2000);
  const mark = () => {
    if (window.__imapReadyAt === undefined && document.body
        && document.body.dataset.mapReady === '1') window.__imapReadyAt = performance.now();
  };
  new MutationObserver(mark).observe(document, {
    attributes: true, subtree: true, attributeFilter: ['data-map-ready'],
  });
})();
"""
ENTRIES = """
() => performance.getEntriesByType('resource').map((r) => ({
  name: r.name, transfer: r.transferSize, body: r.encodedBodySize,
}))
"""
PAGE = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {ready: window.__imapReadyAt ?? null, dcl: nav.domContentLoadedEventEnd,
          doc: {name: nav.name, transfer: nav.transferSize, body: nav.encodedBodySize}};
}
"""


@dataclass
class Visit:
    seconds: float
    dcl: float
    bytes: dict[str, int] = field(default_factory=dict)  # kind -> transferSize
    resources: int = 0  # document and resources, cache hits included
    document: int = 0  # transferSize of index.html
    assets: dict[str, int] = field(default_factory=dict)  # dist path -> body bytes (fetched)


def _kind(path: str) -> str:
    if path.startswith("/api/map/v1/tiles/") and not path.endswith(".json"):
        return "tiles"
    if path.startswith("/api/"):
        return "API"
    return "assets"


def visit(page: Any, gateway: str, reload: bool = False) -> Visit:
    """Load (or reload) the page, wait for the first rendered map, then for a quiet network."""
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(gateway + "/", wait_until="commit")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    info = page.evaluate(PAGE)
    entries = [*page.evaluate(ENTRIES)]
    for worker in page.workers:
        try:
            entries += worker.evaluate(ENTRIES)
        except Exception:  # a worker that ended meanwhile
            continue
    out = Visit(seconds=info["ready"] / 1000, dcl=info["dcl"] / 1000)
    out.bytes = {"assets": info["doc"]["transfer"], "API": 0, "tiles": 0}
    out.resources = 1
    out.document = info["doc"]["transfer"]
    for entry in entries:
        parts = urlsplit(entry["name"])
        if parts.scheme not in ("http", "https"):
            continue  # data: and blob: URLs
        out.resources += 1
        out.bytes[_kind(parts.path)] += entry["transfer"]
        if parts.path.startswith("/assets/") and entry["transfer"] > 0:
            out.assets[parts.path.lstrip("/")] = entry["body"]
    return out


def guard(page: Any, gateway: str, problems: list[str]) -> None:
    """Note console errors and requests to any host but the gateway (the run then fails)."""
    host = urlsplit(gateway).netloc

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            problems.append(f"console: {msg.text}")

    def on_request(req: Any) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https") and parts.netloc != host:
            problems.append(f"request to another host: {req.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", on_request)


def measure(gateway: str, runs: int) -> tuple[Visit, list[Visit], list[Visit], str]:
    """The first visit after the stack started, then `runs` cold and warm visits."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    untimed: Visit | None = None
    cold: list[Visit] = []
    warm: list[Visit] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            version = browser.version
            for i in range(runs + 1):
                ctx = browser.new_context(viewport=VIEWPORT)
                ctx.add_init_script(INIT)
                page = ctx.new_page()
                guard(page, gateway, problems)
                first = visit(page, gateway)
                if i == 0:
                    untimed = first
                    print(f"first visit after the stack started: {first.seconds:.2f} s", flush=True)
                else:
                    cold.append(first)
                    warm.append(visit(page, gateway, reload=True))
                    print(f"run {i}: cold {cold[-1].seconds:.2f} s, "
                          f"warm {warm[-1].seconds:.2f} s", flush=True)  # fmt: skip
                ctx.close()
        finally:
            browser.close()
    if problems:
        raise SystemExit("the page misbehaved, nothing measured:\n" + "\n".join(problems[:20]))
    assert untimed is not None
    return untimed, cold, warm, version


# ---- report ---------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1000:,.1f}"


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def size_report(assets: list[Asset], observed: bool) -> tuple[str, int, int]:
    """The files' table, the gzip bytes beyond MapLibre and MapLibre's."""
    rows = []
    # without a browser run: the static graph less the fonts (fetched only for needed glyphs)
    counted = [a for a in assets if a.fetched] if observed else [a for a in assets if not a.font]
    for a in assets:
        rows.append([
            f"`{a.path}`",
            a.how,
            "MapLibre" if a.maplibre else "ours",
            ("yes" if a.fetched else "no") if observed else "-",
            kb(a.raw),
            kb(a.gzip) + (" (woff2)" if a.font else ""),
            kb(a.wire) if a.wire is not None else "-",
        ])  # fmt: skip
    ours = sum(a.gzip for a in counted if not a.maplibre)
    maplibre = sum(a.gzip for a in counted if a.maplibre)
    headers = ["file", "why", "part", "fetched cold", "raw kB", "gzip -9 kB", "gateway sent kB"]
    return markdown(headers, rows), ours, maplibre


def time_report(cold: list[Visit], warm: list[Visit]) -> str:
    rows = []
    for name, visits in (("cold (new context)", cold), ("warm (reload)", warm)):
        secs = [v.seconds for v in visits]
        med = statistics.median(secs)
        total = statistics.median([sum(v.bytes.values()) for v in visits])
        parts = {k: statistics.median([v.bytes[k] for v in visits]) for k in visits[0].bytes}
        rows.append([
            name,
            str(len(visits)),
            f"{med:.2f}",
            f"{p90(secs):.2f}",
            f"{statistics.median([v.dcl for v in visits]):.2f}",
            f"{med / GOAL_S:.2f}" if visits is cold else "-",
            kb(total),
            " / ".join(kb(parts[k]) for k in ("assets", "API", "tiles")),
            str(int(statistics.median([v.resources for v in visits]))),
        ])  # fmt: skip
    headers = [
        "cache", "runs", "map ready median s", "p90 s", "DOMContentLoaded s",
        f"median ÷ {GOAL_S} s", "transferred kB", "page+assets / API / tiles kB", "resources",
    ]  # fmt: skip
    return markdown(headers, rows)


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="cold and warm visits each")
    parser.add_argument("--build", action="store_true", help="run `npm run build` first")
    parser.add_argument("--dist", type=Path, default=FRONTEND / "dist", help="the built client")
    parser.add_argument("--sizes-only", action="store_true", help="no stack, no browser")
    parser.add_argument("--admin-url", help="PostgreSQL superuser URL (IMAP_TEST_ADMIN_URL)")
    args = parser.parse_args(argv)
    if args.admin_url:
        os.environ["IMAP_TEST_ADMIN_URL"] = args.admin_url
    if args.build:
        build()
    # A copy: others may rebuild frontend/dist (new hashes) while this runs.
    snapshot = Path(tempfile.mkdtemp(prefix="client-bench-dist-"))
    try:
        dist = Path(shutil.copytree(args.dist.resolve(), snapshot / "dist"))
        return run(args, dist)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def run(args: argparse.Namespace, dist: Path) -> int:
    assets, lazy, method = first_page_files(dist)
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime((dist / "index.html").stat().st_mtime))
    dirty = _git("status", "--porcelain", "--", "frontend/src", "frontend/index.html",
                 "frontend/vite.config.js")  # fmt: skip
    print(f"# web client bench: commit {_git('rev-parse', '--short', 'HEAD')}"
          f"{' (frontend has uncommitted changes)' if dirty else ''}; dist built {built}; "
          f"first page found by {method}; load average {_load()}", flush=True)  # fmt: skip
    if not any(a.maplibre and a.path.endswith(".js") for a in assets):
        print("note: no maplibre-gl-*.js chunk: MapLibre is inside the entry chunk and is "
              "counted as ours (see codeSplitting in frontend/vite.config.js)")  # fmt: skip
    untimed = None
    cold: list[Visit] = []
    warm: list[Visit] = []
    version = ""
    if not args.sizes_only:
        from imap_kit.testing import create_database, drop_database
        from imapctl.stack import Stack

        url = create_database("imap_bench_client")
        try:
            with tempfile.TemporaryDirectory(prefix="client-bench-") as state:
                started = time.perf_counter()
                with Stack(url, static_root=dist, state_dir=Path(state), log_json=False) as stack:
                    print(f"stack up in {time.perf_counter() - started:.0f} s "
                          f"({stack.gateway_url}); load average {_load()}", flush=True)  # fmt: skip
                    untimed, cold, warm, version = measure(stack.gateway_url, args.runs)
        finally:
            drop_database(url)
        fetched: dict[str, int] = {}
        for v in cold:
            fetched.update(v.assets)
        known = {a.path for a in assets}
        for path in sorted(set(fetched) - known):
            assets.append(Asset(path, "fetched by the page"))
            data = (dist / path).read_bytes()
            assets[-1].raw = len(data)
            assets[-1].gzip = len(data) if assets[-1].font else len(gzip.compress(data, 9))
        for a in assets:
            a.fetched = a.path in fetched or a.path == "index.html"
            a.wire = fetched.get(a.path)
        assets[0].wire = int(statistics.median(v.document for v in cold)) if cold else None
    table, ours, maplibre = size_report(assets, observed=bool(cold))
    note = "index.html: its transferSize" if cold else "static graph; fonts fetched on demand"
    print(f"\n## First page: files ({note})")
    print(table)
    if lazy:
        print(f"\nlazily imported, not counted: {', '.join(lazy)}")
    print("\n## First page: totals\n")
    print(markdown(
        ["part", "gzip kB", "goal", "÷ goal"],
        [[f"beyond MapLibre (html, our JS and CSS{', fonts fetched' if cold else ', no fonts'})",
          kb(ours), f"< {GOAL_KB} kB",
          f"{ours / 1000 / GOAL_KB:.2f}"],
         ["MapLibre (its JS chunk, CSS and worker)", kb(maplibre), "-", "-"],
         ["all", kb(ours + maplibre), "-", "-"]],
    ))  # fmt: skip
    if cold:
        assert untimed is not None
        print(f"\n## First rendered map ({version}, {VIEWPORT['width']}x{VIEWPORT['height']}, "
              f"through the gateway)\n")  # fmt: skip
        print(time_report(cold, warm))
        print(f"\nfirst visit after the stack started (untimed warm-up): {untimed.seconds:.2f} s; "
              f"load average {_load()}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

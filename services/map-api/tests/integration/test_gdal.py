"""GDAL's OGC API - Features driver (the one QGIS uses) reads map-api with no custom code: lists
the collections, reads features in a bbox, and sends attribute filters to the server as CQL.

map-api runs under uvicorn on a free port, on the test database, and is addressed with its
gateway prefix (`/api/map/v1`) as a client behind the gateway would.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

OGRINFO = shutil.which("ogrinfo")
pytestmark = pytest.mark.skipif(OGRINFO is None, reason="needs gdal-bin (ogrinfo)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def api_url(database_url: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "MAP_DATABASE_URL": database_url, "MAP_LOG_JSON": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "map_api.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/map"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("map-api did not start")
        yield base + "/v1"
    finally:
        server.terminate()
        server.wait(timeout=10)


def ogrinfo(*args: str, debug: bool = False) -> str:
    env = {**os.environ, "CPL_DEBUG": "ON" if debug else "OFF"}
    result = subprocess.run(
        [OGRINFO or "ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_gdal_lists_every_collection(api_url: str) -> None:
    out = ogrinfo("-so", f"OAPIF:{api_url}")
    for line in (
        "countries (title: Country boundaries) (Multi Polygon)",
        "capitals (title: Capitals) (Point)",
        "routes (title: Migration routes) (Multi Line String)",
        "crossing-points (title: Border crossing points) (Point)",
        "route-statistics (title: Monthly detections per route and nationality)",
        "regions (title: Region groupings) (Multi Polygon)",
    ):
        assert line in out


def test_gdal_reads_features_in_a_bbox(api_url: str) -> None:
    out = ogrinfo("-q", f"OAPIF:{api_url}", "crossing-points", "-spat", "19", "44", "23", "47")
    slugs = {line.split("=")[1].strip() for line in out.splitlines() if "slug (String)" in line}
    assert slugs == {"roszke-horgos", "bajakovo-batrovci"}


def test_gdal_sends_attribute_filters_as_cql(api_url: str) -> None:
    out = ogrinfo(
        "-q", f"OAPIF:{api_url}", "route-statistics",
        "-where", "route = 'black-sea' AND detections > 100", debug=True,
    )  # fmt: skip
    assert "filter=" in out and "filter-lang=cql-text" in out  # evaluated by map-api
    values = sorted(
        int(line.split("=")[1]) for line in out.splitlines() if "detections (Integer)" in line
    )
    assert values == [134, 301]

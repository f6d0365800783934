"""The project-local PostgreSQL that `./imap run` and `./imap test` start, as a real cluster.

A fresh cluster in a throwaway state folder on a free port: initialised with PostGIS available,
loopback-only, reused when already running, bootstrapped with deploy/sql/bootstrap.sql, stopped.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapctl import health, pg
from imapctl.cluster import LocalCluster

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cluster() -> Iterator[LocalCluster]:
    # Inside the repository's .imap/ (not pytest's private temp dir): as root the cluster runs as
    # the `postgres` user, who must be able to reach its data folder.
    state = REPO / ".imap" / f"test-cluster-{uuid.uuid4().hex[:8]}"
    local = LocalCluster(state, port=health.free_port())
    try:
        yield local
    finally:
        local.stop()
        shutil.rmtree(state, ignore_errors=True)


def test_cluster_starts_once_serves_postgis_and_stops(cluster: LocalCluster) -> None:
    assert cluster.start() is True
    assert cluster.start() is False  # already running: reused, not restarted
    assert cluster.is_running()

    url = cluster.ensure_database("imap")
    assert cluster.ensure_database("imap") == url  # idempotent
    pg.run_sql_files(url, [REPO / "deploy/sql/bootstrap.sql"])
    pg.run_sql_files(url, [REPO / "deploy/sql/bootstrap.sql"])  # idempotent too
    schemas = pg.psql(
        url,
        sql="SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace "
        "WHERE nspname IN ('profiles', 'geo', 'toolbox', 'identity')",
    )
    assert schemas == "geo,identity,profiles,toolbox"
    assert pg.psql(url, sql="SELECT ST_AsText(ST_Point(1, 2, 4326))") == "POINT(1 2)"
    assert pg.psql(cluster.admin_url, sql="SHOW listen_addresses") == "127.0.0.1"

    cluster.stop()
    assert not cluster.is_running()
    assert not health.port_in_use("127.0.0.1", cluster.port)


def test_temporary_database_is_dropped_afterwards(cluster: LocalCluster) -> None:
    cluster.start()
    with pg.temporary_database(cluster.admin_url) as url:
        name = url.rsplit("/", 1)[1]
        assert name.startswith("imap_tmp_")
        assert pg.database_exists(cluster.admin_url, name)
    assert not pg.database_exists(cluster.admin_url, name)

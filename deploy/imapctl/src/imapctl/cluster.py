"""The project-local PostgreSQL + PostGIS cluster: data in ``.imap/pg``, on 127.0.0.1:54329.

Used by ``imapctl run`` when no ``DATABASE_URL`` is given and by ``imapctl test`` when no
``IMAP_TEST_ADMIN_URL`` is given. Trust authentication, listening on 127.0.0.1 only,
superuser ``postgres``; the port can be moved with ``IMAP_PG_PORT``. As root, every cluster command
runs as the ``postgres`` system user (PostgreSQL refuses root). A file lock keeps two launchers from
starting it at once.

    admin_url = ensure_local_cluster()      # postgresql://postgres@127.0.0.1:54329/postgres
    ...
    stop_local_cluster()
"""

from __future__ import annotations

import fcntl
import os
import re
import shlex
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from imapctl import health, paths, pg, system
from imapctl.pg import PgInstall
from imapctl.system import SetupError

DEFAULT_PORT = 54329
HOST = "127.0.0.1"
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux; keep a margin

_HBA = """\
# i-Map local development cluster (written by imapctl): trust, loopback only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
"""

_CONF = """
# ---- i-Map local development cluster (appended by imapctl) ----
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 128MB
# A development cluster: a crash may lose the last commits, never corrupt data.
synchronous_commit = off
log_line_prefix = '%m [%p] %q%u@%d '
"""


def default_port() -> int:
    """The cluster's port: ``IMAP_PG_PORT`` or 54329."""
    return int(os.environ.get("IMAP_PG_PORT", DEFAULT_PORT))


def ensure_server_install(major: int | None = None) -> PgInstall:
    """A PostgreSQL (>= 15) server with PostGIS, installed with apt when possible and missing."""
    if found := pg.find_server(major):
        return found
    if not system.can_apt_install():
        raise SetupError(_install_hint(major))
    system.apt_install(_apt_packages(major))
    if found := pg.find_server(major):
        return found
    raise SetupError(_install_hint(major))


def _apt_packages(major: int | None) -> list[str]:
    if major is None:
        servers = [i.major for i in pg.installed() if i.has_server]
        major = servers[0] if servers else _apt_postgis_major()
    return [f"postgresql-{major}", f"postgresql-{major}-postgis-3"]


def _apt_postgis_major() -> int:
    """The newest major (>= 15) for which apt offers postgresql-<major>-postgis-3."""
    system.apt_update()
    out = subprocess.run(
        ["apt-cache", "search", "--names-only", r"^postgresql-[0-9]+-postgis-3$"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    majors = [int(m) for m in re.findall(r"^postgresql-(\d+)-postgis-3 ", out, re.M)]
    usable = [m for m in majors if m >= pg.MIN_MAJOR]
    if not usable:
        raise SetupError(
            "apt offers no postgresql-<15 or newer>-postgis-3 package here. " + _install_hint(None)
        )
    return max(usable)


def _install_hint(major: int | None) -> str:
    ver = major or pg.MIN_MAJOR
    return (
        f"i-Map needs PostgreSQL {ver} or newer with PostGIS 3 to run its local database. Install "
        f"them (Debian/Ubuntu: sudo apt-get install postgresql postgresql-{ver}-postgis-3), "
        "or point DATABASE_URL (run) / IMAP_TEST_ADMIN_URL (test) at a PostGIS server you have, "
        "or run the whole stack in containers with `docker compose up`."
    )


class LocalCluster:
    """The cluster in ``<state>/pg``: initialise, start, stop, and its URLs."""

    def __init__(self, state: Path | None = None, port: int | None = None) -> None:
        self.state = state or paths.state_dir()
        self.port = port or default_port()
        self.data = self.state / "pg"
        self.socket_dir = self.state / "run"
        self.log_file = self.state / "logs" / "postgres.log"
        self._server: PgInstall | None = None

    @property
    def admin_url(self) -> str:
        """Superuser URL of the maintenance database ``postgres``."""
        return self.url("postgres")

    def url(self, database: str) -> str:
        """Plain ``postgresql://`` URL of `database` on this cluster."""
        return f"postgresql://postgres@{HOST}:{self.port}/{database}"

    def initialised_major(self) -> int | None:
        """The major version the data folder was made with, or None when not initialised."""
        version = self.data / "PG_VERSION"
        return int(version.read_text().strip()) if version.is_file() else None

    def server(self) -> PgInstall:
        """The PostgreSQL install matching the data folder (or the newest one for a new cluster)."""
        if self._server is not None:
            return self._server
        major = self.initialised_major()
        try:
            self._server = ensure_server_install(major)
            return self._server
        except SetupError as exc:
            if major is None:
                raise
            raise SetupError(
                f"{self.data} was created by PostgreSQL {major}, which is not installed (with "
                f"PostGIS) here. Install postgresql-{major}-postgis-3, or delete {self.data} to "
                "start over (its data is lost)."
            ) from exc

    def is_running(self) -> bool:
        """True when this cluster's postmaster is up (``pg_ctl status``)."""
        if self.initialised_major() is None:
            return False
        argv = system.as_cluster_owner(
            [self.server().bin("pg_ctl"), "status", "-D", str(self.data)]
        )
        return subprocess.run(argv, capture_output=True, cwd="/", check=False).returncode == 0

    def start(self) -> bool:
        """Initialise if needed and start the cluster; True if this call started it."""
        with self._lock():
            server = self.server()
            self._prepare_dirs()
            if self.initialised_major() is None:
                self._initdb(server)
            if self.is_running():
                return False
            if health.port_in_use(HOST, self.port):
                raise SetupError(
                    f"port {self.port} on {HOST} is taken by another program, so the local "
                    "PostgreSQL cannot start; stop it or set IMAP_PG_PORT to a free port"
                )
            self._pg_ctl_start(server)
            self._wait_ready(server)
            return True

    def stop(self) -> None:
        """Stop the cluster (``pg_ctl stop -m fast``) if it is running."""
        with self._lock():
            if not self.is_running():
                return
            argv = [self.server().bin("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"]
            subprocess.run(
                system.as_cluster_owner(argv), cwd="/", check=True, stdout=subprocess.DEVNULL
            )

    def ensure_database(self, name: str) -> str:
        """Create database `name` if absent (cluster must be running); return its URL."""
        return pg.create_database(self.admin_url, name)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.state.mkdir(parents=True, exist_ok=True)
        with open(self.state / "cluster.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _prepare_dirs(self) -> None:
        for folder in (self.state, self.log_file.parent):
            folder.mkdir(parents=True, exist_ok=True)
        for folder, mode in ((self.data, 0o700), (self.socket_dir, 0o755)):
            folder.mkdir(exist_ok=True)
            folder.chmod(mode)
            system.chown_to_cluster_owner(folder)
        self.log_file.touch()
        system.chown_to_cluster_owner(self.log_file)
        system.make_traversable(self.data)

    def _initdb(self, server: PgInstall) -> None:
        argv = [
            server.bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            *_locale_args(),
        ]
        done = subprocess.run(
            system.as_cluster_owner(argv), cwd="/", capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SetupError(f"initdb failed:\n{done.stdout}{done.stderr}")
        (self.data / "pg_hba.conf").write_text(_HBA)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(_CONF)

    def _server_options(self) -> str:
        socket = self.socket_dir / f".s.PGSQL.{self.port}"
        # Too long a path cannot be a Unix socket: then TCP only (every client here uses TCP).
        sockets = str(self.socket_dir) if len(str(socket)) <= _SOCKET_PATH_MAX else ""
        return f"-c port={self.port} -c unix_socket_directories={shlex.quote(sockets)}"

    def _pg_ctl_start(self, server: PgInstall) -> None:
        argv = [
            server.bin("pg_ctl"),
            "start",
            "-D",
            str(self.data),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            self._server_options(),
        ]
        done = subprocess.run(
            system.as_cluster_owner(argv),
            cwd="/",
            capture_output=True,
            text=True,
            check=False,
            start_new_session=True,
        )
        if done.returncode != 0:
            raise SetupError(
                f"the local PostgreSQL did not start:\n{done.stdout}{done.stderr}"
                f"\n--- {self.log_file} (last lines) ---\n{_tail(self.log_file)}"
            )

    def _wait_ready(self, server: PgInstall, timeout: float = 30.0) -> None:
        argv = [server.bin("pg_isready"), "-q", "-h", HOST, "-p", str(self.port), "-U", "postgres"]
        deadline = time.monotonic() + timeout
        while subprocess.run(argv, check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise SetupError(
                    f"the local PostgreSQL on port {self.port} did not become ready;"
                    f" see {self.log_file}:\n{_tail(self.log_file)}"
                )
            time.sleep(0.2)


def _locale_args() -> list[str]:
    # C.UTF-8 keeps sorting stable and makes lower()/ILIKE work on Cyrillic; fall back to C.
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
    names = {line.strip().lower().replace("-", "") for line in out.splitlines()}
    return ["--locale=C.UTF-8"] if "c.utf8" in names else ["--no-locale"]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def ensure_local_cluster(state: Path | None = None, port: int | None = None) -> str:
    """Start the project-local cluster unless it runs already; return its superuser admin URL."""
    cluster = LocalCluster(state, port)
    cluster.start()
    return cluster.admin_url


def stop_local_cluster(state: Path | None = None, port: int | None = None) -> None:
    """Stop the project-local cluster if it is running."""
    LocalCluster(state, port).stop()

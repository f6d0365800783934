"""PostgreSQL client side: finding the binaries (and PostGIS), running psql, throwaway databases.

Binaries are looked up in ``pg_config --bindir`` and ``/usr/lib/postgresql/<major>/bin`` (Debian and
Ubuntu), newest major first, 15 or newer. psql is always run with ``-X`` (no ~/.psqlrc) and
``ON_ERROR_STOP``, against plain ``postgresql://`` URLs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from imapctl import system

MIN_MAJOR = 15


@dataclass(frozen=True)
class PgInstall:
    """One installed PostgreSQL major version: where its programs and extension files are."""

    major: int
    bindir: Path
    sharedir: Path

    def bin(self, name: str) -> str:
        """Absolute path of one of its programs (``initdb``, ``pg_ctl``, ``psql``...)."""
        return str(self.bindir / name)

    @property
    def has_server(self) -> bool:
        """True when the server programs (not just the client) are installed."""
        return (self.bindir / "initdb").is_file() and (self.bindir / "pg_ctl").is_file()

    @property
    def has_postgis(self) -> bool:
        """True when the PostGIS extension is installed for this major version."""
        return (self.sharedir / "extension" / "postgis.control").is_file()


def _pg_config(pg_config: str, flag: str) -> str | None:
    try:
        out = subprocess.run([pg_config, flag], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def _pg_config_for(bindir: Path) -> str | None:
    """The pg_config describing `bindir`: its own, or the one on PATH when that points here."""
    if (bindir / "pg_config").is_file():
        return str(bindir / "pg_config")
    on_path = shutil.which("pg_config")
    if on_path and _pg_config(on_path, "--bindir") == str(bindir):
        return on_path
    return None


def _version_of(bindir: Path, pg_config: str | None) -> int | None:
    text = _pg_config(pg_config, "--version") if pg_config else None
    for program in ("postgres", "psql"):
        if text is None and (bindir / program).is_file():
            text = subprocess.run(
                [str(bindir / program), "--version"], capture_output=True, text=True, check=False
            ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", text or "")
    return int(match.group(1)) if match else None


def _install_at(bindir: Path) -> PgInstall | None:
    pg_config = _pg_config_for(bindir)
    major = _version_of(bindir, pg_config)
    if major is None:
        return None
    sharedir = _pg_config(pg_config, "--sharedir") if pg_config else None
    return PgInstall(major, bindir, Path(sharedir or f"/usr/share/postgresql/{major}"))


def _candidate_bindirs() -> list[Path]:
    dirs: list[Path] = []
    if pg_config := shutil.which("pg_config"):
        if bindir := _pg_config(pg_config, "--bindir"):
            dirs.append(Path(bindir))
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    return [*dirs, *debian]


def installed(min_major: int = MIN_MAJOR) -> list[PgInstall]:
    """Every PostgreSQL install of at least `min_major`, newest first."""
    found: dict[Path, PgInstall] = {}
    for bindir in _candidate_bindirs():
        if (
            bindir.resolve() not in found
            and (inst := _install_at(bindir))
            and inst.major >= min_major
        ):
            found[bindir.resolve()] = inst
    return sorted(found.values(), key=lambda i: i.major, reverse=True)


def find_server(major: int | None = None) -> PgInstall | None:
    """The newest server install with PostGIS (of exactly `major` when given), else None."""
    for inst in installed():
        if inst.has_server and inst.has_postgis and (major is None or inst.major == major):
            return inst
    return None


def find_psql() -> str:
    """A psql program: from the newest install found, else from PATH."""
    for inst in installed(min_major=0):
        if (inst.bindir / "psql").is_file():
            return inst.bin("psql")
    if path := shutil.which("psql"):
        return path
    raise system.SetupError(
        "psql is not installed; install the PostgreSQL client (Debian/Ubuntu: apt-get install "
        "postgresql-client)"
    )


def psql(url: str, *, sql: str | None = None, file: Path | None = None) -> str:
    """Run SQL (a string or a file) with psql against `url`; return its unaligned output."""
    argv = [find_psql(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url]
    argv += ["-c", sql] if sql is not None else ["-f", str(file)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        what = f"file {file}" if file else repr(sql)
        raise system.SetupError(f"psql failed on {what} at {redact(url)}:\n{done.stderr.strip()}")
    return done.stdout.strip()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database `name`."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _plain_name(name: str) -> str:
    # Names are spliced into SQL text (psql has no bind parameters for identifiers): allow only
    # plain lower-case identifiers.
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name


def database_exists(admin_url: str, name: str) -> bool:
    """True when database `name` exists on the server of `admin_url`."""
    sql = f"SELECT 1 FROM pg_database WHERE datname = '{_plain_name(name)}'"
    return psql(admin_url, sql=sql) == "1"


def create_database(admin_url: str, name: str) -> str:
    """Create database `name` if absent; return its URL."""
    if not database_exists(admin_url, name):
        psql(admin_url, sql=f'CREATE DATABASE "{_plain_name(name)}"')
    return with_database(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    """Drop database `name` if present, closing its connections (PostgreSQL 13+)."""
    psql(admin_url, sql=f'DROP DATABASE IF EXISTS "{_plain_name(name)}" WITH (FORCE)')


@contextmanager
def temporary_database(admin_url: str, prefix: str = "imap_tmp") -> Iterator[str]:
    """Create an empty database named ``<prefix>_<random>``, yield its URL, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    url = create_database(admin_url, name)
    try:
        yield url
    finally:
        drop_database(admin_url, name)


def run_sql_files(url: str, files: Sequence[Path]) -> None:
    """Run plain SQL files in order (such as deploy/sql/bootstrap.sql)."""
    for path in files:
        psql(url, file=path)

"""``imapctl run``: the whole of i-Map on this machine, supervised until Ctrl-C.

Uses ``DATABASE_URL`` when set; otherwise the project-local cluster (started if needed, database
``imap`` created if absent). Then a `imapctl.stack.Stack` on the fixed local ports (gateway
``IMAP_GATEWAY_PORT`` or 8080; services 8101-8104 or ``IMAP_PROFILES_PORT``, ``IMAP_MAP_PORT``,
``IMAP_TOOLBOX_PORT``, ``IMAP_IDENTITY_PORT``) with every child's output echoed as ``[name] ...``.
Once everything answers it prints the URL and the command that creates the first admin account.
One Ctrl-C or SIGTERM stops everything; a child that dies stops everything and the exit status is
1. The local cluster is stopped at the end if this run started it.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from imapctl import paths
from imapctl.cluster import LocalCluster
from imapctl.procs import emit
from imapctl.stack import SERVICES, Stack, StackError
from imapctl.system import SetupError

DEFAULT_GATEWAY_PORT = 8080


def _say(line: str) -> None:
    emit(sys.stdout, f"[imapctl] {line}")


def install_stop_signals() -> None:
    """SIGTERM behaves like Ctrl-C; once stopping has begun, further signals only say so."""

    def stopping(signum: int, frame: FrameType | None) -> None:
        _say("already stopping; please wait")

    def first(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, stopping)
        signal.signal(signal.SIGTERM, stopping)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, first)
    signal.signal(signal.SIGTERM, first)


def follow_log(path: Path, name: str, stop: threading.Event) -> threading.Thread:
    """Echo lines appended to `path` as ``[name] ...`` until `stop` is set."""

    def follow() -> None:
        with open(path, errors="replace") as handle:
            handle.seek(0, os.SEEK_END)
            while not stop.is_set():
                line = handle.readline()
                if line:
                    emit(sys.stdout, f"[{name}] {line.rstrip()}")
                else:
                    time.sleep(0.3)

    thread = threading.Thread(target=follow, name=f"follow-{name}", daemon=True)
    thread.start()
    return thread


def run() -> int:
    """Start everything, print where it runs, supervise; return the exit status."""
    install_stop_signals()
    cluster: LocalCluster | None = None
    started_cluster = False
    stop_following = threading.Event()
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            cluster = LocalCluster()
            started_cluster = cluster.start()
            _say(
                f"local PostgreSQL {'started' if started_cluster else 'already running'} on "
                f"127.0.0.1:{cluster.port} (data in {cluster.data})"
            )
            follow_log(cluster.log_file, "postgres", stop_following)
            database_url = cluster.ensure_database("imap")
        return _run_stack(database_url, local=cluster is not None)
    except KeyboardInterrupt:
        _say("stopped")
        return 0
    except (SetupError, StackError) as exc:
        emit(sys.stderr, f"[imapctl] error: {exc}")
        return 1
    finally:
        stop_following.set()
        if cluster is not None and started_cluster:
            _say("stopping the local PostgreSQL")
            cluster.stop()


def service_ports() -> dict[str, int]:
    """Ports of the services: 8101-8104, or ``IMAP_<SERVICE>_PORT`` (e.g. IMAP_MAP_PORT)."""
    return {
        key: int(os.environ.get(f"IMAP_{key.upper()}_PORT", s.default_port))
        for key, s in SERVICES.items()
    }


def first_admin_hint(database_url: str, *, local: bool) -> list[str]:
    """How to create the first admin account in this database (two lines to print).

    The local cluster's URL (it has no password) is spelled out; a ``DATABASE_URL`` the user set
    is already in their environment and is not printed, since it may hold a password.
    """
    script = Path(sys.executable).parent / "identity-api"
    if not script.is_file():
        program = "identity-api"
    elif script.is_relative_to(Path.cwd()):
        program = str(script.relative_to(Path.cwd()))
    else:
        program = str(script)
    env = f"DATABASE_URL={shlex.quote(database_url)} " if local else ""
    args = '--email you@example.org --name "Your Name"'
    return [
        f"first admin: {env}{program} create-admin {args} --password-stdin",
        f"  (or: ./imap admin {args}, which asks for the password without echoing it)",
    ]


def _run_stack(database_url: str, *, local: bool) -> int:
    static_root = paths.static_root()
    if not (static_root / "index.html").is_file():
        _say(
            f"warning: {static_root}/index.html is missing, so / will answer 404; build the client "
            "with `cd frontend && npm ci && npm run build` (./imap run does it for you)"
        )
    port = int(os.environ.get("IMAP_GATEWAY_PORT", DEFAULT_GATEWAY_PORT))
    stack = Stack(
        database_url,
        gateway_port=port,
        echo=sys.stdout,
        log_json=False,
        service_ports=service_ports(),
    )
    with stack:
        url = stack.gateway_url
        _say(f"i-Map is running at {url} (API docs: {url}/api/docs)")
        for line in first_admin_hint(database_url, local=local):
            _say(line)
        _say("press Ctrl-C to stop")
        dead = stack.wait()
        _say(f"{dead.name} exited with status {dead.returncode}; stopping everything")
        return 1

"""The whole i-Map back end on one machine: the four services and the nginx gateway.

`Stack` is what ``imapctl run`` uses and what the cross-service tests use. Given a database URL it

1. runs ``deploy/sql/bootstrap.sql`` (PostGIS + the service schemas) with psql,
2. runs ``<service> migrate`` and ``<service> seed`` for each service, identity-api first,
3. starts ``<service> serve --host 127.0.0.1 --port N`` for each service, identity-api first; every
   service gets ``IMAP_IDENTITY_URL`` (where it fetches the JWKS and checks API keys) and
   identity-api gets ``IDENTITY_KEY_DIR=<state_dir>/identity`` (its development signing key, so
   a test stack never shares keys with ``imapctl run``) and map-api ``MAP_PROFILES_URL`` (its
   flows collection reads profiles-api),
4. renders the gateway template and starts nginx on the gateway port,
5. waits until every service's ``/readyz`` answers 200 and the gateway proxies to them,

and on exit stops nginx and the services (SIGTERM, then SIGKILL after a timeout). The database is
the caller's: Stack never creates or drops one (see `imapctl.pg.temporary_database`).

Example, in a test::

    from imapctl.cluster import ensure_local_cluster
    from imapctl.health import http_get
    from imapctl.pg import temporary_database
    from imapctl.stack import Stack

    admin_url = os.environ.get("IMAP_TEST_ADMIN_URL") or ensure_local_cluster()
    with temporary_database(admin_url) as db_url, Stack(db_url, state_dir=tmp_path) as stack:
        status, body = http_get(stack.api_url("map") + "/healthz")
        assert status == 200

Ports not given are picked free, so several stacks can run side by side. Every child's output is in
``<state_dir>/logs/<name>.log`` (``stack.logs("map")``), and also echoed as ``[map] ...`` lines when
an `echo` stream is given.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TextIO

from imapctl import health, nginx, paths, pg
from imapctl.procs import Child, StepFailed, emit, run_step
from imapctl.system import SetupError


@dataclass(frozen=True)
class Service:
    """One of the services, as the gateway and the launcher know it."""

    key: str  # short name: child name, log name, ports key
    command: str  # console script installed with the service
    prefix: str  # gateway path prefix (also its default ROOT_PATH)
    env_prefix: str  # settings prefix
    default_port: int  # port of `imapctl run`


# In start order: identity-api first, since the others verify tokens and keys against it.
SERVICES: dict[str, Service] = {
    s.key: s
    for s in (
        Service("identity", "identity-api", "/api/identity", "IDENTITY_", 8104),
        Service("profiles", "profiles-api", "/api/profiles", "PROFILES_", 8101),
        Service("map", "map-api", "/api/map", "MAP_", 8102),
        Service("toolbox", "toolbox-api", "/api/toolbox", "TOOLBOX_", 8103),
    )
}
_UPSTREAM_VAR = {
    "identity": "IDENTITY_UPSTREAM",
    "profiles": "PROFILES_UPSTREAM",
    "map": "MAP_UPSTREAM",
    "toolbox": "TOOLBOX_UPSTREAM",
}


class StackError(RuntimeError):
    """The stack could not be prepared or started; the message says which part and why."""


class Stack:
    """Bootstrap + migrate + seed a database, then run the services and the gateway.

    Args:
        database_url: plain ``postgresql://user@host:port/db`` URL; the database must exist.
        gateway_port: port of the nginx gateway; None picks a free one.
        service_ports: ``{"profiles": 8101, ...}``; a service left out gets a free port.
        host: loopback address everything binds to.
        services: which services to start (default all four). A left-out service still has a
            gateway route, to a port where nothing listens, so it answers 502 problem+json.
        static_root: the built web client served at ``/`` (default ``frontend/dist``).
        docs_root: the folder with the /api/docs page (default ``deploy/nginx/docs``).
        state_dir: where the nginx config, temp dirs and logs go (default ``.imap``).
        prepare: run bootstrap, migrate and seed before starting (default True).
        seed: run ``<service> seed`` as part of preparing (default True).
        echo: a text stream to copy every child's prefixed output to (default: logs only).
        env: extra environment for the services (e.g. ``{"MAP_LOG_LEVEL": "DEBUG"}``, or
            ``{"IMAP_API_KEY_CACHE_SECONDS": "0"}`` so a revoked API key fails at once); it wins
            over the stack's own ``IMAP_IDENTITY_URL`` but not over ``DATABASE_URL``.
        log_json: False switches the services to plain-text logs (``<PREFIX>LOG_JSON=false``).
        ready_timeout: seconds to wait for each readiness check.

    Attributes after start: `gateway_url`, `ports`, `children` (name -> `imapctl.procs.Child`).
    """

    def __init__(
        self,
        database_url: str,
        *,
        gateway_port: int | None = None,
        service_ports: Mapping[str, int] | None = None,
        host: str = "127.0.0.1",
        services: Sequence[str] = tuple(SERVICES),
        static_root: Path | None = None,
        docs_root: Path | None = None,
        state_dir: Path | None = None,
        prepare: bool = True,
        seed: bool = True,
        echo: TextIO | None = None,
        env: Mapping[str, str] | None = None,
        log_json: bool | None = None,
        ready_timeout: float = 90.0,
    ) -> None:
        unknown = set(services) - set(SERVICES)
        if unknown:
            raise ValueError(f"unknown service(s) {sorted(unknown)}; known: {list(SERVICES)}")
        self.database_url = database_url
        self.host = host
        # Always in SERVICES order, whatever order they were named in: identity-api first.
        self.services = [s for key, s in SERVICES.items() if key in services]
        given = {**(service_ports or {}), "gateway": gateway_port}
        spare = iter(health.free_ports(len(SERVICES) + 1, host))
        self.ports = {key: given.get(key) or next(spare) for key in (*SERVICES, "gateway")}
        self.static_root = (static_root or paths.static_root()).resolve()
        self.docs_root = (docs_root or paths.docs_root()).resolve()
        self.state_dir = (state_dir or paths.state_dir()).resolve()
        self.log_dir = self.state_dir / "logs"
        self.do_prepare, self.do_seed = prepare, seed
        self.echo = echo
        self.extra_env = dict(env or {})
        self.log_json = log_json
        self.ready_timeout = ready_timeout
        self.children: dict[str, Child] = {}
        self._nginx_files: nginx.NginxFiles | None = None

    # ---- addresses -------------------------------------------------------------------------

    @property
    def gateway_url(self) -> str:
        """Base URL of the gateway, e.g. ``http://127.0.0.1:8080``."""
        return f"http://{self.host}:{self.ports['gateway']}"

    def api_url(self, key: str) -> str:
        """A service's base URL through the gateway, e.g. ``http://127.0.0.1:8080/api/map``."""
        return self.gateway_url + SERVICES[key].prefix

    def service_url(self, key: str) -> str:
        """A service's own base URL, bypassing the gateway, e.g. ``http://127.0.0.1:8102``."""
        return f"http://{self.host}:{self.ports[key]}"

    # ---- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> Stack:
        """Prepare the database (unless prepare=False), start everything, wait until ready."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._check_ports_free()
            if self.do_prepare:
                self.prepare()
            for service in self.services:
                self._start_service(service)
            self._start_gateway()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def prepare(self) -> None:
        """Bootstrap the database, then migrate (and seed) each selected service."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._say("bootstrap", f"running {paths.bootstrap_sql()} on {pg.redact(self.database_url)}")
        try:
            pg.run_sql_files(self.database_url, [paths.bootstrap_sql()])
        except SetupError as exc:
            raise StackError(f"bootstrap failed: {exc}") from exc
        steps = ("migrate", "seed") if self.do_seed else ("migrate",)
        for service in self.services:
            for step in steps:
                self._run_step(service, step)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the gateway, then the services (SIGTERM, SIGKILL after `timeout`). Idempotent."""
        for name in reversed(list(self.children)):
            self.children[name].stop(timeout)

    def wait(self, poll: float = 0.5) -> Child:
        """Block until any child process exits; return it (the caller then calls `stop`)."""
        while True:
            for child in self.children.values():
                if not child.alive():
                    return child
            time.sleep(poll)

    def logs(self, name: str) -> str:
        """Everything a child (``identity``, ``profiles``, ``map``, ``toolbox``, ``nginx``) said."""
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.is_file() else ""

    # ---- steps -----------------------------------------------------------------------------

    def _say(self, name: str, line: str) -> None:
        if self.echo:
            emit(self.echo, f"[{name}] {line}")

    def _check_ports_free(self) -> None:
        wanted = {
            **{s.key: self.ports[s.key] for s in self.services},
            "gateway": self.ports["gateway"],
        }
        busy = [
            f"{name} {port}" for name, port in wanted.items() if health.port_in_use(self.host, port)
        ]
        if busy:
            raise StackError(
                f"port(s) already in use on {self.host}: {', '.join(busy)} "
                "(another i-Map still running? imapctl run takes IMAP_GATEWAY_PORT, "
                "IMAP_IDENTITY_PORT, IMAP_PROFILES_PORT, IMAP_MAP_PORT, IMAP_TOOLBOX_PORT)"
            )

    @property
    def identity_url(self) -> str | None:
        """identity-api's own base URL when this stack runs it (what ``IMAP_IDENTITY_URL`` gets)."""
        running = any(s.key == "identity" for s in self.services)
        return self.service_url("identity") if running else None

    def service_env(self, service: Service) -> dict[str, str]:
        """The environment a service's commands run with."""
        env = dict(os.environ)
        if self.identity_url:
            env["IMAP_IDENTITY_URL"] = self.identity_url
        if service.key == "identity":
            env["IDENTITY_KEY_DIR"] = str(self.state_dir / "identity")
        if service.key == "map" and any(s.key == "profiles" for s in self.services):
            # map-api's flows collection reads bilateral values from profiles-api over HTTP.
            env["MAP_PROFILES_URL"] = self.service_url("profiles")
        if service.key == "toolbox" and any(s.key == "profiles" for s in self.services):
            # toolbox-api's search groups and transfer recommendations ask profiles-api.
            env["TOOLBOX_PROFILES_URL"] = self.service_url("profiles")
        env.update(self.extra_env)
        env.update({"DATABASE_URL": self.database_url, "PYTHONUNBUFFERED": "1"})
        # <PREFIX>DATABASE_URL would win over DATABASE_URL in the service's settings.
        env.pop(f"{service.env_prefix}DATABASE_URL", None)
        if self.log_json is not None:
            env[f"{service.env_prefix}LOG_JSON"] = "true" if self.log_json else "false"
        return env

    def _run_step(self, service: Service, step: str) -> None:
        try:
            run_step(
                f"{service.key}:{step}",
                [executable(service.command), step],
                env=self.service_env(service),
                cwd=paths.repo_root(),
                log_path=self.log_dir / f"{service.key}.log",
                echo=self.echo,
            )
        except StepFailed as exc:
            raise StackError(str(exc)) from exc

    def _start_service(self, service: Service) -> None:
        argv = [
            executable(service.command),
            "serve",
            "--host",
            self.host,
            "--port",
            str(self.ports[service.key]),
        ]
        self._spawn(service.key, argv, self.service_env(service))

    def _start_gateway(self) -> None:
        values = {
            "IMAP_GATEWAY_PORT": f"{self.host}:{self.ports['gateway']}",
            "IMAP_STATIC_ROOT": str(self.static_root),
            "IMAP_DOCS_ROOT": str(self.docs_root),
            **{var: f"{self.host}:{self.ports[key]}" for key, var in _UPSTREAM_VAR.items()},
        }
        files = nginx.write_config(
            self.state_dir / "nginx", values, template=paths.nginx_template(), logs=self.log_dir
        )
        self._nginx_files = files
        self._spawn("nginx", files.argv(), dict(os.environ))

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        child = Child(
            name,
            argv,
            env=env,
            cwd=paths.repo_root(),
            log_path=self.log_dir / f"{name}.log",
            echo=self.echo,
        )
        self.children[name] = child.start()

    def _wait_ready(self) -> None:
        for service in self.services:
            self._wait(service.key, self.service_url(service.key) + "/readyz")
        probe = (
            self.api_url(self.services[0].key) + "/readyz"
            if self.services
            else self.gateway_url + "/api/docs"
        )
        self._wait("nginx", probe)

    def _wait(self, name: str, url: str) -> None:
        child = self.children[name]
        try:
            health.wait_for_status(url, timeout=self.ready_timeout, still_worth_waiting=child.alive)
        except (TimeoutError, RuntimeError) as exc:
            detail = child.recent_output()
            if name == "nginx" and self._nginx_files:
                detail += "\n" + _tail(self._nginx_files.error_log)
            raise StackError(
                f"{name} is not ready: {exc}\n--- last output of {name} ---\n{detail}"
            ) from exc


def executable(command: str) -> str:
    """A service's console script: next to this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / command
    if beside.is_file():
        return str(beside)
    if found := shutil.which(command):
        return found
    raise StackError(
        f"`{command}` is not installed in {sys.prefix}; install the services first "
        "(./imap does: pip install -e services/kit -e services/<name> ...)"
    )


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""

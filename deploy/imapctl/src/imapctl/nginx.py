"""The nginx gateway: render the shared template, wrap it in a top-level config, run nginx.

The template ``deploy/nginx/imap.conf.template`` is also used by the official nginx Docker image,
whose entrypoint runs ``envsubst`` over it with the names of the defined environment variables
(filtered by ``NGINX_ENVSUBST_FILTER``). `render` gives the same result for our placeholders and
refuses to leave any ``${NAME}`` behind; `render_like_image` reproduces the image's behaviour for a
given environment, for tests.

For a local run, `write_config` puts everything in one folder (``.imap/nginx`` or a test's temp
dir): the rendered ``imap.conf``, a ``mime.types``, temp dirs, and an ``nginx.conf`` with
``daemon off`` and its pid, logs and temp paths inside that folder, so nginx runs as an ordinary
child process and never touches /etc or /var.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from imapctl.system import SetupError

PLACEHOLDERS = (
    "IMAP_GATEWAY_PORT",
    "PROFILES_UPSTREAM",
    "MAP_UPSTREAM",
    "TOOLBOX_UPSTREAM",
    "IDENTITY_UPSTREAM",
    "IMAP_STATIC_ROOT",
    "IMAP_DOCS_ROOT",
)
_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
_LEFTOVER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

# Used only when the machine has no mime.types of its own (nginx packages ship one).
_FALLBACK_MIME_TYPES = """types {
    text/html                 html htm;
    text/css                  css;
    text/plain                txt;
    text/csv                  csv;
    application/javascript    js mjs;
    application/json          json map;
    application/wasm          wasm;
    application/pdf           pdf;
    image/svg+xml             svg svgz;
    image/png                 png;
    image/jpeg                jpeg jpg;
    image/webp                webp;
    image/x-icon              ico;
    font/woff                 woff;
    font/woff2                woff2;
}
"""


def substitute(text: str, values: Mapping[str, str]) -> str:
    """envsubst semantics: replace ``$NAME`` and ``${NAME}`` for the given names only."""
    if not values:
        return text
    names = "|".join(re.escape(name) for name in sorted(values, key=len, reverse=True))
    pattern = re.compile(rf"\$\{{({names})\}}|\$({names})(?![A-Za-z0-9_])")
    return pattern.sub(lambda m: values[m.group(1) or m.group(2)], text)


def render(template_text: str, values: Mapping[str, str]) -> str:
    """Render the gateway template; ValueError if a ``${NAME}`` placeholder is left unfilled."""
    rendered = substitute(template_text, values)
    if missing := sorted(set(_LEFTOVER.findall(rendered))):
        raise ValueError(f"no value for template placeholder(s): {', '.join(missing)}")
    return rendered


def render_like_image(template_text: str, environ: Mapping[str, str]) -> str:
    """Render as the nginx image's 20-envsubst-on-templates.sh does with this environment.

    It passes ``envsubst`` the names of all defined variables matching ``NGINX_ENVSUBST_FILTER``
    (an unanchored regular expression, empty = all), so any other ``$name`` survives.
    """
    pattern = re.compile(environ.get("NGINX_ENVSUBST_FILTER", ""))
    names = {name: value for name, value in environ.items() if pattern.search(name)}
    return substitute(template_text, names)


def find_nginx() -> str:
    """The nginx program: on PATH, else /usr/sbin/nginx (not on a normal user's PATH)."""
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx", "/usr/local/nginx/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SetupError(
        "nginx is not installed (Debian/Ubuntu: apt-get install nginx), or run the whole stack "
        "with `docker compose up`"
    )


@dataclass(frozen=True)
class NginxFiles:
    """Where a generated local gateway lives."""

    prefix: Path  # the folder with nginx.conf, imap.conf, mime.types, tmp/, nginx.pid
    conf: Path
    error_log: Path

    def argv(self, nginx: str | None = None) -> list[str]:
        """The command line that runs this gateway in the foreground."""
        return [
            nginx or find_nginx(),
            "-p",
            f"{self.prefix}/",
            "-c",
            str(self.conf),
            "-e",
            str(self.error_log),
        ]


def write_config(
    prefix: Path,
    values: Mapping[str, str],
    *,
    template: Path,
    logs: Path,
    worker_processes: int = 1,
) -> NginxFiles:
    """Render `template` with `values` into `prefix` and write the top-level nginx.conf there."""
    prefix.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    for name in _TEMP_DIRS:
        (prefix / "tmp" / name).mkdir(parents=True, exist_ok=True)
    (prefix / "imap.conf").write_text(render(template.read_text(), values))
    (prefix / "mime.types").write_text(_mime_types())
    readable = [Path(values[k]) for k in ("IMAP_STATIC_ROOT", "IMAP_DOCS_ROOT") if k in values]
    user = worker_user([*readable, prefix / "tmp"])
    conf = prefix / "nginx.conf"
    error_log = logs / "nginx-error.log"
    conf.write_text(main_config(prefix, error_log, user, worker_processes))
    return NginxFiles(prefix, conf, error_log)


def main_config(prefix: Path, error_log: Path, user: str | None, worker_processes: int) -> str:
    """The top-level nginx.conf of a local gateway (includes ``imap.conf`` from `prefix`)."""
    temp = "\n".join(f"    {name}_temp_path {prefix}/tmp/{name};" for name in _TEMP_DIRS)
    user_line = f"user {user};\n" if user else ""
    return f"""# Generated by imapctl for a local run; edit deploy/nginx/imap.conf.template instead.
{user_line}daemon off;
master_process on;
worker_processes {worker_processes};
pid {prefix}/nginx.pid;
error_log {error_log} warn;
error_log stderr error;

events {{
    worker_connections 1024;
}}

http {{
    include mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    access_log off;
{temp}

    include {prefix}/imap.conf;
}}
"""


def _mime_types() -> str:
    for path in (Path("/etc/nginx/mime.types"), Path("/usr/local/nginx/conf/mime.types")):
        if path.is_file():
            return path.read_text()
    return _FALLBACK_MIME_TYPES


def worker_user(paths: list[Path]) -> str | None:
    """The ``user`` line's value for nginx workers, or None when not running as root.

    As root, nginx would run its workers as ``nobody``; that works when everything they must read or
    write is open to others along the whole path. Otherwise (a repository under /root, pytest's
    private temp dirs) the workers run as the owner of those files.
    """
    if os.geteuid() != 0:
        return None
    if all(_open_to_others(path) for path in paths):
        return f"nobody {_nobody_group()}"
    owner = next((p.stat().st_uid for p in paths if p.exists()), 0)
    entry = pwd.getpwuid(owner)
    return f"{entry.pw_name} {grp.getgrgid(entry.pw_gid).gr_name}"


def _open_to_others(path: Path) -> bool:
    if not path.exists():
        return False
    if any(not p.stat().st_mode & 0o001 for p in path.resolve().parents):
        return False
    return (path.stat().st_mode & 0o005) == 0o005


def _nobody_group() -> str:
    for name in ("nogroup", "nobody"):
        try:
            grp.getgrnam(name)
            return name
        except KeyError:
            continue
    return "nobody"


def check_config(files: NginxFiles) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on a generated config; the CompletedProcess carries nginx's verdict."""
    return subprocess.run([*files.argv(), "-t"], capture_output=True, text=True, check=False)

"""Where things are: the repository root, the files imapctl uses there, and the runtime folder.

All runtime state lives in the git-ignored ``.imap/`` folder at the repository root (PostgreSQL
data, generated nginx config and temp dirs, logs, sockets), or in ``IMAP_STATE_DIR`` when set.
"""

from __future__ import annotations

import os
from pathlib import Path

_MARKER = Path("deploy/nginx/imap.conf.template")


def _find_root(start: Path) -> Path | None:
    for candidate in (start, *start.parents):
        if (candidate / _MARKER).is_file():
            return candidate
    return None


def repo_root() -> Path:
    """The i-Map repository root: ``IMAP_ROOT``, else found from this file or the working dir."""
    if env := os.environ.get("IMAP_ROOT"):
        return Path(env).resolve()
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        if root := _find_root(start):
            return root
    raise RuntimeError(
        "cannot find the i-Map repository (no deploy/nginx/imap.conf.template above "
        f"{Path(__file__).parent} or {Path.cwd()}); set IMAP_ROOT"
    )


def state_dir() -> Path:
    """The runtime folder: ``IMAP_STATE_DIR``, else ``<repo>/.imap``."""
    if env := os.environ.get("IMAP_STATE_DIR"):
        return Path(env).resolve()
    return repo_root() / ".imap"


def bootstrap_sql() -> Path:
    """The database bootstrap script (PostGIS extension and the service schemas)."""
    return repo_root() / "deploy" / "sql" / "bootstrap.sql"


def nginx_template() -> Path:
    """The gateway's nginx server template, shared with the Docker image."""
    return repo_root() / _MARKER


def docs_root() -> Path:
    """The folder holding the /api/docs page."""
    return repo_root() / "deploy" / "nginx" / "docs"


def static_root() -> Path:
    """The built web client (``npm run build`` in frontend/)."""
    return repo_root() / "frontend" / "dist"


def venv_python() -> Path:
    """The project's virtualenv interpreter (``.venv/bin/python``)."""
    return repo_root() / ".venv" / "bin" / "python"

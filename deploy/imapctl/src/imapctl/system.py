"""The host system: who we are, whether apt can install what is missing, and running as `postgres`.

PostgreSQL refuses to run as root, so when imapctl runs as root the cluster's commands go through
``runuser -u postgres --``. Missing system packages are installed with apt only when running as root
on Debian or Ubuntu; everywhere else imapctl stops with a message naming what to install.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


class SetupError(RuntimeError):
    """Something the machine lacks or a step that failed, explained for a person to act on."""


_apt_updated = False


def is_root() -> bool:
    """True when running with an effective uid of 0."""
    return os.geteuid() == 0


def is_debian_like() -> bool:
    """True on Debian, Ubuntu and their derivatives with apt-get available."""
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return False
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    ids = " ".join(fields.get(k, "").strip('"') for k in ("ID", "ID_LIKE")).lower()
    return ("debian" in ids or "ubuntu" in ids) and shutil.which("apt-get") is not None


def can_apt_install() -> bool:
    """True when imapctl may install Debian packages itself (root on Debian/Ubuntu)."""
    return is_root() and is_debian_like()


def _apt_env() -> dict[str, str]:
    return {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}


def apt_update() -> None:
    """``apt-get update``, at most once per process."""
    global _apt_updated
    if not _apt_updated:
        print("imapctl: apt-get update", file=sys.stderr, flush=True)
        if subprocess.run(["apt-get", "update"], check=False, env=_apt_env()).returncode != 0:
            raise SetupError("apt-get update failed (see its output above)")
        _apt_updated = True


def apt_install(packages: Sequence[str]) -> None:
    """``apt-get update`` (once) and ``apt-get install -y`` the given packages."""
    apt_update()
    print(f"imapctl: apt-get install -y {' '.join(packages)}", file=sys.stderr, flush=True)
    argv = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if subprocess.run(argv, check=False, env=_apt_env()).returncode != 0:
        raise SetupError(f"apt-get install {' '.join(packages)} failed (see its output above)")


def postgres_user() -> pwd.struct_passwd:
    """The ``postgres`` system account (exists once any PostgreSQL server package is installed)."""
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise SetupError(
            "running as root, but there is no 'postgres' system user to run PostgreSQL as; "
            "install the server package (apt-get install postgresql) or run as a normal user"
        ) from None


def as_cluster_owner(argv: Sequence[str]) -> list[str]:
    """The command line that runs `argv` as the cluster's owner: ``postgres`` when we are root."""
    if not is_root():
        return list(argv)
    postgres_user()
    return ["runuser", "-u", "postgres", "--", *argv]


def chown_to_cluster_owner(path: Path) -> None:
    """Give `path` to the ``postgres`` user when we are root (a no-op otherwise)."""
    if is_root():
        user = postgres_user()
        os.chown(path, user.pw_uid, user.pw_gid)


def make_traversable(path: Path) -> None:
    """Make sure every folder above `path` lets others pass through (``o+x``), as root only.

    The cluster runs as ``postgres``; a folder like ``/root`` (mode 700) above the repository would
    lock it out of its own data directory.
    """
    if not is_root():
        return
    for parent in reversed(path.resolve().parents):
        mode = parent.stat().st_mode
        if not mode & 0o001:
            print(
                f"imapctl: chmod o+x {parent} (PostgreSQL runs as 'postgres', must reach {path})",
                file=sys.stderr,
            )
            parent.chmod(mode | 0o001)

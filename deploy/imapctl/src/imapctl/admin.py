"""``imapctl admin --email E --name N [--reset-password]``: an admin account for i-Map.

Works on ``DATABASE_URL`` when set, else on the project-local cluster (started if needed, and
stopped again when this command started it). The database is bootstrapped and identity-api migrated
first (both idempotent), so it works before the first ``./imap run`` as well as next to a running
one. Then ``identity-api create-admin``, which is idempotent: an existing account gains the admin
role and keeps its password unless ``--reset-password`` is given.

The password is asked twice on the terminal without echo; when stdin is not a terminal it is its
first line; ``IMAP_ADMIN_PASSWORD`` wins over both. It reaches ``identity-api`` through a pipe
(``--password-stdin``), never on a command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import TextIO

from imapctl import paths
from imapctl.cluster import LocalCluster
from imapctl.procs import emit
from imapctl.stack import SERVICES, Stack, StackError, executable
from imapctl.system import SetupError


def _say(line: str) -> None:
    emit(sys.stderr, f"[imapctl] {line}")


def parser() -> argparse.ArgumentParser:
    """The options of ``imap admin``."""
    parse = argparse.ArgumentParser(
        prog="imap admin",
        description="Create an i-Map admin account (or make an existing account an admin).",
    )
    parse.add_argument("--email", required=True, help="the account's email (its sign-in name)")
    parse.add_argument("--name", required=True, help="display name")
    parse.add_argument(
        "--reset-password",
        action="store_true",
        help="an existing account also gets the password given now",
    )
    return parse


def read_password(stdin: TextIO | None = None) -> str:
    """The admin's password: IMAP_ADMIN_PASSWORD, else asked on the terminal, else stdin's line.

    Empty means "none given": enough to promote an existing account, refused for a new one.
    """
    if from_env := os.environ.get("IMAP_ADMIN_PASSWORD"):
        return from_env
    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (12+ characters; empty keeps an existing account's): ")
    if first and getpass.getpass("Password again: ") != first:
        raise SetupError("the two passwords differ; nothing was changed")
    return first


def create_admin(database_url: str, args: argparse.Namespace, password: str) -> int:
    """Bootstrap and migrate identity-api on `database_url`, then run its ``create-admin``."""
    stack = Stack(database_url, services=["identity"], seed=False, echo=sys.stderr, log_json=False)
    stack.prepare()
    argv = [
        executable("identity-api"),
        "create-admin",
        "--email",
        args.email,
        "--name",
        args.name,
        "--password-stdin",
    ]
    if args.reset_password:
        argv.append("--reset-password")
    done = subprocess.run(
        argv,
        input=password + "\n",
        text=True,
        env=stack.service_env(SERVICES["identity"]),
        cwd=paths.repo_root(),
        check=False,
    )
    return done.returncode


def admin(argv: Sequence[str]) -> int:
    """``imapctl admin``: return the exit status (that of ``identity-api create-admin``)."""
    args = parser().parse_args(argv)
    cluster: LocalCluster | None = None
    started = False
    try:
        password = read_password()
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            cluster = LocalCluster()
            started = cluster.start()
            database_url = cluster.ensure_database("imap")
        return create_admin(database_url, args, password)
    except KeyboardInterrupt:
        _say("cancelled")
        return 130
    except (SetupError, StackError) as exc:
        _say(f"error: {exc}")
        return 1
    finally:
        if cluster is not None and started:
            cluster.stop()

"""The command line: ``imapctl run``, ``imapctl test [pytest args]``, ``imapctl db ...``,
``imapctl admin --email E --name N``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from imapctl.cluster import LocalCluster
from imapctl.system import SetupError

USAGE = """\
usage: python -m imapctl COMMAND

commands:
  run                   start PostgreSQL (unless DATABASE_URL is set), the services and the gateway
  test [PYTEST ARGS]    run pytest from the repository root with IMAP_TEST_ADMIN_URL set up
  db start|stop|status  manage the project-local PostgreSQL cluster (.imap/pg, port 54329)
  admin --email E --name N [--reset-password]
                        create an admin account (asks for its password; same database as run)
"""


def db(action: str) -> int:
    """``imapctl db start|stop|status``."""
    cluster = LocalCluster()
    if action == "start":
        started = cluster.start()
        print(f"{'started' if started else 'already running'}: {cluster.admin_url}")
    elif action == "stop":
        cluster.stop()
        print("stopped")
    else:
        running = cluster.is_running()
        print(f"{'running' if running else 'not running'}: {cluster.admin_url} ({cluster.data})")
        return 0 if running else 3
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch a command; return the process exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "test":
        from imapctl.testcmd import test

        return test(rest)
    if command == "run":
        argparse.ArgumentParser(prog="imapctl run", description="Run i-Map locally.").parse_args(
            rest
        )
        from imapctl.run import run

        return run()
    if command == "admin":
        from imapctl.admin import admin

        return admin(rest)
    if command == "db":
        parser = argparse.ArgumentParser(prog="imapctl db")
        parser.add_argument("action", choices=["start", "stop", "status"])
        try:
            return db(parser.parse_args(rest).action)
        except SetupError as exc:
            print(f"imapctl: {exc}", file=sys.stderr)
            return 1
    print(f"imapctl: unknown command {command!r}\n{USAGE}", file=sys.stderr, end="")
    return 2

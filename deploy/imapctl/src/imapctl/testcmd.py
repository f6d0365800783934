"""``imapctl test [pytest args]``: the test environment, then pytest from the repository root.

When ``IMAP_TEST_ADMIN_URL`` is unset, the project-local cluster is started (as for ``run``) and
``IMAP_TEST_ADMIN_URL=postgresql://postgres@127.0.0.1:54329/postgres`` is exported: the services'
pytest plugin and the cross-service tests create their throwaway databases through it. pytest's exit
status is returned unchanged, so "no tests collected" (5) fails like any other non-zero status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

from imapctl import paths
from imapctl.cluster import LocalCluster
from imapctl.system import SetupError


def test(pytest_args: Sequence[str]) -> int:
    """Run pytest with the test environment; return pytest's exit status."""
    env = dict(os.environ)
    env.setdefault("IMAP_ROOT", str(paths.repo_root()))
    cluster: LocalCluster | None = None
    started = False
    try:
        if not env.get("IMAP_TEST_ADMIN_URL"):
            cluster = LocalCluster()
            started = cluster.start()
            env["IMAP_TEST_ADMIN_URL"] = cluster.admin_url
        print(f"[imapctl] IMAP_TEST_ADMIN_URL={env['IMAP_TEST_ADMIN_URL']}", flush=True)
        return _pytest(pytest_args, env)
    except SetupError as exc:
        print(f"[imapctl] error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        if cluster is not None and started:
            cluster.stop()


def _pytest(pytest_args: Sequence[str], env: dict[str, str]) -> int:
    python = paths.venv_python()
    argv = [str(python if python.is_file() else sys.executable), "-m", "pytest", *pytest_args]
    process = subprocess.Popen(argv, cwd=paths.repo_root(), env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            # pytest got the same Ctrl-C (same process group): let it finish its teardown.
            continue

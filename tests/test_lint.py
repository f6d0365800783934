"""House style holds on the whole tree: ruff lint and ruff format."""

import subprocess
import sys
from pathlib import Path

from .conftest import REPO

RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_lint_and_format() -> None:
    paths = ["services", "tests", "deploy"]
    lint = subprocess.run([RUFF, "check", *paths], cwd=REPO, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout[-4000:]
    fmt = subprocess.run(
        [RUFF, "format", "--check", *paths], cwd=REPO, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout[-4000:]


def test_mypy_on_the_kit_and_services() -> None:
    sources = [str(p) for p in sorted((REPO / "services").glob("*/src"))]
    result = subprocess.run(
        [Path(sys.executable).with_name("mypy"), "--no-incremental", *sources],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]

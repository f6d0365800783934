"""Child processes with named, line-prefixed output, each in its own process group.

Every line a child prints goes to its log file and, when an echo stream is given, to that stream as
``[name] line``. Children run in their own session, so a Ctrl-C in the terminal reaches only the
launcher, which then stops them in order: SIGTERM to the whole group, SIGKILL after a timeout.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TextIO

_print_lock = threading.Lock()


def emit(stream: TextIO, line: str) -> None:
    """Write one whole line to `stream`, never interleaved with another thread's line."""
    with _print_lock:
        stream.write(line + "\n")
        stream.flush()


class StepFailed(RuntimeError):
    """A one-shot command (bootstrap, migrate, seed) exited non-zero."""


class Child:
    """One named child process whose output is prefixed, logged and kept (last lines)."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        log_path: Path | None = None,
        echo: TextIO | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.log_path = log_path
        self.echo = echo
        self.process: subprocess.Popen[bytes] | None = None
        self._recent: deque[str] = deque(maxlen=60)
        self._pump: threading.Thread | None = None

    def start(self) -> Child:
        """Start the process in a new session and begin copying its output."""
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._pump = threading.Thread(
            target=self._copy_output, name=f"out-{self.name}", daemon=True
        )
        self._pump.start()
        return self

    def _copy_output(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        log = open(self.log_path, "a", encoding="utf-8") if self.log_path else None
        try:
            for raw in self.process.stdout:
                self._emit(raw.decode("utf-8", errors="replace").rstrip("\r\n"), log)
        finally:
            if log:
                log.close()

    def _emit(self, line: str, log: IO[str] | None) -> None:
        self._recent.append(line)
        if log:
            log.write(line + "\n")
            log.flush()
        if self.echo:
            emit(self.echo, f"[{self.name}] {line}")

    @property
    def pid(self) -> int | None:
        """The process id, once started."""
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        """The exit status once it ended (negative: killed by that signal)."""
        return self.process.poll() if self.process else None

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the process to end and its output to be copied; return its exit status."""
        assert self.process is not None
        code = self.process.wait(timeout)
        if self._pump:
            self._pump.join(timeout=5)
        return code

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the child's process group, SIGKILL it after `timeout` seconds."""
        if self.process is None:
            return
        if self.alive():
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
        self.wait()
        # Whatever it left behind in its group (a worker, a reloader child) goes too.
        self._signal_group(signal.SIGKILL)

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def recent_output(self, lines: int = 40) -> str:
        """The last `lines` lines the child printed."""
        return "\n".join(list(self._recent)[-lines:])


def run_step(
    name: str,
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    log_path: Path | None = None,
    echo: TextIO | None = None,
    timeout: float = 600.0,
) -> None:
    """Run a one-shot command to completion with prefixed output; StepFailed on a non-zero exit."""
    child = Child(name, argv, env=env, cwd=cwd, log_path=log_path, echo=echo).start()
    try:
        code = child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.stop()
        raise StepFailed(f"{name}: `{' '.join(argv)}` did not finish in {timeout:.0f}s") from None
    if code != 0:
        raise StepFailed(
            f"{name}: `{' '.join(argv)}` exited with {code}; last output:\n{child.recent_output()}"
        )

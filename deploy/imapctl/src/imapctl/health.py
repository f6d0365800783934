"""Small network helpers: plain HTTP GETs that ignore proxies, readiness polling, free ports."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

# Never route loopback checks through an http_proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float = 3.0) -> tuple[int, bytes]:
    """GET `url`; return (status, body) for any HTTP answer, raise OSError when none came."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for_status(
    url: str,
    *,
    status: int = 200,
    timeout: float = 60.0,
    still_worth_waiting: Callable[[], bool] = lambda: True,
) -> None:
    """Poll `url` until it answers `status`; TimeoutError after `timeout` seconds.

    `still_worth_waiting` is checked between polls (e.g. "the process is still alive"); when it
    returns False the wait ends at once with RuntimeError.
    """
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not still_worth_waiting():
            raise RuntimeError(f"gave up waiting for {url}: the process behind it stopped")
        try:
            code, body = http_get(url, timeout=2.0)
            if code == status:
                return
            last = f"HTTP {code}: {body[:300].decode(errors='replace')}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer {status} within {timeout:.0f}s (last: {last})")


def port_in_use(host: str, port: int) -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on `host` right now (the OS picks it)."""
    return free_ports(1, host)[0]


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` different TCP ports that are free on `host` right now."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:  # all held open at once, so the OS cannot hand out one twice
            sock.bind((host, 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()

"""A typed JSON client of another i-Map service, over HTTP (the generic part).

Services never read each other's schema nor import each other's code: they ask the peer's API.
`PeerClient` does what every such client needs: a timeout (connect capped at 2 s), one retry on a
network error or a 502/503/504, the answer validated with a pydantic model, and a small in-process
cache (time to live, least recently used first out). A peer that is not configured, down, slow or
answering something that is not the expected shape raises `PeerUnavailable`; a 4xx answer raises
`PeerRejected` with the peer's own reason. A service subclasses it with its typed methods.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
RETRIED_STATUSES = (502, 503, 504)


class PeerUnavailable(Exception):
    """The peer is not configured, cannot be reached, timed out, failed, or answered nonsense."""


class PeerRejected(Exception):
    """The peer refused the question (4xx): `detail` is its reason."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class TTLCache:
    """A small least-recently-used cache whose entries expire after `seconds`."""

    def __init__(self, seconds: float, max_entries: int) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def get(self, key: Hashable) -> tuple[bool, Any]:
        """(True, value) for a live entry, else (False, None)."""
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        expires, value = entry
        if time.monotonic() >= expires:
            del self._entries[key]
            return False, None
        self._entries.move_to_end(key)
        return True, value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` (nothing is kept when the time to live is 0)."""
        if self.seconds <= 0:
            return
        self._entries[key] = (time.monotonic() + self.seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()


class PeerClient:
    """Reads a peer service's JSON API (see the module docstring)."""

    peer = "peer"  # the peer's name in messages, e.g. "profiles-api"
    url_setting = "the peer URL"  # the setting that configures it, e.g. "TOOLBOX_PROFILES_URL"

    def __init__(
        self,
        base_url: str | None,
        *,
        timeout: float = 5.0,
        cache_seconds: float = 300.0,
        max_entries: int = 64,
        transport: httpx.AsyncBaseTransport | None = None,
        user_agent: str = "i-Map",
    ) -> None:
        self.base_url = base_url.rstrip("/") if base_url else None
        self.cache = TTLCache(cache_seconds, max_entries)
        self._http = httpx.AsyncClient(
            base_url=self.base_url or "http://peer.invalid",
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": user_agent},
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def get_model(self, path: str, model: type[M], params: dict[str, Any] | None = None) -> M:
        """GET `path` and validate the JSON answer as `model` (cached by path and parameters)."""
        key = (path, model.__name__, tuple(sorted((params or {}).items())))
        hit, value = self.cache.get(key)
        if hit:
            return value  # type: ignore[no-any-return]
        response = await self.get(path, params or {})
        try:
            found = model.model_validate_json(response.content)
        except ValidationError as exc:
            raise PeerUnavailable(
                f"{self.peer} answered something that is not a {model.__name__} "
                f"({exc.error_count()} problems, first: {exc.errors()[0]['msg']})"
            ) from None
        self.cache.put(key, found)
        return found

    async def get(self, path: str, params: dict[str, Any]) -> httpx.Response:
        """GET with one retry on a network error or a 502/503/504; a 200 answer or an error."""
        if self.base_url is None:
            raise PeerUnavailable(f"{self.url_setting} is not set")
        for attempt in (1, 2):
            try:
                response = await self._http.get(path, params=params)
            except httpx.HTTPError as exc:
                if attempt == 2:
                    raise PeerUnavailable(f"{self.peer} unreachable: {exc!r}") from None
                continue
            if response.status_code in RETRIED_STATUSES and attempt == 1:
                continue
            if 400 <= response.status_code < 500:
                raise PeerRejected(response.status_code, reason(response, self.peer))
            if response.status_code != 200:
                raise PeerUnavailable(f"{self.peer} answered {response.status_code}")
            return response
        raise AssertionError("unreachable")  # pragma: no cover


def reason(response: httpx.Response, peer: str = "the peer") -> str:
    """The peer's problem `detail` (or the status line when there is none)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])[:500]
    return f"{peer} answered {response.status_code}"

"""A bounded in-process LRU of rendered downloads, keyed by what determines their bytes.

The key is (iso3, format, language, edition shown, data revision): the revision changes whenever
any record under a profile changes, so an entry never goes stale, it only stops being asked for
and falls out. Concurrent requests for the same missing key wait for one rendering (single
flight) instead of rendering the same file several times.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

CacheKey = tuple[str, str, str, int, int]


@dataclass
class RenderCache:
    """Rendered files by key, least recently used dropped beyond `max_entries` or `max_bytes`."""

    max_entries: int = 128
    max_bytes: int = 64_000_000
    hits: int = 0
    renders: int = 0
    _items: OrderedDict[CacheKey, bytes] = field(default_factory=OrderedDict)
    _locks: dict[CacheKey, asyncio.Lock] = field(default_factory=dict)

    @property
    def size_bytes(self) -> int:
        """Bytes held now."""
        return sum(len(v) for v in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: CacheKey) -> bytes | None:
        """The cached bytes (now the most recently used), or None."""
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: CacheKey, data: bytes) -> None:
        """Keep `data`, dropping the least recently used entries over the bounds."""
        self._items[key] = data
        self._items.move_to_end(key)
        while len(self._items) > self.max_entries or (
            len(self._items) > 1 and self.size_bytes > self.max_bytes
        ):
            self._items.popitem(last=False)

    async def get_or_render(
        self, key: CacheKey, render: Callable[[], Awaitable[bytes]]
    ) -> tuple[bytes, bool]:
        """The bytes for `key` and whether they came from the cache (render once when missing)."""
        data = self.get(key)
        if data is not None:
            self.hits += 1
            return data, True
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            data = self.get(key)
            if data is not None:
                self.hits += 1
                return data, True
            data = await render()
            self.renders += 1
            self.put(key, data)
        self._locks.pop(key, None)
        return data, False

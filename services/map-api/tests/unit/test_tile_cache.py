"""The in-process tile cache: LRU order, bounds on entries and bytes, the gzip encoding, off."""

import gzip

import pytest
from map_api.tiles.cache import CachedTile, TileCache
from map_api.tiles.exceptions import InvalidTile, TileOutOfRange
from map_api.tiles.matrix import MAX_ZOOM, check_tile


def test_least_recently_used_goes_first() -> None:
    cache = TileCache(max_entries=2, max_bytes=10_000)
    cache.put("a", CachedTile(b"a"))
    cache.put("b", CachedTile(b"b"))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("c", CachedTile(b"c"))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert (cache.hits, cache.misses) == (3, 1)


def test_bytes_are_bounded_and_oversized_tiles_not_kept() -> None:
    cache = TileCache(max_entries=100, max_bytes=1000)
    for key in range(5):
        cache.put(key, CachedTile(bytes(300)))
    assert len(cache) == 3 and cache.bytes == 900
    cache.put("huge", CachedTile(bytes(2000)))
    assert cache.get("huge") is None and cache.bytes == 900


def test_the_gzip_encoding_is_made_once_and_counted() -> None:
    cache = TileCache(max_entries=10, max_bytes=10_000)
    tile = CachedTile(b"x" * 2000)
    cache.put("k", tile)
    before = tile.size
    zipped = tile.gzipped()
    cache.grew("k", before)
    assert gzip.decompress(zipped) == tile.body and tile.gzipped() is zipped
    assert cache.bytes == len(tile.body) + len(zipped)


def test_a_cache_turned_off_keeps_nothing() -> None:
    cache = TileCache(max_entries=10, max_bytes=10_000, enabled=False)
    cache.put("k", CachedTile(b"x"))
    assert cache.get("k") is None and len(cache) == 0


def test_tile_coordinates() -> None:
    assert check_tile(0, 0, 0).z == 0 and check_tile(MAX_ZOOM, 2**MAX_ZOOM - 1, 0).y > 0
    with pytest.raises(InvalidTile):
        check_tile(25, 0, 0)
    for z, y, x in ((MAX_ZOOM + 1, 0, 0), (3, 8, 0), (3, 0, 8), (3, -1, 0)):
        with pytest.raises(TileOutOfRange):
            check_tile(z, y, x)

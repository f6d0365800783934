"""The generic peer client: retry once, validate, cache, and say why a peer is unusable."""

import httpx
import pytest
from imap_kit.peers import PeerClient, PeerRejected, PeerUnavailable, TTLCache
from pydantic import BaseModel


class Thing(BaseModel):
    name: str


class Peer(PeerClient):
    peer = "things-api"
    url_setting = "THINGS_URL"


def client(handler, **kw) -> Peer:  # type: ignore[no-untyped-def]
    return Peer("http://things.test", transport=httpx.MockTransport(handler), **kw)


async def test_one_retry_then_cached() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) == 1:
            return httpx.Response(503)
        return httpx.Response(200, json={"name": "a"})

    peer = client(handler)
    assert (await peer.get_model("/thing", Thing, {"x": 1})).name == "a"
    assert (await peer.get_model("/thing", Thing, {"x": 1})).name == "a"
    assert calls == ["/thing", "/thing"]  # the 503 retried once; the second call cached
    await peer.aclose()


async def test_failures_name_the_peer() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(PeerUnavailable, match="things-api unreachable"):
        await client(down).get_model("/thing", Thing)
    with pytest.raises(PeerUnavailable, match="not a Thing"):
        await client(lambda r: httpx.Response(200, json={"nom": 1})).get_model("/thing", Thing)
    with pytest.raises(PeerUnavailable, match="answered 500"):
        await client(lambda r: httpx.Response(500)).get_model("/thing", Thing)
    rejected = httpx.Response(404, json={"detail": "no such thing"})
    with pytest.raises(PeerRejected, match="no such thing"):
        await client(lambda r: rejected).get_model("/thing", Thing)
    with pytest.raises(PeerUnavailable, match="THINGS_URL is not set"):
        await Peer(None).get_model("/thing", Thing)


def test_cache_expires_and_keeps_the_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("imap_kit.peers.time.monotonic", lambda: now[0])
    cache = TTLCache(seconds=10, max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert cache.get("a") == (False, None) and cache.get("c") == (True, 3)
    now[0] += 11
    assert cache.get("c") == (False, None)
    TTLCache(seconds=0, max_entries=2).put("x", 1)

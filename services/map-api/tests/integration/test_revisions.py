"""The revision watcher: revisions kept in memory and moved by the bump trigger's NOTIFY, so
ETags and cached tiles follow committed changes without a query per request.

This test commits: a statement that changes no row (`WHERE false`) still fires the statement
trigger, so the revision moves while the data stays as seeded.
"""

import asyncio
from collections.abc import Callable

import asyncpg
import httpx
from imap_kit.auth import AuthSettings
from imap_kit.testing.tokens import TestIssuer
from map_api.main import create_app, plain_url
from map_api.revisions import RevisionWatcher
from map_api.settings import MapSettings


async def _until(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if check():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_committed_changes_reach_the_watcher(database_url: str) -> None:
    watcher = RevisionWatcher(plain_url(database_url))
    await watcher.start()
    try:
        snapshot = watcher.snapshot()
        assert snapshot is not None and "migration_route" in snapshot
        before = dict(snapshot)
        conn = await asyncpg.connect(plain_url(database_url))
        try:
            await conn.execute("UPDATE geo.migration_route SET slug = slug WHERE false")
        finally:
            await conn.close()

        def moved() -> bool:
            now = watcher.snapshot() or {}
            return now.get("migration_route") == before["migration_route"] + 1

        assert await _until(moved)
        assert (watcher.snapshot() or {}).get("capital") == before["capital"]
    finally:
        await watcher.stop()
    assert watcher.snapshot() is None


async def test_a_listening_app_retags_tiles_after_a_commit(
    database_url: str, issuer: TestIssuer
) -> None:
    settings = MapSettings(
        database_url=database_url, log_json=False, auth=AuthSettings(jwks=issuer.jwks_json)
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    url = "/v1/collections/routes/tiles/WebMercatorQuad/4/5/9"
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver/api/map") as client,
    ):
        assert app.state.revisions.snapshot() is not None
        first = await client.get(url)
        second = await client.get(url)
        assert second.headers["x-tile-cache"] == "hit"
        assert second.headers["etag"] == first.headers["etag"]
        conn = await asyncpg.connect(plain_url(database_url))
        try:
            await conn.execute("UPDATE geo.migration_route SET slug = slug WHERE false")
        finally:
            await conn.close()

        async def retagged() -> bool:
            res = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
            return res.status_code == 200 and res.headers["x-tile-cache"] == "miss"

        for _ in range(250):
            if await retagged():
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the tile kept its ETag after a committed change")

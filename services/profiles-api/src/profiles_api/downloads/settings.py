"""Download cache bounds (env prefix `PROFILES_`), and the app's one cache of rendered files."""

from typing import Annotated

from fastapi import Depends, Request
from pydantic_settings import BaseSettings, SettingsConfigDict

from profiles_api.downloads.cache import RenderCache


class DownloadSettings(BaseSettings):
    """How many rendered files, and how many bytes of them, one process keeps."""

    model_config = SettingsConfigDict(env_prefix="PROFILES_", extra="ignore")

    download_cache_entries: int = 128
    download_cache_bytes: int = 64_000_000


def get_render_cache(request: Request) -> RenderCache:
    """The app's render cache (`app.state.render_cache`, created on first use)."""
    cache = getattr(request.app.state, "render_cache", None)
    if cache is None:
        settings = DownloadSettings()
        cache = request.app.state.render_cache = RenderCache(
            max_entries=settings.download_cache_entries, max_bytes=settings.download_cache_bytes
        )
    return cache


RenderCacheDep = Annotated[RenderCache, Depends(get_render_cache)]

"""map-api settings (env prefix `MAP_`)."""

from imap_kit.settings import ServiceSettings, database_url_field
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from map_api.features.extra import ExtraCollection


class MapSettings(ServiceSettings):
    """Settings of map-api."""

    model_config = SettingsConfigDict(env_prefix="MAP_", extra="ignore", populate_by_name=True)

    database_url: str = database_url_field("MAP_")  # type: ignore[assignment]
    root_path: str = "/api/map"
    feature_max_age_seconds: int = Field(
        default=60,
        ge=0,
        description="Cache-Control max-age of anonymous OGC API answers (ETags revalidate).",
    )
    tile_max_age_seconds: int = Field(
        default=300,
        ge=0,
        description="Cache-Control max-age of anonymous vector tiles (ETags revalidate).",
    )
    tile_cache: bool = Field(
        default=True, description="Keep hot tiles in memory (MAP_TILE_CACHE=false turns it off)."
    )
    tile_cache_entries: int = Field(
        default=4096, ge=1, description="At most this many tiles in the in-process cache."
    )
    tile_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1024,
        description="At most this many bytes of tiles (plain and gzip) in the in-process cache.",
    )
    feature_cache: bool = Field(
        default=True,
        description="Keep GeoJSON feature answers in memory under their ETag "
        "(MAP_FEATURE_CACHE=false turns it off).",
    )
    feature_cache_entries: int = Field(
        default=4096, ge=1, description="At most this many feature answers in memory."
    )
    feature_cache_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        description="At most this many bytes of feature answers (plain and gzip) in memory.",
    )
    revision_listen: bool = Field(
        default=True,
        description="Keep the data revisions in memory, updated by PostgreSQL notifications "
        "(false: one small query per request; tests whose changes are never committed).",
    )
    profiles_url: str | None = Field(
        default=None,
        description="Base URL of profiles-api (internal, e.g. http://profiles-api:8000); the "
        "flows collection reads bilateral values from it. Unset: flows answer 503.",
    )
    profiles_timeout_seconds: float = Field(
        default=5.0, gt=0, le=60, description="Timeout of one request to profiles-api."
    )
    profiles_cache_seconds: float = Field(
        default=300, ge=0, description="How long flows fetched from profiles-api are reused."
    )
    max_vertices: int = Field(
        default=10_000,
        ge=1,
        le=1_000_000,
        description="Most positions a geometry sent to the editors' API may have (422 beyond).",
    )
    extra_collections: list[ExtraCollection] = Field(
        default_factory=list,
        description="Tables outside `geo` served read-only as extra collections and tilesets "
        "(JSON list; read once at import by `map_api.features.extra`, e.g. by the benchmark).",
    )

"""map-api settings (env prefix `MAP_`)."""

from imap_kit.settings import ServiceSettings, database_url_field
from pydantic import Field
from pydantic_settings import SettingsConfigDict


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

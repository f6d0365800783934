"""profiles-api settings (env prefix `PROFILES_`)."""

from imap_kit.settings import ServiceSettings, database_url_field
from pydantic_settings import SettingsConfigDict


class ProfilesSettings(ServiceSettings):
    """Settings of profiles-api."""

    model_config = SettingsConfigDict(env_prefix="PROFILES_", extra="ignore", populate_by_name=True)

    database_url: str = database_url_field("PROFILES_")  # type: ignore[assignment]
    root_path: str = "/api/profiles"
    # Statistics files are uploaded whole; the importer applies its own PROFILES_MAX_IMPORT_BYTES.
    max_body_bytes: int = 25_000_000

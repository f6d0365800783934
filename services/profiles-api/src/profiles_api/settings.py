"""profiles-api settings (env prefix `PROFILES_`)."""

from pydantic_settings import SettingsConfigDict

from imap_kit.settings import ServiceSettings, database_url_field


class ProfilesSettings(ServiceSettings):
    """Settings of profiles-api."""

    model_config = SettingsConfigDict(env_prefix="PROFILES_", extra="ignore", populate_by_name=True)

    database_url: str = database_url_field("PROFILES_")  # type: ignore[assignment]
    root_path: str = "/api/profiles"

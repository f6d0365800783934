"""toolbox-api settings (env prefix `TOOLBOX_`)."""

from imap_kit.settings import ServiceSettings, database_url_field
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class ToolboxSettings(ServiceSettings):
    """Settings of toolbox-api."""

    model_config = SettingsConfigDict(env_prefix="TOOLBOX_", extra="ignore", populate_by_name=True)

    database_url: str = database_url_field("TOOLBOX_")  # type: ignore[assignment]
    root_path: str = "/api/toolbox"
    # Initiative files are uploaded whole; the importer applies its own TOOLBOX_MAX_IMPORT_BYTES.
    max_body_bytes: int = 6_000_000
    max_import_bytes: int = Field(
        default=5_000_000, description="Largest initiatives file accepted (413 beyond)."
    )

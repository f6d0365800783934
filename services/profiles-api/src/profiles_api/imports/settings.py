"""Import limits (env prefix `PROFILES_`), read once per app when the first import arrives."""

from typing import Annotated

from fastapi import Depends, Request
from pydantic_settings import BaseSettings, SettingsConfigDict


class ImportSettings(BaseSettings):
    """Settings of the importers."""

    model_config = SettingsConfigDict(env_prefix="PROFILES_", extra="ignore")

    max_import_bytes: int = 20_000_000


def get_import_settings(request: Request) -> ImportSettings:
    """The app's import settings (`app.state.import_settings`, built from the environment once)."""
    settings = getattr(request.app.state, "import_settings", None)
    if settings is None:
        settings = request.app.state.import_settings = ImportSettings()
    return settings


ImportSettingsDep = Annotated[ImportSettings, Depends(get_import_settings)]

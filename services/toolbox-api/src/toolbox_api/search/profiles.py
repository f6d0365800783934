"""A typed client of profiles-api for the toolbox: country groups, names and indicator values.

toolbox-api never reads profiles-api's schema: it asks the service (internal URL
`TOOLBOX_PROFILES_URL`) through `imap_kit.peers.PeerClient` (timeout, one retry, answers validated
and cached for `TOOLBOX_PROFILES_CACHE_SECONDS`). Search uses the Prague Process groups (`group=`
filter and facet); transfer recommendations also use country names and the latest value of a few
profile indicators. When profiles-api is down, both still answer with what they have and say so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Request
from imap_kit.peers import PeerClient
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ISO3 = r"^[A-Z]{3}$"
PAGE = 1000  # profiles-api's largest page: far above the ~60 states of the register


class ProfilesSettings(BaseSettings):
    """Where profiles-api is and how long its answers are reused (env prefix `TOOLBOX_`)."""

    model_config = SettingsConfigDict(env_prefix="TOOLBOX_", extra="ignore")

    profiles_url: str | None = Field(
        default=None,
        description="Base URL of profiles-api (internal, e.g. http://profiles-api:8000); unset: "
        "search answers without the group facet, recommendations without profile signals.",
    )
    profiles_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    profiles_cache_seconds: float = Field(default=300.0, ge=0)


class Group(BaseModel):
    """A Prague Process group (`GroupRead`; other fields ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    name_ru: str
    members: list[str]


class Country(BaseModel):
    """A register state (`CountryRead`; other fields ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    iso3: str = Field(pattern=ISO3)
    name_en: str
    name_ru: str
    pp_group: str


class Value(BaseModel):
    """A country's latest value of an indicator (`ObservationRead`; other fields ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    country_iso3: str = Field(pattern=ISO3)
    year: int
    value: float = Field(allow_inf_nan=False)
    unit: str


class GroupPage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[Group]


class CountryPage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[Country]


class ValuePage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[Value]


class ProfilesClient(PeerClient):
    """profiles-api's groups, register and latest values, typed and cached."""

    peer = "profiles-api"
    url_setting = "TOOLBOX_PROFILES_URL"

    @classmethod
    def from_settings(
        cls, settings: ProfilesSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> ProfilesClient:
        """A client configured by `TOOLBOX_PROFILES_*`."""
        return cls(
            settings.profiles_url,
            timeout=settings.profiles_timeout_seconds,
            cache_seconds=settings.profiles_cache_seconds,
            transport=transport,
            user_agent="i-Map toolbox-api",
        )

    async def groups(self) -> list[Group]:
        """Every Prague Process group with its members."""
        page = await self.get_model("/v1/groups", GroupPage, {"limit": PAGE})
        return page.items

    async def countries(self) -> dict[str, Country]:
        """The register's states by ISO3."""
        page = await self.get_model("/v1/countries", CountryPage, {"limit": PAGE})
        return {c.iso3: c for c in page.items}

    async def latest(self, indicator: str) -> dict[str, Value]:
        """Each state's latest annual value of a country indicator, by ISO3."""
        page = await self.get_model(
            f"/v1/indicators/{indicator}/latest", ValuePage, {"limit": PAGE, "frequency": "A"}
        )
        return {v.country_iso3: v for v in page.items}


# A client that answers "not configured" without any network: used when the app runs without
# the search router's lifespan (no client made).
_UNCONFIGURED = ProfilesClient(None)


@asynccontextmanager
async def profiles_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Make `app.state.profiles` from the settings unless a test put one there first."""
    made = getattr(app.state, "profiles", None) is None
    if made:
        app.state.profiles = ProfilesClient.from_settings(ProfilesSettings())
    try:
        yield
    finally:
        if made:
            await app.state.profiles.aclose()
            app.state.profiles = None


def _profiles(request: Request) -> ProfilesClient:
    client = getattr(request.app.state, "profiles", None)
    return client if isinstance(client, ProfilesClient) else _UNCONFIGURED


ProfilesDep = Annotated[ProfilesClient, Depends(_profiles)]

"""A typed client of profiles-api's bilateral flows (`GET /v1/flows`), over HTTP.

map-api never reads profiles-api's schema nor imports its code: it asks the service (internal
URL `MAP_PROFILES_URL`) through `imap_kit.peers.PeerClient` (a timeout, one retry on a network
error or a 502/503/504, a time-limited cache), pages through the answer (1,000 rows a page),
validates it with pydantic, and keeps it for `MAP_PROFILES_CACHE_SECONDS`. A service that is
down, slow or answers something that is not a page of flows raises `ProfilesUnavailable` (map-api
answers 503); a 4xx answer (an unknown indicator, a country indicator) raises `ProfilesRejected`
with profiles-api's own reason.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

import httpx
from imap_kit.peers import PeerClient, PeerRejected, PeerUnavailable
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PAGE = 1000  # profiles-api's largest page
MAX_PAGES = 50  # 50,000 corridors: far above any indicator-year (the largest has ~1,600)
ISO3 = r"^[A-Z]{3}$"


class FlowValue(BaseModel):
    """One corridor's value as profiles-api sends it (`FlowRead`; other fields ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    indicator_code: str
    origin_iso3: str = Field(pattern=ISO3)
    origin_name_en: str
    destination_iso3: str = Field(pattern=ISO3)
    destination_name_en: str
    year: int
    period: str
    value: float
    unit: str
    scale: int = 0
    flags: str = ""
    source_dataset: str

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value


class FlowPage(BaseModel):
    """A page of flows (`Page[FlowRead]`)."""

    model_config = ConfigDict(extra="ignore")

    items: list[FlowValue]
    total: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)


@dataclass(frozen=True)
class FlowSet:
    """Every corridor's value of one indicator and year (or period), and a digest of them."""

    indicator: str
    year: int | None
    period: str | None
    rows: tuple[FlowValue, ...]
    digest: str


# The kit's errors under the names map-api has always used.
ProfilesUnavailable = PeerUnavailable
ProfilesRejected = PeerRejected


def _digest(rows: tuple[FlowValue, ...]) -> str:
    text = json.dumps([r.model_dump() for r in rows], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ProfilesClient(PeerClient):
    """Reads bilateral flows from profiles-api (see the module docstring)."""

    peer = "profiles-api"
    url_setting = "MAP_PROFILES_URL"

    def __init__(
        self,
        base_url: str | None,
        *,
        timeout: float = 5.0,
        cache_seconds: float = 300.0,
        max_entries: int = 64,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            base_url,
            timeout=timeout,
            cache_seconds=cache_seconds,
            max_entries=max_entries,
            transport=transport,
            user_agent="i-Map map-api",
        )

    async def flows(
        self, indicator: str, *, year: int | None = None, period: str | None = None
    ) -> FlowSet:
        """Every corridor's value of `indicator` in `year` (annual values) or `period`."""
        key = ("flows", indicator, year, period)
        hit, cached = self.cache.get(key)
        if hit:
            return cached  # type: ignore[no-any-return]
        params: dict[str, Any] = {"indicator": indicator, "sort": "-value"}
        if period is not None:
            params |= {"period_from": period, "period_to": period}
        elif year is not None:
            params |= {"year": year, "frequency": "A"}
        rows: list[FlowValue] = []
        for page_no in range(MAX_PAGES):
            page = await self._page(params | {"limit": PAGE, "offset": page_no * PAGE})
            rows += page.items
            if not page.items or len(rows) >= page.total:
                break
        found = FlowSet(indicator, year, period, tuple(rows), _digest(tuple(rows)))
        self.cache.put(key, found)
        return found

    async def latest_year(self, indicator: str) -> int | None:
        """The latest year with an annual value of `indicator` (None: no value at all)."""
        key = ("latest", indicator)
        hit, cached = self.cache.get(key)
        if hit:
            return cached  # type: ignore[no-any-return]
        page = await self._page(
            {"indicator": indicator, "frequency": "A", "sort": "-year", "limit": 1}
        )
        year = page.items[0].year if page.items else None
        self.cache.put(key, year)
        return year

    async def _page(self, params: dict[str, Any]) -> FlowPage:
        response = await self.get("/v1/flows", params)
        try:
            return FlowPage.model_validate_json(response.content)
        except ValidationError as exc:
            raise ProfilesUnavailable(
                f"profiles-api answered something that is not a page of flows "
                f"({exc.error_count()} problems, first: {exc.errors()[0]['msg']})"
            ) from None

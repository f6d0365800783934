"""A typed client of profiles-api's bilateral flows (`GET /v1/flows`), over HTTP.

map-api never reads profiles-api's schema nor imports its code: it asks the service (internal
URL `MAP_PROFILES_URL`) with a timeout, retries once on a network error or a 502/503/504, pages
through the answer (1,000 rows a page), validates it with pydantic, and keeps it for
`MAP_PROFILES_CACHE_SECONDS`. A service that is down, slow or answers something that is not a
page of flows raises `ProfilesUnavailable` (map-api answers 503); a 4xx answer (an unknown
indicator, a country indicator) raises `ProfilesRejected` with profiles-api's own reason.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PAGE = 1000  # profiles-api's largest page
MAX_PAGES = 50  # 50,000 corridors: far above any indicator-year (the largest has ~1,600)
RETRIED_STATUSES = (502, 503, 504)
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


class ProfilesUnavailable(Exception):
    """profiles-api cannot be reached, timed out, failed, or answered nonsense."""


class ProfilesRejected(Exception):
    """profiles-api refused the question (4xx): `detail` is its reason."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _digest(rows: tuple[FlowValue, ...]) -> str:
    text = json.dumps([r.model_dump() for r in rows], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ProfilesClient:
    """Reads bilateral flows from profiles-api (see the module docstring)."""

    def __init__(
        self,
        base_url: str | None,
        *,
        timeout: float = 5.0,
        cache_seconds: float = 300.0,
        max_entries: int = 64,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") if base_url else None
        self.cache_seconds = cache_seconds
        self.max_entries = max_entries
        self._cache: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()
        self._http = httpx.AsyncClient(
            base_url=self.base_url or "http://profiles-api.invalid",
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "i-Map map-api"},
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def flows(
        self, indicator: str, *, year: int | None = None, period: str | None = None
    ) -> FlowSet:
        """Every corridor's value of `indicator` in `year` (annual values) or `period`."""
        key = ("flows", indicator, year, period)
        cached = self._cached(key)
        if cached is not None:
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
        self._keep(key, found)
        return found

    async def latest_year(self, indicator: str) -> int | None:
        """The latest year with an annual value of `indicator` (None: no value at all)."""
        key = ("latest", indicator)
        cached = self._cached(key)
        if cached is not None:
            return cached[0]  # type: ignore[no-any-return]
        page = await self._page(
            {"indicator": indicator, "frequency": "A", "sort": "-year", "limit": 1}
        )
        year = page.items[0].year if page.items else None
        self._keep(key, (year,))
        return year

    async def _page(self, params: dict[str, Any]) -> FlowPage:
        if self.base_url is None:
            raise ProfilesUnavailable("MAP_PROFILES_URL is not set")
        response = await self._get("/v1/flows", params)
        if 400 <= response.status_code < 500:
            raise ProfilesRejected(response.status_code, _reason(response))
        if response.status_code != 200:
            raise ProfilesUnavailable(f"profiles-api answered {response.status_code}")
        try:
            return FlowPage.model_validate_json(response.content)
        except ValidationError as exc:
            raise ProfilesUnavailable(
                f"profiles-api answered something that is not a page of flows "
                f"({exc.error_count()} problems, first: {exc.errors()[0]['msg']})"
            ) from None

    async def _get(self, path: str, params: dict[str, Any]) -> httpx.Response:
        """GET with one retry on a network error or a 502/503/504."""
        for attempt in (1, 2):
            try:
                response = await self._http.get(path, params=params)
            except httpx.HTTPError as exc:
                if attempt == 2:
                    raise ProfilesUnavailable(f"profiles-api unreachable: {exc!r}") from None
                continue
            if response.status_code in RETRIED_STATUSES and attempt == 1:
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _cached(self, key: tuple[Any, ...]) -> Any:
        entry = self._cache.get(key)
        if entry is None:
            return None
        expires, value = entry
        if time.monotonic() >= expires:
            del self._cache[key]
            return None
        self._cache.move_to_end(key)
        return value

    def _keep(self, key: tuple[Any, ...], value: Any) -> None:
        if self.cache_seconds <= 0:
            return
        self._cache[key] = (time.monotonic() + self.cache_seconds, value)
        self._cache.move_to_end(key)
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)


def _reason(response: httpx.Response) -> str:
    """profiles-api's problem `detail` (or the status line when there is none)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])[:500]
    return f"profiles-api answered {response.status_code}"

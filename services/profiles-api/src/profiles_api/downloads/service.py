"""Downloads of a country's profile: which file a request names, and its bytes (cached).

`prepare` resolves the country, the edition the caller may see and the data revision, and
derives the cache key, ETag and file name from them without rendering anything (a matching
If-None-Match costs three small queries). `content` serves the bytes from the render cache or
assembles the profile and renders it in a worker thread (rendering is CPU work).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

import anyio
from imap_kit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.models import Country
from profiles_api.documents.models import ProfileEdition
from profiles_api.downloads.cache import CacheKey, RenderCache
from profiles_api.downloads.i18n import Lang
from profiles_api.downloads.pdf import render_pdf
from profiles_api.downloads.xlsx import render_xlsx
from profiles_api.profile import service as profile_service

Kind = Literal["pdf", "xlsx"]
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA: dict[Kind, str] = {"pdf": PDF, "xlsx": XLSX}
# Bump when the layout changes, so clients holding an old ETag get the new rendering.
RENDERER_VERSION = "1"


@dataclass(frozen=True)
class Prepared:
    """A download request resolved to the one file it names."""

    iso3: str
    kind: Kind
    lang: Lang
    edition: int | None
    data_revision: int
    country: Country = field(compare=False, repr=False)
    shown: ProfileEdition | None = field(compare=False, repr=False)

    @property
    def key(self) -> CacheKey:
        """The render cache key."""
        return (self.iso3, self.kind, self.lang, self.edition or 0, self.data_revision)

    @property
    def etag(self) -> str:
        """A (weak: the gateway may compress the bytes) ETag hashing the key and renderer."""
        raw = "|".join(map(str, (RENDERER_VERSION, *self.key)))
        return f'W/"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'

    @property
    def filename(self) -> str:
        """`i-map-profile-GEO-en-ed1.pdf`, `i-map-profile-GEO-ed1.xlsx`, `...-no-edition...`."""
        edition = f"ed{self.edition}" if self.edition else "no-edition"
        lang = f"-{self.lang}" if self.kind == "pdf" else ""
        return f"i-map-profile-{self.iso3}{lang}-{edition}.{self.kind}"

    @property
    def media_type(self) -> str:
        """The file's content type."""
        return MEDIA[self.kind]


async def prepare(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    *,
    kind: Kind,
    lang: Lang = "en",
    edition: int | None = None,
) -> Prepared:
    """The file a request names (404 for an unknown country or an edition the caller can't see)."""
    country, shown, data_revision = await profile_service.resolve(session, principal, iso3, edition)
    return Prepared(
        iso3=country.iso3,
        kind=kind,
        lang=lang if kind == "pdf" else "en",
        edition=shown.edition if shown else None,
        data_revision=data_revision,
        country=country,
        shown=shown,
    )


async def content(
    session: AsyncSession, prepared: Prepared, cache: RenderCache
) -> tuple[bytes, bool]:
    """The file's bytes and whether the cache had them."""

    async def render() -> bytes:
        profile = await profile_service.assemble(
            session, prepared.country, prepared.shown, prepared.data_revision
        )
        if prepared.kind == "pdf":
            return await anyio.to_thread.run_sync(render_pdf, profile, prepared.lang)
        return await anyio.to_thread.run_sync(render_xlsx, profile)

    return await cache.get_or_render(prepared.key, render)

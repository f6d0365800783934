"""Country rules."""

from typing import get_args

from imap_kit.auth import Principal
from imap_kit.etag import check_if_match
from imap_kit.history import record_write
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.countries.models import Country
from profiles_api.countries.repository import CountryRepository
from profiles_api.countries.schemas import (
    GROUP_NAMES_RU,
    CountryRead,
    CountryUpdate,
    GroupRead,
    PPGroup,
)
from profiles_api.db import HISTORY

RECORD = "country"


async def get_country(session: AsyncSession, iso3: str, *, for_update: bool = False) -> Country:
    """The country with this ISO3 code, or CountryNotFound."""
    country = await CountryRepository(session).get(iso3.upper(), for_update=for_update)
    if country is None:
        raise CountryNotFound(iso3.upper())
    return country


async def ensure_visible(session: AsyncSession, principal: Principal, iso3: str) -> None:
    """Every register entry is public; 404 only for unknown codes (for the history routes)."""
    await get_country(session, iso3)


def snapshot(country: Country) -> dict[str, object]:
    """The register entry as versions and the audit log keep it."""
    return CountryRead.model_validate(country).model_dump(mode="json", exclude={"version"})


async def update_country(
    session: AsyncSession,
    principal: Principal,
    iso3: str,
    data: CountryUpdate,
    *,
    if_match: str | None,
) -> Country:
    """Change the register's editable fields (editors), keeping a version and an audit entry."""
    country = await get_country(session, iso3, for_update=True)
    check_if_match(if_match, country.row_version)
    before = snapshot(country)
    changes = data.model_dump(exclude_unset=True, exclude={"comment"})
    for field, value in changes.items():
        setattr(country, field, value)
    country.row_version += 1
    await session.flush()
    await record_write(
        session,
        HISTORY,
        principal=principal,
        action="update",
        record_type=RECORD,
        record_id=country.iso3,
        version=country.row_version,
        status="published",
        before=before,
        after=snapshot(country),
        comment=data.comment,
    )
    return country


async def list_countries(
    session: AsyncSession, *, groups: list[str], limit: int, offset: int
) -> tuple[list[Country], int]:
    """Countries ordered by English name, optionally within Prague Process groups."""
    return await CountryRepository(session).find(groups=groups, limit=limit, offset=offset)


async def list_groups(session: AsyncSession) -> list[GroupRead]:
    """The Prague Process groups, in the register's order, with their members."""
    members = await CountryRepository(session).members_by_group()
    return [
        GroupRead(
            name=name,
            name_ru=GROUP_NAMES_RU[name],
            member_count=len(members.get(name, [])),
            members=members.get(name, []),
        )
        for name in get_args(PPGroup)
    ]

"""Country rules."""

from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.countries.exceptions import CountryNotFound
from profiles_api.countries.models import Country
from profiles_api.countries.repository import CountryRepository


async def get_country(session: AsyncSession, iso3: str) -> Country:
    """The country with this ISO3 code, or CountryNotFound."""
    country = await CountryRepository(session).get(iso3.upper())
    if country is None:
        raise CountryNotFound(iso3.upper())
    return country


async def list_countries(
    session: AsyncSession, *, groups: list[str], limit: int, offset: int
) -> tuple[list[Country], int]:
    """Countries ordered by English name, optionally within Prague Process groups."""
    return await CountryRepository(session).find(groups=groups, limit=limit, offset=offset)

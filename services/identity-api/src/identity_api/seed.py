"""identity-api ships no data: accounts come from `identity-api create-admin` and the admin API."""

from sqlalchemy.ext.asyncio import AsyncSession


async def seed(session: AsyncSession) -> dict[str, int]:
    """Nothing to load; kept so `identity-api seed` behaves like the other services."""
    return {}

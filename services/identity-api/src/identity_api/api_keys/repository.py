"""API key queries."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from identity_api.api_keys.models import ApiKey


class ApiKeyRepository:
    """Reads and writes API keys."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key_id: int) -> ApiKey | None:
        """The key with this id."""
        return await self.session.get(ApiKey, key_id)

    async def by_prefix(self, prefix: str) -> ApiKey | None:
        """The key with this public prefix."""
        return await self.session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))

    async def find(self, *, limit: int, offset: int) -> tuple[list[ApiKey], int]:
        """A page of keys, newest first, with the total."""
        total = await self.session.scalar(select(func.count()).select_from(ApiKey))
        query = select(ApiKey).order_by(ApiKey.id.desc()).limit(limit).offset(offset)
        return list(await self.session.scalars(query)), total or 0

    async def add(self, key: ApiKey) -> None:
        """Insert a key."""
        self.session.add(key)
        await self.session.flush()

    async def save(self) -> None:
        """Write pending changes."""
        await self.session.flush()

"""User queries."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from identity_api.users.models import User


class UserRepository:
    """Reads and writes users."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        """The user with this id."""
        return await self.session.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        """The user with this (lower-case) email."""
        return await self.session.scalar(select(User).where(User.email == email))

    async def find(self, *, limit: int, offset: int) -> tuple[list[User], int]:
        """A page of users by id, with the total."""
        total = await self.session.scalar(select(func.count()).select_from(User))
        rows = await self.session.scalars(
            select(User).order_by(User.id).limit(limit).offset(offset)
        )
        return list(rows), total or 0

    async def add(self, user: User) -> bool:
        """Insert a user; False when the email is already taken (the transaction is then spent)."""
        self.session.add(user)
        try:
            await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def save(self) -> None:
        """Write pending changes (row_version is checked and bumped)."""
        await self.session.flush()

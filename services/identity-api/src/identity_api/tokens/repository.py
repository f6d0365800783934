"""Failed sign-in queries."""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from identity_api.tokens.models import SignInFailure


class SignInFailureRepository:
    """Records, counts and prunes failed sign-ins."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def recent(
        self, *, since: datetime, limit: int, email: str | None = None, address: str | None = None
    ) -> list[datetime]:
        """Times of the `limit` latest failures after `since` for this email or address."""
        query = select(SignInFailure.at).where(SignInFailure.at > since)
        if email is not None:
            query = query.where(SignInFailure.email == email)
        if address is not None:
            query = query.where(SignInFailure.address == address)
        rows = await self.session.scalars(query.order_by(SignInFailure.at.desc()).limit(limit))
        return list(rows)

    async def lock_email(self, email: str) -> None:
        """Serialise sign-ins of one email until this transaction ends, so counts stay exact."""
        await self.session.execute(
            select(func.pg_advisory_xact_lock(func.hashtext("identity.sign_in:" + email)))
        )

    async def add(self, *, email: str, address: str, at: datetime) -> None:
        """Remember one failure."""
        self.session.add(SignInFailure(email=email, address=address, at=at))
        await self.session.flush()

    async def clear_email(self, email: str) -> None:
        """Forget this email's failures (after it signed in successfully)."""
        await self.session.execute(delete(SignInFailure).where(SignInFailure.email == email))

    async def prune(self, *, before: datetime) -> None:
        """Drop failures too old to count."""
        await self.session.execute(delete(SignInFailure).where(SignInFailure.at < before))

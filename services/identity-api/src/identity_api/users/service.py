"""User rules: unique lower-case emails, the password policy, roles and country scope, If-Match."""

from __future__ import annotations

from typing import Any

from imap_kit.errors import FieldError, InvalidInput, PreconditionFailed
from imap_kit.etag import check_if_match
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from identity_api import passwords
from identity_api.grants import check_contributor_scope, country_scope, tidy
from identity_api.users.exceptions import EmailTaken, SelfLockout, UserNotFound
from identity_api.users.models import User
from identity_api.users.repository import UserRepository
from identity_api.users.schemas import UserCreate, UserRead, UserUpdate


def normalise_email(email: str) -> str:
    """Emails are compared and stored lower-case."""
    return email.strip().lower()


def check_password(password: str, *, email: str, field: str = "body.password") -> None:
    """Raise a 422 naming `field` and the reason when the password breaks the policy."""
    reason = passwords.policy_violation(password, email=email)
    if reason is not None:
        raise InvalidInput(
            f"The password {reason}.", errors=[FieldError(field=field, reason=reason)]
        )


async def get_user(session: AsyncSession, user_id: int) -> User:
    """One user, or UserNotFound."""
    user = await UserRepository(session).get(user_id)
    if user is None:
        raise UserNotFound(user_id)
    return user


async def list_users(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[UserRead], int]:
    """A page of users in id order."""
    rows, total = await UserRepository(session).find(limit=limit, offset=offset)
    return [UserRead.model_validate(r) for r in rows], total


async def create_user(session: AsyncSession, data: UserCreate) -> User:
    """Create an account after checking the password policy and the contributor rule."""
    email = normalise_email(data.email)
    check_password(data.password, email=email)
    roles, countries = tidy(data.roles), country_scope(data.countries, where="body.countries")
    check_contributor_scope(roles, countries, where="body.countries")
    repo = UserRepository(session)
    if await repo.by_email(email) is not None:
        raise EmailTaken(email)
    user = User(
        email=email,
        display_name=data.display_name,
        password_hash=await passwords.hash_password(data.password),
        is_active=True,
        roles=roles,
        countries=countries,
    )
    if not await repo.add(user):
        raise EmailTaken(email)  # lost a race with another request for the same email
    return user


async def update_user(
    session: AsyncSession,
    user_id: int,
    *,
    changes: UserUpdate,
    if_match: str | None,
    actor_id: int | None,
) -> User:
    """Apply `changes` when `if_match` names the current version (412 otherwise)."""
    repo = UserRepository(session)
    user = await get_user(session, user_id)
    check_if_match(if_match, user.row_version)
    fields = {k: v for k, v in changes.model_dump(exclude_unset=True).items() if v is not None}
    if not fields:
        return user
    if actor_id == user.id and (
        fields.get("is_active") is False or ("roles" in fields and "admin" not in fields["roles"])
    ):
        raise SelfLockout()
    await _apply(repo, user, fields)
    check_contributor_scope(user.roles, user.countries, where="body.countries")
    try:
        await repo.save()
    except StaleDataError:
        raise PreconditionFailed(
            "The record changed while your edit was applied; reload it and try again."
        ) from None
    return user


async def _apply(repo: UserRepository, user: User, fields: dict[str, Any]) -> None:
    if "email" in fields:
        email = normalise_email(fields["email"])
        other = await repo.by_email(email)
        if other is not None and other.id != user.id:
            raise EmailTaken(email)
        user.email = email
    if "password" in fields:
        check_password(fields["password"], email=user.email)
        user.password_hash = await passwords.hash_password(fields["password"])
    if "roles" in fields:
        user.roles = tidy(fields["roles"])
    if "countries" in fields:
        user.countries = country_scope(fields["countries"], where="body.countries")
    for name in ("display_name", "is_active"):
        if name in fields:
            setattr(user, name, fields[name])


async def create_admin(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    password: str | None,
    reset_password: bool = False,
) -> tuple[User, bool]:
    """Create an admin, or make an existing account an active admin; True when created."""
    user = await UserRepository(session).by_email(normalise_email(email))
    if user is None:
        if password is None:
            raise InvalidInput("A password is needed to create the admin account.")
        data = UserCreate(email=email, display_name=name, password=password, roles=["admin"])
        return await create_user(session, data), True
    user.roles = tidy([*user.roles, "admin"])
    user.is_active = True
    if reset_password:
        if password is None:
            raise InvalidInput("A new password is needed to reset it.")
        check_password(password, email=user.email, field="password")
        user.password_hash = await passwords.hash_password(password)
    await UserRepository(session).save()
    return user, False

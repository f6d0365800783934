"""identity-api test setup: a throwaway database migrated with the real chain, a fixed signing key,
and factories for accounts and their tokens."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from identity_api.keys import private_pem
from identity_api.main import MIGRATIONS, create_app
from identity_api.settings import IdentitySettings
from identity_api.users.models import User
from identity_api.users.schemas import UserCreate
from identity_api.users.service import create_user
from imap_kit.testing import database_fixture
from sqlalchemy.ext.asyncio import AsyncSession

REPO = Path(__file__).resolve().parents[3]
PASSWORD = "a long and personal passphrase"

database_url = database_fixture(
    bootstrap_sql=REPO / "deploy/sql/bootstrap.sql", migrations=MIGRATIONS
)

MakeUser = Callable[..., Awaitable[User]]
Headers = Callable[..., Awaitable[dict[str, str]]]


@pytest.fixture(scope="session")
def password() -> str:
    """The password every account made by `make_user` has."""
    return PASSWORD


@pytest.fixture(scope="session")
def signing_pem() -> str:
    return private_pem(Ed25519PrivateKey.generate())


@pytest.fixture
def settings(database_url: str, signing_pem: str, tmp_path: Path) -> IdentitySettings:
    return IdentitySettings(
        database_url=database_url, log_json=False, signing_key=signing_pem, key_dir=tmp_path
    )


@pytest.fixture
def app(settings: IdentitySettings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def make_user(db_session: AsyncSession) -> MakeUser:
    """Create an account in the test's transaction."""
    count = 0

    async def make(
        *roles: str, countries: tuple[str, ...] = (), email: str | None = None, active: bool = True
    ) -> User:
        nonlocal count
        count += 1
        address = email or f"{'-'.join(roles) or 'user'}{count}@example.org"
        data = UserCreate(
            email=address,
            display_name=f"Test {address}",
            password=PASSWORD,
            roles=list(roles),  # type: ignore[arg-type]
            countries=list(countries),
        )
        user = await create_user(db_session, data)
        user.is_active = active
        await db_session.flush()
        return user

    return make


SignIn = Callable[..., Awaitable[httpx.Response]]


@pytest.fixture
def sign_in(client: httpx.AsyncClient) -> SignIn:
    """POST /v1/token as Swagger UI does, from `address` behind the gateway."""

    async def post(
        email: str, password: str = PASSWORD, address: str = "192.0.2.1"
    ) -> httpx.Response:
        form = {"grant_type": "password", "username": email, "password": password, "scope": ""}
        return await client.post("/v1/token", data=form, headers={"X-Forwarded-For": address})

    return post


@pytest.fixture
def headers_for(sign_in: SignIn, make_user: MakeUser) -> Headers:
    """Sign a new account with these roles in through the API; its Authorization header."""

    async def headers(*roles: str, countries: tuple[str, ...] = ()) -> dict[str, str]:
        user = await make_user(*roles, countries=countries)
        res = await sign_in(user.email)
        assert res.status_code == 200, res.text
        return {"Authorization": f"Bearer {res.json()['access_token']}"}

    return headers

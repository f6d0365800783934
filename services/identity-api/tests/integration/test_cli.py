"""`identity-api create-admin | create-user | issue-key`."""

import io

import pytest
from httpx import AsyncClient
from identity_api import cli
from identity_api.users.models import User
from identity_api.users.service import create_admin
from imap_kit.errors import InvalidInput
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

pytestmark = pytest.mark.integration


async def _count(session: AsyncSession, email: str) -> int:
    query = select(func.count()).select_from(User).where(User.email == email)
    return await session.scalar(query) or 0


async def test_create_admin_is_idempotent(db_session: AsyncSession, password: str) -> None:
    first, created = await create_admin(
        db_session, email="Root@Example.org", name="Root", password=password
    )
    again, created_again = await create_admin(
        db_session, email="root@example.org", name="Root", password=password
    )
    assert created and not created_again and first.id == again.id
    assert await _count(db_session, "root@example.org") == 1
    assert again.roles == ["admin"]


async def test_create_admin_promotes_an_existing_account(
    db_session: AsyncSession, make_user, client: AsyncClient, sign_in, password: str
) -> None:
    editor = await make_user("editor", email="ed@example.org")
    user, created = await create_admin(db_session, email="ed@example.org", name="Ed", password=None)
    assert not created and user.id == editor.id and user.roles == ["admin", "editor"]
    token = (await sign_in("ed@example.org", password)).json()["access_token"]
    me = await client.get("/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


async def test_create_admin_enforces_the_password_policy(db_session: AsyncSession) -> None:
    with pytest.raises(InvalidInput, match="at least 12 characters"):
        await create_admin(db_session, email="new@example.org", name="New", password="short")
    with pytest.raises(InvalidInput, match="password is needed"):
        await create_admin(db_session, email="new@example.org", name="New", password=None)


def test_cli_issues_a_key_and_creates_accounts(
    database_url: str,
    signing_pem: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Runs like an operator would: settings from the environment, its own committed transaction.
    monkeypatch.setenv("IDENTITY_DATABASE_URL", database_url)
    monkeypatch.setenv("IDENTITY_SIGNING_KEY", signing_pem)
    monkeypatch.setenv("IMAP_ADMIN_PASSWORD", "operator chosen passphrase")
    cli.main(["create-admin", "--email", "ops@example.org", "--name", "Ops"])
    cli.main(["create-admin", "--email", "ops@example.org", "--name", "Ops"])
    assert "admin role ensured for ops@example.org" in capsys.readouterr().err

    cli.main(["create-user", "--email", "fp@example.org", "--name", "FP", "--roles", "contributor",
              "--countries", "geo"])  # fmt: skip
    out = capsys.readouterr()
    assert "generated password" in out.err and len(out.out.strip()) >= 24

    cli.main(["issue-key", "--name", "feed", "--scopes", "toolbox:write", "--expires-days", "90"])
    key = capsys.readouterr().out.strip()
    assert key.startswith("imap_") and len(key.split("_", 2)[2]) == 43

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["create-user", "--email", "x@example.org", "--name", "X", "--password-stdin"])
    assert exit_.value.code == 2 and "at least 12 characters" in capsys.readouterr().err

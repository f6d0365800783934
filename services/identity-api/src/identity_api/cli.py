"""`identity-api migrate | downgrade | seed | serve` (the kit's) plus account and key commands:

    identity-api create-admin --email E --name N [--password-stdin] [--reset-password]
    identity-api create-user --email E --name N --roles editor,contributor --countries GEO
    identity-api issue-key --name N --roles partner --scopes toolbox:write --countries GEO \
        --expires-days 90

Secrets (a generated password, a new API key) go to stdout alone; messages go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import NoReturn, TypeVar

from imap_kit import cli as kit_cli
from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.errors import DomainError
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from identity_api.api_keys import service as key_service
from identity_api.api_keys.schemas import ApiKeyCreate, ApiKeyCreated
from identity_api.main import MIGRATIONS
from identity_api.seed import seed
from identity_api.settings import IdentitySettings
from identity_api.users import service as user_service
from identity_api.users.schemas import UserCreate

NAME = "identity-api"
EXTRA = ("create-admin", "create-user", "issue-key")
T = TypeVar("T")


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=NAME, description="i-Map identity-api accounts and keys")
    sub = parser.add_subparsers(dest="command", required=True)
    admin = sub.add_parser("create-admin", help="create an admin, or make an account one")
    admin.add_argument("--reset-password", action="store_true", help="also set a new password")
    user = sub.add_parser("create-user", help="create an account")
    user.add_argument("--roles", type=_csv, default=[], help="comma-separated roles")
    user.add_argument("--countries", type=_csv, default=[], help="ISO3 codes, e.g. GEO,ARM")
    for command in (admin, user):
        command.add_argument("--email", required=True)
        command.add_argument("--name", required=True, help="display name")
        command.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
    key = sub.add_parser("issue-key", help="issue an API key and print it once")
    key.add_argument("--name", required=True)
    key.add_argument("--roles", type=_csv, default=["partner"])
    key.add_argument("--scopes", type=_csv, default=[], help="e.g. toolbox:write")
    key.add_argument("--countries", type=_csv, default=[])
    key.add_argument("--expires-days", type=int, default=None)
    return parser


async def _in_transaction(
    settings: IdentitySettings, work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


def _password(args: argparse.Namespace, env: str) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n") or None
    return os.environ.get(env) or None


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def create_admin(args: argparse.Namespace, settings: IdentitySettings) -> None:
    """`create-admin`: idempotent; an existing account gains the admin role."""
    password = _password(args, "IMAP_ADMIN_PASSWORD")

    async def work(session: AsyncSession) -> tuple[str, int, bool]:
        user, created = await user_service.create_admin(
            session,
            email=args.email,
            name=args.name,
            password=password,
            reset_password=args.reset_password,
        )
        return user.email, user.id, created

    email, user_id, created = asyncio.run(_in_transaction(settings, work))
    _say(f"{'created admin' if created else 'admin role ensured for'} {email} (id {user_id})")


def create_user(args: argparse.Namespace, settings: IdentitySettings) -> None:
    """`create-user`: a generated password is printed once when none is given."""
    password = _password(args, "IMAP_USER_PASSWORD")
    generated = password is None
    data = UserCreate(
        email=args.email,
        display_name=args.name,
        password=password or secrets.token_urlsafe(18),
        roles=args.roles,
        countries=args.countries,
    )

    async def work(session: AsyncSession) -> int:
        return (await user_service.create_user(session, data)).id

    user_id = asyncio.run(_in_transaction(settings, work))
    _say(f"created {data.email} (id {user_id}) with roles {','.join(data.roles) or '-'}")
    if generated:
        _say("generated password (shown only now):")
        print(data.password)


def issue_key(args: argparse.Namespace, settings: IdentitySettings) -> None:
    """`issue-key`: prints the whole key on stdout, once."""
    days = args.expires_days
    data = ApiKeyCreate(
        name=args.name,
        roles=args.roles,
        scopes=args.scopes,
        countries=args.countries,
        expires_at=datetime.now(UTC) + timedelta(days=days) if days else None,
    )

    async def work(session: AsyncSession) -> ApiKeyCreated:
        return await key_service.create_key(session, data, created_by=None)

    created = asyncio.run(_in_transaction(settings, work))
    _say(f"issued API key {created.name!r} (id {created.id}, prefix {created.prefix})")
    _say("the key is shown only now; store it:")
    print(created.key)


COMMANDS = {"create-admin": create_admin, "create-user": create_user, "issue-key": issue_key}


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `identity-api` command."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in EXTRA:
        if not argv or argv[0] in ("-h", "--help"):
            _say(f"account commands: {', '.join(EXTRA)} (`{NAME} <command> -h` for options)")
        kit_cli.main(
            name=NAME,
            app_path="identity_api.main:create_app",
            settings_factory=IdentitySettings,  # type: ignore[arg-type]
            migrations=MIGRATIONS,
            seed=seed,
            argv=argv,
        )
        return
    args = _parser().parse_args(argv)
    try:
        COMMANDS[args.command](args, IdentitySettings())  # type: ignore[call-arg]
    except DomainError as exc:
        reasons = [f"{e.field}: {e.reason}" for e in exc.errors or []]
        _fail(exc.detail, reasons)
    except ValidationError as exc:
        _fail("invalid arguments", [f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors()])


def _fail(detail: str, reasons: list[str]) -> NoReturn:
    _say(f"{NAME}: error: {detail}" + "".join(f"\n  {r}" for r in reasons))
    raise SystemExit(2)

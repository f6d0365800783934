"""The command line every service ships: `migrate`, `downgrade`, `seed`, `serve`."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import uvicorn
from sqlalchemy.ext.asyncio import AsyncSession

from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.logging import configure_logging
from imap_kit.migrations import downgrade, upgrade
from imap_kit.settings import ServiceSettings

Seeder = Callable[[AsyncSession], Awaitable[dict[str, int]]]


async def run_seed(settings: ServiceSettings, seed: Seeder) -> dict[str, int]:
    """Run a service's seed in one transaction (all or nothing)."""
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await seed(session)
    finally:
        await engine.dispose()


def main(
    *,
    name: str,
    app_path: str,
    settings_factory: Callable[[], ServiceSettings],
    migrations: Path,
    seed: Seeder,
    argv: list[str] | None = None,
) -> None:
    """Parse the command line and run one subcommand."""
    parser = argparse.ArgumentParser(prog=name, description=f"i-Map {name}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade this service's schema to head")
    down = sub.add_parser("downgrade", help="downgrade this service's schema")
    down.add_argument("revision", nargs="?", default="base")
    sub.add_parser("seed", help="load the shipped data (idempotent)")
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)

    settings = settings_factory()
    configure_logging(name, settings.log_level, settings.log_json)
    log = logging.getLogger(name)
    if args.command == "migrate":
        upgrade(migrations, settings.database_url)
        log.info("migrated to head")
    elif args.command == "downgrade":
        downgrade(migrations, settings.database_url, args.revision)
        log.info("downgraded to %s", args.revision)
    elif args.command == "seed":
        counts = asyncio.run(run_seed(settings, seed))
        log.info("seeded %s", counts, extra={"counts": counts})
    else:
        uvicorn.run(
            app_path,
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=True,
            forwarded_allow_ips=None,  # FORWARDED_ALLOW_IPS env, else 127.0.0.1 (uvicorn)
            log_config=None,
            access_log=False,
        )

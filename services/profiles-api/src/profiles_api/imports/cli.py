"""`profiles-api import <layout> [--option VALUE] FILE...`: the importers from the command line.

Runs the same service code as the API, all files in one transaction: one bad file rolls back every
file, is recorded as a rejected batch and makes the command exit with status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path

from imap_kit.auth import Principal
from imap_kit.db import create_engine, create_sessionmaker
from imap_kit.settings import ServiceSettings

from profiles_api.imports import service
from profiles_api.imports.exceptions import REJECTIONS
from profiles_api.imports.models import ImportBatch
from profiles_api.imports.registry import IMPORTERS, Importer
from profiles_api.imports.settings import ImportSettings


def _summary(batch: ImportBatch) -> str:
    return (
        f"applied batch {batch.id} {batch.file_name} ({batch.importer}, "
        f"{batch.source_dataset or 'several or no datasets'}, "
        f"{batch.indicator_code or 'several indicators'}): {batch.rows_read} lines, "
        f"{batch.rows_skipped} skipped, "
        f"{batch.values_read} values: {batch.inserted} inserted, {batch.updated} updated, "
        f"{batch.unchanged} unchanged"
    )


async def import_files(
    settings: ServiceSettings,
    importer: Importer,
    files: list[Path],
    *,
    principal: Principal,
    max_bytes: int,
    options: dict[str, str] | None = None,
) -> int:
    """Import every file in one transaction; print the batches or the errors; exit status."""
    engine = create_engine(settings)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            batches = [
                await service.import_file(
                    session,
                    sessionmaker,
                    importer,
                    service.ImportFile.of(path.name, path.read_bytes()),
                    principal=principal,
                    max_bytes=max_bytes,
                    options=options,
                )
                for path in files
            ]
    except REJECTIONS as exc:
        print(f"rejected: {exc.detail}", file=sys.stderr)
        for error in exc.errors or []:
            value = "" if error.value is None else f" [{error.value!r}]"
            print(f"  {error.field}: {error.reason}{value}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    for batch in batches:
        print(_summary(batch))
    return 0


def main(argv: list[str], settings: ServiceSettings) -> int:
    """Parse `import <format> FILE...` and run it; returns the exit status."""
    parser = argparse.ArgumentParser(prog="profiles-api import", description="Bulk imports.")
    sub = parser.add_subparsers(dest="format", required=True)
    for importer in IMPORTERS.values():
        layout = sub.add_parser(
            importer.slug, help=importer.title, description=importer.description
        )
        layout.add_argument("files", nargs="+", type=Path, metavar="FILE")
        for option in importer.options:
            layout.add_argument(
                f"--{option.name.replace('_', '-')}", dest=option.name, help=option.description
            )
        layout.add_argument(
            "--as", dest="who", default=getpass.getuser(), help="name kept in the batch"
        )
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    principal = Principal(
        kind="user",
        subject=f"cli:{args.who}",
        name="profiles-api import",
        roles=frozenset({"admin"}),
    )
    importer = next(i for i in IMPORTERS.values() if i.slug == args.format)
    options = {o.name: getattr(args, o.name) for o in importer.options if getattr(args, o.name)}
    limit = ImportSettings().max_import_bytes
    return asyncio.run(
        import_files(
            settings, importer, args.files, principal=principal, max_bytes=limit, options=options
        )
    )

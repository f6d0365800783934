"""`profiles-api migrate | downgrade | seed | serve | import`."""

import sys

from imap_kit import cli

from profiles_api.imports import cli as import_cli
from profiles_api.main import MIGRATIONS
from profiles_api.seed import seed
from profiles_api.settings import ProfilesSettings


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `profiles-api` command."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["import"]:
        sys.exit(import_cli.main(args[1:], ProfilesSettings()))  # type: ignore[call-arg]
    cli.main(
        name="profiles-api",
        app_path="profiles_api.main:create_app",
        settings_factory=ProfilesSettings,  # type: ignore[arg-type]
        migrations=MIGRATIONS,
        seed=seed,
        argv=args,
    )

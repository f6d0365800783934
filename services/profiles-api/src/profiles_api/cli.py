"""`profiles-api migrate | downgrade | seed | serve`."""

from imap_kit import cli

from profiles_api.main import MIGRATIONS
from profiles_api.seed import seed
from profiles_api.settings import ProfilesSettings


def main() -> None:
    """Entry point of the `profiles-api` command."""
    cli.main(
        name="profiles-api",
        app_path="profiles_api.main:create_app",
        settings_factory=ProfilesSettings,  # type: ignore[arg-type]
        migrations=MIGRATIONS,
        seed=seed,
    )

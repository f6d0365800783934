"""`map-api migrate | downgrade | seed | serve`."""

from imap_kit import cli

from map_api.main import MIGRATIONS
from map_api.seed import seed
from map_api.settings import MapSettings


def main() -> None:
    """Entry point of the `map-api` command."""
    cli.main(
        name="map-api",
        app_path="map_api.main:create_app",
        settings_factory=MapSettings,  # type: ignore[arg-type]
        migrations=MIGRATIONS,
        seed=seed,
    )

"""`toolbox-api migrate | downgrade | seed | serve`."""

from imap_kit import cli

from toolbox_api.main import MIGRATIONS
from toolbox_api.seed import seed
from toolbox_api.settings import ToolboxSettings


def main() -> None:
    """Entry point of the `toolbox-api` command."""
    cli.main(
        name="toolbox-api",
        app_path="toolbox_api.main:create_app",
        settings_factory=ToolboxSettings,  # type: ignore[arg-type]
        migrations=MIGRATIONS,
        seed=seed,
    )

"""Strategy errors."""

from imap_kit.errors import NotFound


class StrategyNotFound(NotFound):
    """No strategy for this country (or one the caller may not see)."""

    def __init__(self, iso3: str) -> None:
        super().__init__(f"No strategy for {iso3}.")

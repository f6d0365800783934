"""Indicator errors."""

from imap_kit.errors import InvalidInput, NotFound


class IndicatorNotFound(NotFound):
    """No indicator with this code in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(f"No indicator with code '{code}' in the catalogue.")


class InvalidYearRange(InvalidInput):
    """year_from is after year_to."""

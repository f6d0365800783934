"""Boundary errors."""

from imap_kit.errors import NotFound


class BoundaryNotFound(NotFound):
    """No boundary with this ISO3 code."""

    def __init__(self, iso3: str) -> None:
        super().__init__(f"No country boundary with ISO3 code '{iso3}'.")

"""Country errors."""

from imap_kit.errors import NotFound


class CountryNotFound(NotFound):
    """No country with this ISO3 code in the register."""

    def __init__(self, iso3: str) -> None:
        super().__init__(f"No country with ISO3 code '{iso3}' in the Prague Process register.")

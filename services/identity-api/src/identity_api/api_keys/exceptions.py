"""API key errors."""

from imap_kit.errors import NotFound


class ApiKeyNotFound(NotFound):
    """No API key with this id."""

    def __init__(self, key_id: int) -> None:
        super().__init__(f"No API key with id {key_id}.")

"""Skill-shortage errors."""

from imap_kit.errors import NotFound


class ShortageNotFound(NotFound):
    """No skill-shortage record with this id."""

    def __init__(self, shortage_id: int) -> None:
        super().__init__(f"No skill-shortage record with id {shortage_id}.")

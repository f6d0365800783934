"""Practice errors."""

from imap_kit.errors import NotFound


class PracticeNotFound(NotFound):
    """No practice with this id (or one the caller may not see)."""

    def __init__(self, practice_id: int) -> None:
        super().__init__(f"No practice with id {practice_id}.")

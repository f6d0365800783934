"""Initiative errors."""

from imap_kit.errors import NotFound


class InitiativeNotFound(NotFound):
    """No initiative with this id."""

    def __init__(self, initiative_id: int) -> None:
        super().__init__(f"No initiative with id {initiative_id}.")

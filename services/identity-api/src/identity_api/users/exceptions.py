"""User errors."""

from imap_kit.errors import Conflict, NotFound


class UserNotFound(NotFound):
    """No user with this id."""

    def __init__(self, user_id: int) -> None:
        super().__init__(f"No user with id {user_id}.")


class EmailTaken(Conflict):
    """Another account already uses this email."""

    def __init__(self, email: str) -> None:
        super().__init__(f"An account with the email {email} already exists.")


class SelfLockout(Conflict):
    """An admin tried to remove their own admin role or disable their own account."""

    def __init__(self) -> None:
        super().__init__(
            "You cannot remove your own admin role or disable your own account; "
            "ask another admin to do it."
        )

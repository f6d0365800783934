"""Flow errors."""

from imap_kit.errors import NotFound


class FlowNotFound(NotFound):
    """No bilateral observation with this id."""

    def __init__(self, flow_id: int) -> None:
        super().__init__(f"No flow with id {flow_id}.")

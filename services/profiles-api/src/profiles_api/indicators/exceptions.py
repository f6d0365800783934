"""Indicator, observation and dataset errors."""

from imap_kit.errors import InvalidInput, NotFound


class IndicatorNotFound(NotFound):
    """No indicator with this code in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(f"No indicator with code '{code}' in the catalogue.")


class ObservationNotFound(NotFound):
    """No observation with this id."""

    def __init__(self, observation_id: int) -> None:
        super().__init__(f"No observation with id {observation_id}.")


class DatasetNotFound(NotFound):
    """No source dataset with this code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"No source dataset with code '{code}' (see /v1/datasets).")


class InvalidYearRange(InvalidInput):
    """year_from is after year_to."""

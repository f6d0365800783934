"""Errors of the flows collection."""

from __future__ import annotations

from imap_kit.errors import ServiceUnavailable


class FlowsUnavailable(ServiceUnavailable):
    """profiles-api, where the values come from, is down or answered nonsense (503)."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "The flows collection reads its values from profiles-api, which cannot answer now "
            f"({reason}). Every other collection works; retry later.",
            headers={"Retry-After": "30"},
        )

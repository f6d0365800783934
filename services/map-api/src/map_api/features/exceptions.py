"""Errors of the OGC API: bad parameters are 400 (as OGC API - Features requires), unknown
collections and features 404; each names the parameter and the reason."""

from __future__ import annotations

from typing import Any

from imap_kit.errors import BadRequest, FieldError, NotFound


class InvalidParameter(BadRequest):
    """A query parameter has a value the server cannot use."""

    slug = "invalid-parameter"

    def __init__(self, name: str, reason: str, value: Any = None) -> None:
        safe = value if isinstance(value, (str, int, float, bool)) or value is None else None
        super().__init__(
            f"{name}: {reason}",
            errors=[FieldError(field=f"query.{name}", reason=reason, value=safe)],
        )


class CollectionNotFound(NotFound):
    """No collection with this id."""

    def __init__(self, collection_id: str, known: list[str]) -> None:
        super().__init__(
            f"No collection '{collection_id}'; the collections are: {', '.join(known)}."
        )


class FeatureNotFound(NotFound):
    """No (visible) feature with this id in the collection."""

    def __init__(self, collection_id: str, feature_id: str) -> None:
        super().__init__(f"No feature '{feature_id}' in collection '{collection_id}'.")

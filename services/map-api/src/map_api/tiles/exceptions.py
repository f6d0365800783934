"""Errors of the tile endpoints: a tile request names a tile matrix set, a zoom level (tile
matrix), a row and a column; each bad value is a problem naming its path segment."""

from __future__ import annotations

from typing import Any

from imap_kit.errors import BadRequest, FieldError, NotFound


class InvalidTile(BadRequest):
    """A path segment is not a tile coordinate of the tile matrix set (400)."""

    slug = "invalid-tile"

    def __init__(self, errors: list[FieldError]) -> None:
        detail = "; ".join(f"{e.field.removeprefix('path.')}: {e.reason}" for e in errors)
        super().__init__(detail, errors=errors)

    @classmethod
    def one(cls, name: str, reason: str, value: Any = None) -> InvalidTile:
        """The error of one path segment."""
        return cls([FieldError(field=f"path.{name}", reason=reason, value=value)])


class TileOutOfRange(NotFound):
    """A well-formed tile outside the tileset's limits (404, as OGC API - Tiles asks)."""

    def __init__(self, name: str, reason: str, value: int) -> None:
        super().__init__(
            f"{name}: {reason}",
            errors=[FieldError(field=f"path.{name}", reason=reason, value=value)],
        )


class TileMatrixSetNotFound(NotFound):
    """No tile matrix set with this id."""

    def __init__(self, tms_id: str, known: list[str]) -> None:
        super().__init__(
            f"No tile matrix set '{tms_id}'; the tile matrix sets are: {', '.join(known)}.",
            errors=[FieldError(field="path.tileMatrixSetId", reason="unknown", value=tms_id)],
        )

"""Import errors: each rejection carries the batch record to keep (it outlives the rollback)."""

from typing import Any

from imap_kit.errors import DomainError, FieldError, InvalidInput, NotFound


class ImportRejected(InvalidInput):
    """The file is wrong (layout, encoding, codes, values): nothing was imported (422)."""

    def __init__(self, detail: str, *, errors: list[FieldError], batch: dict[str, Any]) -> None:
        super().__init__(detail, errors=errors)
        self.batch = batch


class ImportTooLarge(DomainError):
    """The file is over `PROFILES_MAX_IMPORT_BYTES` (413)."""

    status, slug = 413, "payload-too-large"

    def __init__(self, detail: str, *, batch: dict[str, Any]) -> None:
        super().__init__(detail, errors=[FieldError(field="file", reason=detail)])
        self.batch = batch


REJECTIONS = (ImportRejected, ImportTooLarge)


class ImportBatchNotFound(NotFound):
    """No import batch with this id."""

    def __init__(self, batch_id: int) -> None:
        super().__init__(f"No import batch {batch_id}.")

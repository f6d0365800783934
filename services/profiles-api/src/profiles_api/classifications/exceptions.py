"""Classification errors."""

from imap_kit.errors import FieldError, InvalidInput, NotFound


class ClassificationNotFound(NotFound):
    """No item with this code in the classification."""

    def __init__(self, scheme: str, code: str) -> None:
        super().__init__(f"No {scheme} code '{code}'.")


class UnknownClassificationCodes(InvalidInput):
    """Codes that an import or edit names but the classification does not hold (422)."""

    def __init__(self, scheme: str, codes: list[str], *, field: str) -> None:
        super().__init__(
            f"Unknown {scheme} code(s): {', '.join(codes)}.",
            errors=[
                FieldError(field=field, reason=f"unknown {scheme} code", value=c) for c in codes
            ],
        )

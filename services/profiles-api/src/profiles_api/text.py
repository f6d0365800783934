"""Free text a PostgreSQL text column can store: no NUL characters, no lone surrogates.

JSON may carry both (`"\\u0000"`, `"\\ud800"`); PostgreSQL refuses them, so without this check such
a body would fail at write time as a 500 instead of a 422 naming the field.
"""

from pydantic import AfterValidator


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode (it holds a lone surrogate)") from None
    return value


# Use as metadata: `Annotated[str, StringConstraints(max_length=200), Storable]`.
Storable = AfterValidator(_storable)

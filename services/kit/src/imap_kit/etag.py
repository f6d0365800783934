"""Optimistic concurrency: ETags from a row version, `If-Match` required on writes (428/412)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Response

from imap_kit.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    """The (weak) ETag of a record at `version`."""
    return f'W/"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Put the record's ETag on a response."""
    response.headers["ETag"] = etag(version)


def _if_match(
    if_match: Annotated[
        str | None,
        Header(
            description="The ETag you read; required, so that no edit overwrites another.",
            examples=['W/"3"'],
        ),
    ] = None,
) -> str | None:
    return if_match


# Checked by `check_if_match` after authorization, so a caller without rights gets 401/403 first.
IfMatchDep = Annotated[str | None, Depends(_if_match)]


def check_if_match(if_match: str | None, version: int) -> None:
    """428 without `If-Match`; 412 unless it names the record's current version (or is `*`)."""
    if not if_match:
        raise PreconditionRequired(
            "Send If-Match with the ETag of the record you read, so concurrent edits are detected."
        )
    wanted = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in wanted or f'"{version}"' in wanted:
        return
    raise PreconditionFailed(
        f"The record changed since you read it (now {etag(version)}); "
        "reload it and apply your edit again."
    )

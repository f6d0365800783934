"""The editorial workflow every service applies to its content: states, who moves what where, who
may edit, and who sees what (access tiers).

States: draft -> submitted -> published, and withdrawn. Contributors draft and submit the records of
their own countries; editors (and admins) edit anything, publish, return a submission with a
comment, withdraw and reopen. Anonymous readers see published public records; signed-in users and
partners also see published restricted records; contributors also see their countries' unpublished
records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from imap_kit.auth import Principal
from imap_kit.errors import Conflict, FieldError, Forbidden, InvalidInput, Unauthorized

Column = ColumnElement[str] | InstrumentedAttribute[str]


class Status(StrEnum):
    """Where a record is in the workflow."""

    draft = "draft"
    submitted = "submitted"
    published = "published"
    withdrawn = "withdrawn"


class Access(StrEnum):
    """Who may read a published record."""

    public = "public"
    restricted = "restricted"


class Action(StrEnum):
    """A workflow step."""

    submit = "submit"
    publish = "publish"
    return_ = "return"
    withdraw = "withdraw"
    reopen = "reopen"


@dataclass(frozen=True)
class Rule:
    """From which states an action starts, where it leads, and whether only editors may take it."""

    sources: frozenset[Status]
    target: Status
    editors_only: bool
    needs_comment: bool = False


S = Status
RULES: dict[Action, Rule] = {
    Action.submit: Rule(frozenset({S.draft}), S.submitted, editors_only=False),
    Action.publish: Rule(frozenset({S.draft, S.submitted}), S.published, editors_only=True),
    Action.return_: Rule(frozenset({S.submitted}), S.draft, editors_only=True, needs_comment=True),
    Action.withdraw: Rule(frozenset({S.published}), S.withdrawn, editors_only=True),
    Action.reopen: Rule(frozenset({S.published, S.withdrawn}), S.draft, editors_only=True),
}


def check_writer(principal: Principal, scope: str) -> None:
    """401 for anonymous callers; 403 unless an editor, a contributor or a partner with `scope`."""
    _check_signed_in(principal)
    if not principal.has("editor", "contributor", scope):
        raise Forbidden(f"Writing needs the editor or contributor role, or the {scope} scope.")


def _check_signed_in(principal: Principal) -> None:
    if not principal.authenticated:
        raise Unauthorized("Sign in or send an API key to write.", error="invalid_request")


def check_transition(
    principal: Principal,
    *,
    status: Status,
    action: Action,
    country: str | None,
    comment: str | None,
) -> Status:
    """The state `action` leads to, or the reason it is refused (401, 403, 409 or 422)."""
    _check_signed_in(principal)
    rule = RULES[action]
    if rule.editors_only and not principal.is_editor:
        raise Forbidden(f"Only editors may {action.value} a record.")
    if not principal.covers(country):
        raise Forbidden(f"You may not {action.value} records of {country or 'no country'}.")
    if status not in rule.sources:
        allowed = ", ".join(sorted(s.value for s in rule.sources))
        raise Conflict(f"Cannot {action.value} a {status.value} record (only from: {allowed}).")
    if rule.needs_comment and not (comment and comment.strip()):
        reason = f"a comment is required to {action.value} a record"
        raise InvalidInput(reason, errors=[FieldError(field="body.comment", reason=reason)])
    return rule.target


def check_edit(principal: Principal, *, status: Status, country: str | None) -> None:
    """Editors edit anything; others only their own countries' drafts."""
    _check_signed_in(principal)
    if principal.is_editor:
        return
    if not principal.covers(country):
        raise Forbidden(f"You may not edit records of {country or 'no country'}.")
    if status != Status.draft:
        raise Forbidden(
            f"Only drafts can be edited by contributors; this record is {status.value}."
        )


def visible(
    principal: Principal,
    *,
    status: Column,
    access: Column,
    country: Column,
) -> ColumnElement[bool]:
    """SQL condition selecting the records this caller may see."""
    if principal.is_editor:
        return true()
    published = status == Status.published.value
    if not principal.authenticated:
        return and_(published, access == Access.public.value)
    own = country.in_(sorted(principal.countries)) if principal.countries else false()
    return or_(published, own)

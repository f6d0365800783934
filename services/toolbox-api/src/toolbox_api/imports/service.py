"""Importing initiatives: every row is checked like an editor's create before anything is
written; one bad row and nothing is imported (422 listing the errors by row and column).

A row whose slug exists with the same content is left as it is (so importing a file twice
changes nothing); a slug that exists with other content is an error (edit that initiative
instead). New rows become drafts, or published records when an editor asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import Status, check_writer
from imap_kit.errors import FieldError, Forbidden, InvalidInput
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.workflow import WRITE_SCOPE
from toolbox_api.imports.parsing import FileError, Mapped, column_of, read_rows, to_body
from toolbox_api.initiatives.editing import content, content_errors, create_initiative
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.initiatives.schemas import InitiativeWrite
from toolbox_api.initiatives.service import snapshot

MAX_LISTED = 50


@dataclass
class Outcome:
    """What an import did."""

    created: list[dict[str, Any]]
    unchanged: list[dict[str, Any]]


class Problems:
    """Errors found in a file: the first MAX_LISTED kept, all counted."""

    def __init__(self) -> None:
        self.listed: list[FieldError] = []
        self.count = 0

    def add(self, row: int, column: str, reason: str, value: Any = None) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            safe = value if isinstance(value, (str, int, float)) or value is None else str(value)
            if isinstance(safe, str):
                safe = safe[:200]
            self.listed.append(
                FieldError(field=f"row {row}, column {column}", reason=reason, value=safe)
            )


def _planned(data: InitiativeWrite) -> dict[str, Any]:
    """The snapshot an initiative created from `data` would have (to spot unchanged rows)."""
    cols = content(data)
    budget = None
    if data.budget:
        budget = {"amount": float(data.budget.amount), "currency": data.budget.currency}
    keep = (
        "slug", "title_en", "title_ru", "summary_en", "summary_ru", "description_en",
        "description_ru", "kind", "start_year", "end_year", "implementation_status",
        "outcomes_en", "outcomes_ru", "sources", "owner_country", "access",
    )  # fmt: skip
    return {
        **{k: cols[k] for k in keep},
        "budget": budget,
        "countries": [c.model_dump() for c in data.countries],
        "organisations": [o.model_dump() for o in data.organisations],
        "themes": sorted(data.themes),
        "corridors": [{"from": c.origin, "to": c.destination} for c in data.corridors],
        "routes": sorted(data.routes),
    }


async def import_initiatives(
    session: AsyncSession,
    principal: Principal,
    *,
    filename: str,
    content_bytes: bytes,
    publish: bool,
) -> Outcome:
    """Check every row, then create the new ones; InvalidInput listing the errors otherwise."""
    check_writer(principal, WRITE_SCOPE)
    if publish and not principal.is_editor:
        raise Forbidden("Only editors may publish imported initiatives directly.")
    try:
        rows = read_rows(filename, content_bytes)
    except FileError as err:
        raise InvalidInput(
            f"The file cannot be imported: {err}",
            errors=[FieldError(field=err.where, reason=err.reason, value=err.value)],
        ) from None
    problems = Problems()
    repo = InitiativeRepository(session)
    existing = await repo.by_slug([r.cells.get("slug", "") for r in rows])
    seen: dict[str, int] = {}
    todo: list[tuple[int, InitiativeWrite]] = []
    unchanged = []
    for row in rows:
        mapped = to_body(row)
        data = _parse(row.number, mapped, problems)
        if data is None:
            continue
        for problem in await content_errors(session, data):
            loc = problem.field.removeprefix("body.").split(".")
            problems.add(row.number, column_of(mapped, loc), problem.reason, problem.value)
        if not principal.covers(data.owner()):
            problems.add(row.number, "owner_country", "outside your countries", data.owner())
        if data.slug in seen:
            problems.add(row.number, "slug", f"also in row {seen[data.slug]}", data.slug)
            continue
        seen[data.slug] = row.number
        found = existing.get(data.slug)
        if found is None:
            todo.append((row.number, data))
            continue
        current = snapshot(found)
        planned = _planned(data)
        if {k: current.get(k) for k in planned} == planned:
            unchanged.append({"row": row.number, "id": found.id, "slug": found.slug})
        else:
            problems.add(
                row.number,
                "slug",
                f"an initiative with this slug exists with other content (id {found.id}); "
                "edit it instead",
                data.slug,
            )
    if problems.count:
        raise InvalidInput(
            f"{problems.count} error(s) in {filename}; nothing was imported"
            + (f" (the first {MAX_LISTED} are listed)" if problems.count > MAX_LISTED else ""),
            errors=problems.listed,
        )
    created = []
    status = Status.published if publish else Status.draft
    for number, data in todo:
        initiative = await create_initiative(
            session,
            principal,
            data,
            status=status,
            comment=f"Imported from {filename}, row {number}.",
        )
        created.append({"row": number, "id": initiative.id, "slug": initiative.slug})
    return Outcome(created=created, unchanged=unchanged)


def _parse(number: int, mapped: Mapped, problems: Problems) -> InitiativeWrite | None:
    try:
        return InitiativeWrite.model_validate(mapped.body)
    except ValidationError as err:
        for e in err.errors():
            loc = [str(p) for p in e["loc"]]
            column = column_of(mapped, loc)
            if not loc and "end_year" in e["msg"]:
                column = "end_year"
            elif not loc and "source" in e["msg"]:
                column = "source_1_url"
            value = e.get("input") if loc else None
            problems.add(number, column, e["msg"].removeprefix("Value error, "), value)
        return None

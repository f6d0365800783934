"""Comparing two editions section by section, with a unified text diff per language (difflib)."""

from __future__ import annotations

import difflib
from typing import Any, Literal

from profiles_api.documents.schemas import FieldChange, SectionChange
from profiles_api.template import OUTLINE

DOCUMENT_FIELDS = ("title_en", "title_ru", "access", "endorsement", "endorsement_note")
SECTION_FIELDS = ("title_en", "title_ru", "body_en", "body_ru", "sources")
ORDER = {p.code: i for i, p in enumerate(OUTLINE)}
Change = Literal["added", "removed", "changed"]


def _text(section: dict[str, Any] | None, lang: str) -> list[str]:
    if section is None:
        return []
    return [f"# {section[f'title_{lang}']}", "", *section[f"body_{lang}"].splitlines()]


def _unified(
    old: dict[str, Any] | None, new: dict[str, Any] | None, lang: str, labels: tuple[str, str]
) -> str:
    lines = difflib.unified_diff(
        _text(old, lang), _text(new, lang), fromfile=labels[0], tofile=labels[1], lineterm=""
    )
    return "\n".join(lines)


def compare_sections(
    old: list[dict[str, Any]], new: list[dict[str, Any]], *, old_label: str, new_label: str
) -> list[SectionChange]:
    """Added, removed and changed sections in template order (unchanged ones left out)."""
    before = {s["part"]: s for s in old}
    after = {s["part"]: s for s in new}
    out = []
    for part in sorted(before.keys() | after.keys(), key=lambda p: ORDER.get(p, 99)):
        a, b = before.get(part), after.get(part)
        fields = [f for f in SECTION_FIELDS if (a or {}).get(f) != (b or {}).get(f)]
        if a is not None and b is not None and not fields:
            continue
        change: Change = "added" if a is None else "removed" if b is None else "changed"
        labels = (f"{old_label}/{part}", f"{new_label}/{part}")
        out.append(
            SectionChange(
                part=part,
                title_en=(b or a or {})["title_en"],
                change=change,
                fields=fields,
                diff_en=_unified(a, b, "en", labels),
                diff_ru=_unified(a, b, "ru", labels),
            )
        )
    return out


def compare_fields(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Document-level fields (titles, access, endorsement) that differ."""
    return [
        FieldChange(field=f, before=old.get(f), after=new.get(f))
        for f in DOCUMENT_FIELDS
        if old.get(f) != new.get(f)
    ]

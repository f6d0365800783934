"""Seed the demonstration profile documents (`seed_data/profile_documents.json`) as published
editions, through the same writes editors use (validation, versions, audit, editions).

Insert-only: a country that already has a profile document is left alone, so editors' changes
survive a re-seed. Each edition in the file lists the sections it adds or replaces; the first
is the whole document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import Action
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.documents import editing
from profiles_api.documents.repository import DocumentRepository
from profiles_api.documents.schemas import DocumentWrite, TransitionRequest

FILE = Path(__file__).resolve().parents[1] / "seed_data" / "profile_documents.json"


def load() -> list[dict[str, Any]]:
    """The documents in the seed file."""
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    return list(data["documents"])


def editions(spec: dict[str, Any]) -> list[tuple[DocumentWrite, str]]:
    """Each edition of a seeded document as the whole document to publish, with its comment."""
    sections: dict[str, dict[str, Any]] = {}
    out = []
    for edition in spec["editions"]:
        sections |= {s["part"]: s for s in edition["sections"]}
        body = DocumentWrite.model_validate(
            {
                **{k: spec[k] for k in ("title_en", "title_ru", "access", "endorsement")},
                "endorsement_note": spec["endorsement_note"],
                "sections": list(sections.values()),
                "comment": edition["comment"],
            }
        )
        out.append((body, edition["comment"]))
    return out


async def seed_profile_documents(session: AsyncSession, principal: Principal) -> dict[str, int]:
    """Create and publish the seeded documents of countries that have none yet."""
    repo = DocumentRepository(session)
    counts = {"profile_document_inserted": 0, "profile_edition_inserted": 0}
    for spec in load():
        if await repo.exists(spec["iso3"]):
            continue
        for number, (body, comment) in enumerate(editions(spec), start=1):
            first = number == 1
            await editing.put_document(
                session,
                principal,
                spec["iso3"],
                body,
                if_match=None if first else "*",
                if_none_match="*" if first else None,
            )
            await editing.transition(
                session,
                principal,
                spec["iso3"],
                TransitionRequest(action=Action.publish, comment=comment),
                if_match="*",
            )
            counts["profile_edition_inserted"] += 1
        counts["profile_document_inserted"] += 1
    return counts

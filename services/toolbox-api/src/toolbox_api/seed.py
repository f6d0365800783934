"""Load the shipped toolbox content (Action Plan themes, real initiatives with sources). Idempotent.

Summaries are ours (CC BY 4.0); facts and links are from the sources in `seed_data/SOURCES.md`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imap_kit.editorial import Access, Status
from imap_kit.seeding import upsert
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.db import HISTORY
from toolbox_api.initiatives.models import Initiative, InitiativeCountry, InitiativeTheme
from toolbox_api.initiatives.service import snapshot
from toolbox_api.themes.models import Theme

DATA = Path(__file__).parent / "seed_data"
LINKS = ("countries", "themes")


def _json(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def theme_rows() -> list[dict[str, Any]]:
    """The six thematic areas."""
    return _json("themes.json")


def initiative_rows() -> list[dict[str, Any]]:
    """Initiatives with their `countries` and `themes` lists."""
    return _json("initiatives.json")


async def _first_versions(session: AsyncSession, ids: list[int]) -> int:
    """Keep version 1 of every seeded initiative (once), so later edits can be diffed."""
    seeded = await session.scalars(select(Initiative).where(Initiative.id.in_(ids)))
    rows = [
        {
            "record_type": "initiative",
            "record_id": str(i.id),
            "version": 1,
            "status": i.status,
            "snapshot": snapshot(i),
            "author": "seed (i-Map team)",
            "comment": "Loaded from the shipped, sourced toolbox content.",
        }
        for i in seeded
        if i.row_version == 1
    ]
    counts = await upsert(
        session, HISTORY.version, rows, keys=["record_type", "record_id", "version"], update=False
    )
    return counts.inserted


async def seed(session: AsyncSession) -> dict[str, int]:
    """Upsert themes, initiatives and their links; returns inserted/updated counts."""
    themes = await upsert(session, Theme.__table__, theme_rows(), keys=["code"])  # type: ignore[arg-type]
    rows = initiative_rows()
    initiatives = await upsert(
        session,
        Initiative.__table__,  # type: ignore[arg-type]
        [
            {
                **{k: v for k, v in r.items() if k not in LINKS},
                "owner_country": r["countries"][0],
                "status": Status.published.value,
                "access": Access.public.value,
                "row_version": 1,
            }
            for r in rows
        ],
        keys=["slug"],
        update=False,  # seeded once; later edits belong to the editors
    )
    ids = dict((await session.execute(select(Initiative.slug, Initiative.id))).all())
    countries = await upsert(
        session,
        InitiativeCountry.__table__,  # type: ignore[arg-type]
        [
            {"initiative_id": ids[r["slug"]], "country_iso3": c}
            for r in rows
            for c in r["countries"]
        ],
        keys=["initiative_id", "country_iso3"],
    )
    links = await upsert(
        session,
        InitiativeTheme.__table__,  # type: ignore[arg-type]
        [{"initiative_id": ids[r["slug"]], "theme_code": t} for r in rows for t in r["themes"]],
        keys=["initiative_id", "theme_code"],
    )
    versions = await _first_versions(session, list(ids.values()))
    return {
        "initiative_version_inserted": versions,
        "theme_inserted": themes.inserted,
        "theme_updated": themes.updated,
        "initiative_inserted": initiatives.inserted,
        "initiative_updated": initiatives.updated,
        "initiative_country_inserted": countries.inserted,
        "initiative_theme_inserted": links.inserted,
    }

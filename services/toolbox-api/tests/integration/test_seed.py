"""The seed: idempotent, both shapes of initiatives.json, shipped updates only where no editor
has written, and shipped rows held to the editors' checks."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from imap_kit.auth import Principal
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from toolbox_api import seed
from toolbox_api.db import HISTORY
from toolbox_api.initiatives import editing
from toolbox_api.initiatives.models import Initiative

OLD: dict[str, Any] = {
    "slug": "seed-test-old-shape",
    "title_en": "Seed test",
    "title_ru": "Тест загрузки",
    "summary_en": "First shape.",
    "summary_ru": "Первая форма.",
    "kind": "bilateral",
    "countries": ["MDA", "ITA"],
    "themes": ["legal-migration"],
    "start_year": 2010,
    "end_year": 2013,
    "source_url": "https://example.org/old",
    "source_title": "Old source",
}
NEW: dict[str, Any] = {
    **{k: v for k, v in OLD.items() if k not in ("source_url", "source_title")},
    "title_en": "Seed test, new shape",
    "countries": [{"iso3": "MDA", "role": "partner"}, {"iso3": "ITA", "role": "implementer"}],
    "organisations": [{"name": "Seed Test Organisation", "role": "implementer"}],
    "sources": [{"title": "Old source", "url": "https://example.org/old"}],
    "budget": {"amount": 100000, "currency": "EUR"},
    "implementation_status": "completed",
    "corridors": [{"from": "MDA", "to": "ITA"}],
    "routes": [],
}


SHIPPED = seed.DATA


def _ship(folder: Path, initiatives: list[dict[str, Any]]) -> None:
    shutil.copy(SHIPPED / "themes.json", folder / "themes.json")
    (folder / "initiatives.json").write_text(json.dumps(initiatives), encoding="utf-8")


async def _versions(session: AsyncSession, initiative_id: int) -> list[tuple[int, str]]:
    t = HISTORY.version
    rows = await session.execute(
        select(t.c.version, t.c.author)
        .where(t.c.record_type == "initiative", t.c.record_id == str(initiative_id))
        .order_by(t.c.version)
    )
    return [(v, a) for v, a in rows.all()]


async def test_reseeding_changes_nothing(db_session: AsyncSession) -> None:
    assert set((await seed.seed(db_session)).values()) == {0}


async def test_shipped_updates_reach_records_no_editor_touched(
    db_session: AsyncSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seed, "DATA", tmp_path)
    _ship(tmp_path, [OLD])
    assert (await seed.seed(db_session))["initiative_inserted"] == 1
    record = await db_session.scalar(select(Initiative).where(Initiative.slug == OLD["slug"]))
    assert record is not None and record.status == "published"
    assert [(c.country_iso3, c.role) for c in record.countries] == [
        ("MDA", "partner"),
        ("ITA", "partner"),
    ]
    assert record.implementation_status == "completed"
    assert (await seed.seed(db_session))["initiative_inserted"] == 0

    _ship(tmp_path, [NEW])
    assert (await seed.seed(db_session))["initiative_updated"] == 1
    await db_session.refresh(record)
    assert record.title_en == NEW["title_en"] and record.row_version == 2
    assert [c.role for c in record.countries] == ["partner", "implementer"]
    assert await _versions(db_session, record.id) == [
        (1, seed.SEED_AUTHOR),
        (2, seed.SEED_AUTHOR),
    ]

    editor = Principal(kind="user", subject="user:7", roles=frozenset({"editor"}), name="Ed")
    edited = editing.InitiativeWrite.model_validate({**NEW, "title_en": "An editor's title"})
    await editing.apply_update(db_session, editor, record, edited)
    _ship(tmp_path, [{**NEW, "title_en": "Shipped again"}])
    assert (await seed.seed(db_session))["initiative_kept"] == 1
    await db_session.refresh(record)
    assert record.title_en == "An editor's title" and record.row_version == 3


async def test_a_shipped_row_failing_the_checks_stops_the_seed(
    db_session: AsyncSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seed, "DATA", tmp_path)
    _ship(tmp_path, [{**NEW, "slug": "seed-test-bad", "themes": ["no-such-theme"]}])
    with pytest.raises(seed.SeedDataError, match=r"seed-test-bad.*themes"):
        await seed.seed(db_session)

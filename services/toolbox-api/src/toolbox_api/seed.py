"""Load the shipped toolbox content: Action Plan themes, initiatives, practices and strategies.

Idempotent: the digest of each shipped row is kept (`seed_state`), so a second run changes nothing.
A record is created (published, public) the first time; when the shipped row changes later, the
record is updated only while every version of it was written by the seed, so editors' work is
never overwritten. Every row goes through the same checks as the editors' API, and every write
keeps a version (version 1 is the shipped content) and an audit entry.

`initiatives.json` is read in two shapes: the current one (countries with roles, `sources`, ...;
see the README) and the first one (`countries` as plain ISO3 codes, each then a partner; one
`source_url` with `source_title`; no implementation status, which is then `completed` when the
end year is past and `ongoing` otherwise).

Summaries are ours (CC BY 4.0); facts and links are from the sources in `seed_data/SOURCES.md`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import Status
from imap_kit.errors import DomainError
from imap_kit.history import actor
from imap_kit.seeding import upsert
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.models import SeedState
from toolbox_api.db import HISTORY
from toolbox_api.initiatives import editing as initiative_editing
from toolbox_api.initiatives.models import Initiative
from toolbox_api.initiatives.schemas import InitiativeWrite
from toolbox_api.practices import editing as practice_editing
from toolbox_api.practices.models import Practice
from toolbox_api.practices.schemas import PracticeWrite
from toolbox_api.strategies import editing as strategy_editing
from toolbox_api.strategies.models import Strategy
from toolbox_api.strategies.schemas import StrategyWrite
from toolbox_api.themes.models import Theme

DATA = Path(__file__).parent / "seed_data"
SEED = Principal(kind="user", subject="seed", roles=frozenset({"editor"}), name="i-Map team")
SEED_AUTHOR = actor(SEED)
CREATED = "Loaded from the shipped, sourced toolbox content."
UPDATED = "The shipped content changed."


class SeedDataError(RuntimeError):
    """A shipped row fails the checks every write goes through."""


def _json(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return rows


def theme_rows() -> list[dict[str, Any]]:
    """The six thematic areas."""
    return _json("themes.json")


def initiative_rows() -> list[dict[str, Any]]:
    """Initiatives as shipped (either shape)."""
    return _json("initiatives.json")


def practice_rows() -> list[dict[str, Any]]:
    """Practices as shipped (none until `practices.json` exists)."""
    return _json("practices.json")


def strategy_rows() -> list[dict[str, Any]]:
    """Strategies as shipped (none until `strategies.json` exists)."""
    return _json("strategies.json")


def country_codes(row: dict[str, Any]) -> list[str]:
    """ISO3 codes of an initiative row, whichever shape it has."""
    return [c if isinstance(c, str) else c["iso3"] for c in row.get("countries", [])]


def initiative_write(row: dict[str, Any]) -> InitiativeWrite:
    """A shipped initiative as the editors' API would receive it."""
    body = dict(row)
    if "implementation_status" not in body:
        past = body.get("end_year") and body["end_year"] < date.today().year
        body["implementation_status"] = "completed" if past else "ongoing"
    return InitiativeWrite.model_validate(body)


def practice_write(row: dict[str, Any]) -> PracticeWrite:
    """A shipped practice as the editors' API would receive it."""
    return PracticeWrite.model_validate(row)


def strategy_write(row: dict[str, Any]) -> StrategyWrite:
    """A shipped strategy as the editors' API would receive it."""
    return StrategyWrite.model_validate(row)


def _digest(row: dict[str, Any]) -> str:
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def _seed_owned(session: AsyncSession, record_type: str, record_id: str) -> bool:
    """True while every kept version of the record was written by the seed."""
    t = HISTORY.version
    other = await session.scalar(
        select(t.c.id)
        .where(t.c.record_type == record_type, t.c.record_id == record_id)
        .where(t.c.author != SEED_AUTHOR)
        .limit(1)
    )
    return other is None


Loader = Callable[[AsyncSession, Any], Awaitable[Any]]


def _record_id(record: Any) -> str:
    """How the history names a record: strategies by country, the others by id."""
    return str(record.country_iso3 if isinstance(record, Strategy) else record.id)


async def _load(
    session: AsyncSession,
    record_type: str,
    rows: list[dict[str, Any]],
    *,
    key: Callable[[dict[str, Any]], str],
    parse: Callable[[dict[str, Any]], BaseModel],
    find: Callable[[AsyncSession, str], Awaitable[Any]],
    create: Loader,
    update: Callable[[AsyncSession, Any, Any], Awaitable[Any]],
) -> dict[str, int]:
    found = await session.execute(
        select(SeedState.key, SeedState.digest).where(SeedState.record_type == record_type)
    )
    state = {name: digest for name, digest in found.all()}
    counts = {"inserted": 0, "updated": 0, "kept": 0}
    for row in rows:
        name, digest = key(row), _digest(row)
        if state.get(name) == digest:
            continue
        try:
            data = parse(row)
            existing = await find(session, name)
            if existing is None:
                await create(session, data)
                counts["inserted"] += 1
            elif await _seed_owned(session, record_type, _record_id(existing)):
                await update(session, existing, data)
                counts["updated"] += 1
            else:
                counts["kept"] += 1  # an editor changed it: theirs stays
        except (ValidationError, DomainError) as err:
            raise SeedDataError(f"{record_type} {name}: {err}") from err
        await session.execute(
            insert(SeedState)
            .values(record_type=record_type, key=name, digest=digest)
            .on_conflict_do_update(index_elements=["record_type", "key"], set_={"digest": digest})
        )
    return counts


async def _by_slug(session: AsyncSession, model: Any, slug: str) -> Any:
    return await session.scalar(select(model).where(model.slug == slug).with_for_update())


async def seed(session: AsyncSession) -> dict[str, int]:
    """Load themes, initiatives, practices and strategies; returns what changed."""
    themes = await upsert(session, Theme.__table__, theme_rows(), keys=["code"])  # type: ignore[arg-type]
    out = {"theme_inserted": themes.inserted, "theme_updated": themes.updated}

    async def find_strategy(s: AsyncSession, iso3: str) -> Strategy | None:
        return await s.scalar(
            select(Strategy).where(Strategy.country_iso3 == iso3).with_for_update()
        )

    loaders = (
        (
            "initiative",
            initiative_rows(),
            lambda r: r["slug"],
            initiative_write,
            lambda s, k: _by_slug(s, Initiative, k),
            lambda s, d: initiative_editing.create_initiative(
                s, SEED, d, status=Status.published, comment=CREATED
            ),
            lambda s, rec, d: initiative_editing.apply_update(s, SEED, rec, d, comment=UPDATED),
        ),
        (
            "practice",
            practice_rows(),
            lambda r: r["slug"],
            practice_write,
            lambda s, k: _by_slug(s, Practice, k),
            lambda s, d: practice_editing.create_practice(
                s, SEED, d, status=Status.published, comment=CREATED
            ),
            lambda s, rec, d: practice_editing.apply_update(s, SEED, rec, d, comment=UPDATED),
        ),
        (
            "strategy",
            strategy_rows(),
            lambda r: r["country"].upper(),
            strategy_write,
            find_strategy,
            lambda s, d: strategy_editing.create_strategy(
                s, SEED, d, status=Status.published, comment=CREATED
            ),
            lambda s, rec, d: strategy_editing.apply_update(s, SEED, rec, d, comment=UPDATED),
        ),
    )
    for record_type, rows, key, parse, find, create, update in loaders:
        counts = await _load(
            session,
            record_type,
            rows,
            key=key,
            parse=parse,
            find=find,
            create=create,
            update=update,
        )
        out |= {f"{record_type}_{what}": n for what, n in counts.items()}
    return out

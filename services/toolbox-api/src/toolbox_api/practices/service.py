"""Practice reads: what the caller may see, as list items, details, snapshots and CSV rows."""

from __future__ import annotations

from imap_kit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.schemas import Reference, corridor
from toolbox_api.common.text import rendered
from toolbox_api.common.workflow import can_see
from toolbox_api.practices.exceptions import PracticeNotFound
from toolbox_api.practices.models import Practice
from toolbox_api.practices.repository import PracticeRepository
from toolbox_api.practices.schemas import (
    EVIDENCE_RANK,
    MARKDOWN_FIELDS,
    PracticeDetail,
    PracticeRead,
    PracticeRow,
)

PLAIN = (
    "id",
    "slug",
    "title_en",
    "title_ru",
    "what_en",
    "what_ru",
    "conditions_en",
    "conditions_ru",
    "evidence",
    "evidence_note_en",
    "evidence_note_ru",
    "transferability_en",
    "transferability_ru",
    "sources",
    "owner_country",
    "access",
    "status",
    "updated_at",
)
SNAPSHOT_EXCLUDE = {"id", "version", "updated_at", "evidence_rank"}


def to_read(practice: Practice, principal: Principal) -> PracticeRead:
    """The practice with its links; linked initiatives only where the caller may see them."""
    return PracticeRead(
        **{name: getattr(practice, name) for name in PLAIN},
        evidence_rank=EVIDENCE_RANK[practice.evidence],
        initiatives=[
            Reference(
                id=link.initiative.id,
                slug=link.initiative.slug,
                title_en=link.initiative.title_en,
                title_ru=link.initiative.title_ru,
            )
            for link in practice.initiatives
            if can_see(
                principal,
                status=link.initiative.status,
                access=link.initiative.access,
                country=link.initiative.owner_country,
            )
        ],
        countries=[c.country_iso3 for c in practice.countries],
        themes=[t.theme_code for t in practice.themes],
        corridors=[corridor(c.origin_iso3, c.destination_iso3) for c in practice.corridors],
        routes=[r.route_slug for r in practice.routes],
        version=practice.row_version,
    )


def to_detail(practice: Practice, principal: Principal) -> PracticeDetail:
    """The full record with its Markdown rendered as safe HTML."""
    read = to_read(practice, principal)
    return PracticeDetail(
        **dict(read), html=rendered({name: getattr(read, name) for name in MARKDOWN_FIELDS})
    )


def snapshot(practice: Practice) -> dict[str, object]:
    """The record as versions and the audit log keep it (every linked initiative, by slug)."""
    read = to_read(practice, SEES_ALL)
    out = read.model_dump(mode="json", by_alias=True, exclude=SNAPSHOT_EXCLUDE)
    out["initiatives"] = [i.slug for i in read.initiatives]
    return out


def to_row(item: PracticeRead) -> PracticeRow:
    """One flat CSV/XLSX row."""
    return PracticeRow(
        **item.model_dump(
            include={
                "id",
                "slug",
                "title_en",
                "title_ru",
                "evidence",
                "what_en",
                "what_ru",
                "owner_country",
                "access",
                "status",
                "version",
            }
        ),
        initiatives=";".join(i.slug for i in item.initiatives),
        countries=";".join(item.countries),
        themes=";".join(item.themes),
        corridors=";".join(f"{c.origin}>{c.destination}" for c in item.corridors),
        routes=";".join(item.routes),
        source_url=item.sources[0].url if item.sources else "",
    )


async def get_practice(session: AsyncSession, principal: Principal, practice_id: int) -> Practice:
    """One practice the caller may see, or PracticeNotFound (also when it is hidden)."""
    practice = await PracticeRepository(session).get(practice_id, principal)
    if practice is None:
        raise PracticeNotFound(practice_id)
    return practice


async def ensure_visible(session: AsyncSession, principal: Principal, practice_id: int) -> None:
    """404 unless the caller may see the practice (for its history routes)."""
    await get_practice(session, principal, practice_id)


async def list_practices(
    session: AsyncSession,
    principal: Principal,
    *,
    countries: list[str],
    themes: list[str],
    evidence: list[str],
    initiative_id: int | None,
    routes: list[str],
    limit: int,
    offset: int,
) -> tuple[list[PracticeRead], int]:
    """Practices the caller may see, strongest evidence first."""
    rows, total = await PracticeRepository(session).find(
        principal,
        countries=[c.upper() for c in countries],
        themes=themes,
        evidence=evidence,
        initiative_id=initiative_id,
        routes=routes,
        limit=limit,
        offset=offset,
    )
    return [to_read(r, principal) for r in rows], total


# Snapshots keep every link, whoever triggers the write.
SEES_ALL = Principal(kind="user", subject="history", roles=frozenset({"editor"}))

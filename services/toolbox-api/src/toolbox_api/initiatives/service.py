"""Initiative reads: what the caller may see, as list items, details, snapshots and CSV rows."""

from __future__ import annotations

from imap_kit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.schemas import Reference, corridor
from toolbox_api.common.text import rendered
from toolbox_api.common.workflow import can_see
from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.models import Initiative
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.initiatives.schemas import (
    MARKDOWN_FIELDS,
    BudgetRead,
    CountryRead,
    InitiativeDetail,
    InitiativeRead,
    InitiativeRow,
    OrganisationRead,
)

SNAPSHOT_EXCLUDE = {"id", "version", "updated_at", "source_url", "source_title"}
PLAIN = (
    "id",
    "slug",
    "title_en",
    "title_ru",
    "summary_en",
    "summary_ru",
    "description_en",
    "description_ru",
    "kind",
    "start_year",
    "end_year",
    "implementation_status",
    "outcomes_en",
    "outcomes_ru",
    "sources",
    "owner_country",
    "access",
    "status",
    "updated_at",
)


def to_read(initiative: Initiative) -> InitiativeRead:
    """The initiative with its links, as lists and details show it."""
    budget = None
    if initiative.budget_amount is not None and initiative.budget_currency:
        budget = BudgetRead(
            amount=float(initiative.budget_amount), currency=initiative.budget_currency
        )
    primary = initiative.sources[0] if initiative.sources else {"url": "", "title": ""}
    return InitiativeRead(
        **{name: getattr(initiative, name) for name in PLAIN},
        countries=[CountryRead(iso3=c.country_iso3, role=c.role) for c in initiative.countries],  # type: ignore[arg-type]
        organisations=[
            OrganisationRead(name=o.organisation.name, role=o.role)  # type: ignore[arg-type]
            for o in initiative.organisations
        ],
        themes=[t.theme_code for t in initiative.themes],
        budget=budget,
        source_url=primary["url"],
        source_title=primary["title"],
        corridors=[corridor(c.origin_iso3, c.destination_iso3) for c in initiative.corridors],
        routes=[r.route_slug for r in initiative.routes],
        version=initiative.row_version,
    )


def reference(initiative: Initiative) -> Reference:
    """The initiative named, for records linking to it."""
    return Reference(
        id=initiative.id,
        slug=initiative.slug,
        title_en=initiative.title_en,
        title_ru=initiative.title_ru,
    )


def snapshot(initiative: Initiative) -> dict[str, object]:
    """The record as versions and the audit log keep it."""
    return to_read(initiative).model_dump(mode="json", by_alias=True, exclude=SNAPSHOT_EXCLUDE)


def to_row(item: InitiativeRead) -> InitiativeRow:
    """One flat CSV/XLSX row."""

    def states(role: str) -> str:
        return ";".join(c.iso3 for c in item.countries if c.role == role)

    return InitiativeRow(
        **item.model_dump(
            include={
                "id",
                "slug",
                "title_en",
                "title_ru",
                "kind",
                "start_year",
                "end_year",
                "implementation_status",
                "source_url",
                "source_title",
                "summary_en",
                "summary_ru",
                "owner_country",
                "access",
                "status",
                "version",
            }
        ),
        partner_countries=states("partner"),
        implementer_countries=states("implementer"),
        organisations=";".join(f"{o.name} ({o.role})" for o in item.organisations),
        themes=";".join(item.themes),
        budget_amount=item.budget.amount if item.budget else None,
        budget_currency=item.budget.currency if item.budget else None,
        corridors=";".join(f"{c.origin}>{c.destination}" for c in item.corridors),
        routes=";".join(item.routes),
    )


async def get_initiative(
    session: AsyncSession, principal: Principal, initiative_id: int
) -> Initiative:
    """One initiative the caller may see, or InitiativeNotFound (also when it is hidden)."""
    initiative = await InitiativeRepository(session).get(initiative_id, principal)
    if initiative is None:
        raise InitiativeNotFound(initiative_id)
    return initiative


async def to_detail(
    session: AsyncSession, principal: Principal, initiative: Initiative
) -> InitiativeDetail:
    """The full record: its practices (those the caller may see) and its Markdown as HTML."""
    practices = await InitiativeRepository(session).practices_of(initiative.id)
    read = to_read(initiative)
    return InitiativeDetail(
        **dict(read),
        practices=[
            Reference(id=p.id, slug=p.slug, title_en=p.title_en, title_ru=p.title_ru)
            for p in practices
            if can_see(principal, status=p.status, access=p.access, country=p.owner_country)
        ],
        html=rendered({name: getattr(read, name) for name in MARKDOWN_FIELDS}),
    )


async def ensure_visible(session: AsyncSession, principal: Principal, initiative_id: int) -> None:
    """404 unless the caller may see the initiative (for its history routes)."""
    await get_initiative(session, principal, initiative_id)


async def list_initiatives(
    session: AsyncSession,
    principal: Principal,
    *,
    countries: list[str],
    role: str | None = None,
    themes: list[str],
    kinds: list[str],
    implementation: list[str] | None = None,
    routes: list[str] | None = None,
    limit: int,
    offset: int,
) -> tuple[list[InitiativeRead], int]:
    """Initiatives the caller may see touching any of the countries and themes, newest first."""
    rows, total = await InitiativeRepository(session).find(
        principal,
        countries=[c.upper() for c in countries],
        role=role,
        themes=themes,
        kinds=kinds,
        implementation=implementation,
        routes=routes,
        limit=limit,
        offset=offset,
    )
    return [to_read(r) for r in rows], total

"""Initiative reads: what the caller may see."""

from imap_kit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.models import Initiative
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.initiatives.schemas import InitiativeRead

SNAPSHOT_EXCLUDE = {"id", "version", "updated_at"}


def to_read(initiative: Initiative) -> InitiativeRead:
    """Flatten an initiative with its country and theme codes."""
    fields = set(InitiativeRead.model_fields) - {"countries", "themes", "version"}
    return InitiativeRead(
        **{name: getattr(initiative, name) for name in fields},
        countries=[c.country_iso3 for c in initiative.countries],
        themes=[t.theme_code for t in initiative.themes],
        version=initiative.row_version,
    )


def snapshot(initiative: Initiative) -> dict[str, object]:
    """The record as versions and the audit log keep it."""
    return to_read(initiative).model_dump(mode="json", exclude=SNAPSHOT_EXCLUDE)


async def get_initiative(
    session: AsyncSession, principal: Principal, initiative_id: int
) -> Initiative:
    """One initiative the caller may see, or InitiativeNotFound (also when it is hidden)."""
    initiative = await InitiativeRepository(session).get(initiative_id, principal)
    if initiative is None:
        raise InitiativeNotFound(initiative_id)
    return initiative


async def ensure_visible(session: AsyncSession, principal: Principal, initiative_id: int) -> None:
    """404 unless the caller may see the initiative (for its history routes)."""
    await get_initiative(session, principal, initiative_id)


async def list_initiatives(
    session: AsyncSession,
    principal: Principal,
    *,
    countries: list[str],
    themes: list[str],
    kinds: list[str],
    limit: int,
    offset: int,
) -> tuple[list[InitiativeRead], int]:
    """Initiatives the caller may see touching any of the countries and themes, newest first."""
    rows, total = await InitiativeRepository(session).find(
        principal,
        countries=[c.upper() for c in countries],
        themes=themes,
        kinds=kinds,
        limit=limit,
        offset=offset,
    )
    return [to_read(r) for r in rows], total

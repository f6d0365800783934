"""Initiative rules."""

from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.initiatives.exceptions import InitiativeNotFound
from toolbox_api.initiatives.models import Initiative
from toolbox_api.initiatives.repository import InitiativeRepository
from toolbox_api.initiatives.schemas import InitiativeRead


def to_read(initiative: Initiative) -> InitiativeRead:
    """Flatten an initiative with its country and theme codes."""
    return InitiativeRead(
        **{
            name: getattr(initiative, name)
            for name in InitiativeRead.model_fields
            if name not in ("countries", "themes")
        },
        countries=[c.country_iso3 for c in initiative.countries],
        themes=[t.theme_code for t in initiative.themes],
    )


async def get_initiative(session: AsyncSession, initiative_id: int) -> InitiativeRead:
    """One initiative, or InitiativeNotFound."""
    initiative = await InitiativeRepository(session).get(initiative_id)
    if initiative is None:
        raise InitiativeNotFound(initiative_id)
    return to_read(initiative)


async def list_initiatives(
    session: AsyncSession,
    *,
    countries: list[str],
    themes: list[str],
    kinds: list[str],
    limit: int,
    offset: int,
) -> tuple[list[InitiativeRead], int]:
    """Initiatives touching any of the countries and any of the themes, newest first."""
    rows, total = await InitiativeRepository(session).find(
        countries=[c.upper() for c in countries],
        themes=themes,
        kinds=kinds,
        limit=limit,
        offset=offset,
    )
    return [to_read(r) for r in rows], total

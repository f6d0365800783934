"""Transfer recommendations: practices that worked elsewhere, ranked for a country (see
`scoring` for the score), each with its reasons in English and Russian."""

from __future__ import annotations

from imap_kit.auth import Principal
from imap_kit.errors import FieldError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.codes import country_error, raise_if
from toolbox_api.recommendations import reasons, scoring
from toolbox_api.recommendations.profile_data import Profiles, ask_profiles
from toolbox_api.recommendations.repository import Candidate, RecommendationRepository
from toolbox_api.recommendations.schemas import RecommendationList, Suggestion, Target
from toolbox_api.search.profiles import Group, ProfilesClient
from toolbox_api.themes.models import Theme


async def _target(
    session: AsyncSession,
    repo: RecommendationRepository,
    principal: Principal,
    *,
    country: str | None,
    theme: str | None,
    objective: str | None,
) -> tuple[str, str, str, str, str | None, int | None]:
    """(country, theme, text_en, text_ru, objective code, objective id), or 422 naming the field."""
    errors: list[FieldError] = []
    if theme and objective:
        errors.append(FieldError(field="query.objective", reason="give theme or objective"))
    if not theme and not objective:
        errors.append(FieldError(field="query.theme", reason="give theme or objective"))
    if country and (err := country_error(country, "query.country")):
        errors.append(err)
    if theme and not await session.scalar(select(Theme.code).where(Theme.code == theme)):
        errors.append(FieldError(field="query.theme", reason="unknown theme", value=theme))
    raise_if(errors)
    if objective:
        found = await repo.objective(principal, objective)
        if found is None:
            raise_if([FieldError(field="query.objective", reason="unknown", value=objective)])
        assert found is not None
        obj, owner = found
        if country and country != owner:
            reason = f"objective {objective} is {owner}'s"
            raise_if([FieldError(field="query.country", reason=reason, value=country)])
        return owner, obj.theme_code, obj.text_en, obj.text_ru, obj.code, obj.id
    if not country:
        raise_if([FieldError(field="query.country", reason="required with theme")])
    row = await session.scalar(select(Theme).where(Theme.code == theme))
    assert row is not None and country is not None
    text_en = f"{row.name_en}. {row.description_en}"
    text_ru = f"{row.name_ru}. {row.description_ru}"
    return country, row.code, text_en, text_ru, None, None


def _group_of(profiles: Profiles, country: str) -> Group | None:
    return next((g for g in profiles.groups.values() if country in g.members), None)


async def recommend(
    session: AsyncSession,
    principal: Principal,
    client: ProfilesClient,
    *,
    country: str | None,
    theme: str | None,
    objective: str | None,
    limit: int,
) -> RecommendationList:
    """The practices that worked elsewhere, best first, each with its reasons."""
    repo = RecommendationRepository(session)
    country, theme, text_en, text_ru, code, objective_id = await _target(
        session, repo, principal, country=country, theme=theme, objective=objective
    )
    candidates = await repo.candidates(
        principal, country=country, theme=theme, text_en=text_en, text_ru=text_ru
    )
    corridors = await repo.practice_corridors([c.id for c in candidates])
    role = scoring.corridor_role(country, await repo.corridors_of(country))
    named = await repo.named_by(objective_id) if objective_id else {}
    profiles = await ask_profiles(client)
    group = _group_of(profiles, country)
    best_overlap = max((c.overlap for c in candidates), default=0.0) or 1.0
    context = reasons.Context(country, role, group, profiles, best_overlap)
    items = [_suggest(context, c, corridors.get(c.id, []), named.get(c.id, [])) for c in candidates]
    items.sort(key=lambda s: (-s.score, s.slug))
    notes = []
    if profiles.problem:
        notes.append(
            "profiles-api could not be asked, so country groups and profile indicators are left "
            f"out of the scores ({profiles.problem})."
        )
    return RecommendationList(
        target=Target(
            country=country,
            name_en=profiles.name(country, "en"),
            name_ru=profiles.name(country, "ru"),
            theme=theme,
            objective=code,
            text_en=text_en,
            text_ru=text_ru,
            group=group.name if group else None,
            corridor_role=role,
        ),
        items=items[:limit],
        total=len(items),
        weights=scoring.WEIGHTS,
        degraded=profiles.problem is not None,
        notes=notes,
    )


def _suggest(
    context: reasons.Context, c: Candidate, corridors: list[tuple[str, str]], named: list[str]
) -> Suggestion:
    explained = reasons.explain(context, c, corridors)
    components = {r.component: r.score for r in explained}
    return Suggestion(
        practice_id=c.id,
        slug=c.slug,
        href=f"/v1/practices/{c.id}",
        title_en=c.title_en,
        title_ru=c.title_ru,
        evidence=c.evidence,
        applied_in=c.countries,
        score=round(scoring.combine(components), 4),
        components={k: None if v is None else round(v, 4) for k, v in components.items()},
        reasons=explained,
        named_by=named,
    )

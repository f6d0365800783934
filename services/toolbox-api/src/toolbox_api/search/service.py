"""Search rules: checking the query, country groups from profiles-api, hits and facets."""

from __future__ import annotations

import html
import re
from typing import Any

from imap_kit.auth import Principal
from imap_kit.errors import FieldError, ServiceUnavailable
from imap_kit.pagination import PageParams
from imap_kit.peers import PeerRejected, PeerUnavailable
from sqlalchemy.ext.asyncio import AsyncSession

from toolbox_api.common.codes import country_errors, raise_if, theme_errors
from toolbox_api.search.profiles import Group, ProfilesClient
from toolbox_api.search.repository import START, STOP, SearchRepository, filters
from toolbox_api.search.schemas import FACETS, FacetValue, SearchHit, SearchPage, SearchQuery

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def snippet_html(text: str) -> str:
    """Escape the passage, then turn the highlight markers into `<mark>` tags."""
    return html.escape(text, quote=True).replace(START, "<mark>").replace(STOP, "</mark>")


def languages(query: SearchQuery) -> list[str]:
    """The texts searched: `lang` (both for `both`), else the query's script: Russian for a
    query in Cyrillic, English otherwise (every record has both)."""
    if query.lang == "both":
        return ["en", "ru"]
    if query.lang:
        return [query.lang]
    return ["ru"] if query.q and CYRILLIC.search(query.q) else ["en"]


def snippet_language(query: SearchQuery) -> str:
    """`lang`, else Russian for a query in Cyrillic, else English."""
    if query.lang in ("en", "ru"):
        return query.lang
    return "ru" if query.q and CYRILLIC.search(query.q) else "en"


async def _check(session: AsyncSession, repo: SearchRepository, query: SearchQuery) -> list[str]:
    """422 naming each bad parameter; the organisations' names as stored."""
    errors: list[FieldError] = []
    if query.q is not None and not query.q.strip():
        errors.append(FieldError(field="query.q", reason="must not be blank", value=query.q))
    if query.year_from and query.year_to and query.year_to < query.year_from:
        errors.append(
            FieldError(field="query.year_to", reason="before year_from", value=query.year_to)
        )
    if query.role and not query.countries:
        errors.append(FieldError(field="query.role", reason="needs country", value=query.role))
    errors += country_errors(query.countries, "query.country")
    errors += await theme_errors(session, query.themes, "query.theme")
    names = await repo.organisation_names(query.organisations) if query.organisations else {}
    errors += [
        FieldError(field=f"query.organisation.{i}", reason="unknown organisation", value=n)
        for i, n in enumerate(query.organisations)
        if n.lower() not in names
    ]
    raise_if(errors)
    return [names[n.lower()] for n in query.organisations]


async def _groups(
    profiles: ProfilesClient, query: SearchQuery, notes: list[str], *, needed: bool
) -> dict[str, Group] | None:
    """The Prague Process groups, or None (with a note) when profiles-api cannot say."""
    if not (query.groups or needed):
        return None
    try:
        groups = {g.name: g for g in await profiles.groups()}
    except (PeerUnavailable, PeerRejected) as exc:
        if query.groups:
            raise ServiceUnavailable(
                f"The group filter needs profiles-api's country groups: {exc}"
            ) from None
        notes.append(f"No group facet: profiles-api's country groups are unavailable ({exc}).")
        return None
    raise_if(
        [
            FieldError(
                field=f"query.group.{i}",
                reason=f"unknown group; use one of {', '.join(sorted(groups))}",
                value=name,
            )
            for i, name in enumerate(query.groups)
            if name not in groups
        ]
    )
    return groups


def _hit(row: dict[str, Any], snippet_lang: str) -> SearchHit:
    score = row["score"]
    return SearchHit(
        type=row["record_type"],
        id=row["record_id"],
        slug=row["slug"],
        href=f"/v1/{row['record_type']}s/{row['record_id']}",
        title_en=row["title_en"],
        title_ru=row["title_ru"],
        snippet=snippet_html(row["snippet"] or ""),
        snippet_lang=snippet_lang,  # type: ignore[arg-type]
        score=round(float(score), 4) if score is not None else None,
        kind=row["kind"],
        implementation_status=row["implementation_status"],
        evidence=row["evidence"],
        start_year=row["start_year"],
        end_year=row["end_year"],
        countries=list(row["countries"]),
        themes=list(row["themes"]),
        organisations=sorted(row["organisations"]),
    )


def _facet_values(
    query: SearchQuery,
    counts: dict[str, list[tuple[str, int]]],
    groups: dict[str, Group] | None,
    themes: dict[str, tuple[str, str]],
) -> dict[str, list[FacetValue]]:
    chosen = {
        "type": query.types,
        "country": query.countries,
        "group": query.groups,
        "theme": query.themes,
        "kind": query.kinds,
        "organisation": query.organisations,
        "evidence": query.evidence,
        "implementation_status": query.implementation,
    }
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        if facet == "group" and groups is None:
            continue
        values = sorted(counts.get(facet, []), key=lambda vc: (-vc[1], vc[0]))
        if facet == "period":
            values.sort()
        if facet == "organisation":
            values = values[:50]
        out[facet] = []
        for value, count in values:
            names: dict[str, str | None] = {}
            if facet == "theme" and value in themes:
                names = {"name_en": themes[value][0], "name_ru": themes[value][1]}
            elif facet == "group" and groups and value in groups:
                names = {"name_en": value, "name_ru": groups[value].name_ru}
            selected = value in chosen.get(facet, [])
            out[facet].append(FacetValue(value=value, count=count, selected=selected, **names))
    return out


async def search(
    session: AsyncSession,
    principal: Principal,
    profiles: ProfilesClient,
    query: SearchQuery,
    *,
    page: PageParams,
    want_facets: bool,
) -> SearchPage:
    """One page of initiatives and practices matching `query`, with facets when asked."""
    repo = SearchRepository(session)
    organisations = await _check(session, repo, query)
    query = SearchQuery(**{**query.__dict__, "organisations": organisations})
    notes: list[str] = []
    groups = await _groups(profiles, query, notes, needed=want_facets)
    members = (
        sorted({c for name in query.groups for c in groups[name].members})
        if groups and query.groups
        else None
    )
    conditions = filters(query, members)
    await repo.prepare()
    lang = snippet_language(query)
    by_name = {name: g.members for name, g in (groups or {}).items()}
    rows, total, counts = await repo.run(
        principal,
        query,
        conditions,
        langs=languages(query),
        snippet_lang=lang,
        groups=by_name or None,
        want_facets=want_facets,
    )
    facets = None
    if counts is not None:
        facets = _facet_values(query, counts, groups, repo.theme_names)
    return SearchPage(
        items=[_hit(r, lang) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
        links=page.links(total),
        facets=facets,
        degraded=bool(notes),
        notes=notes,
    )

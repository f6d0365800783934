"""The search's SQL: text matching, filters, the page with snippets, and facet counts.

Everything reads `toolbox.search_document` (one row per record, kept by triggers), with bound
parameters only: the user's text reaches PostgreSQL solely as an argument of
`websearch_to_tsquery` (which never fails on syntax characters) and of the trigram operators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
    union_all,
    values,
)
from sqlalchemy import column as sql_column
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Float, String

from toolbox_api.search.models import SearchDocument
from toolbox_api.search.schemas import SearchQuery

D = SearchDocument.__table__
CONFIG = {"en": "english", "ru": "russian"}
WORD = re.compile(r"\w+")
MAX_WORDS = 16
# Search syntax: a quoted phrase, a word excluded with a leading `-`, or `or` between words.
SYNTAX = re.compile(r"\"|(?:^|\s)-\w|\s+or\s+", re.IGNORECASE)
# Lower than pg_trgm's default (0.6) so one typo in a short name still matches ("Moldva").
TRIGRAM_THRESHOLD = 0.5
START, STOP = "\x01", "\x02"  # snippet highlight markers, replaced by <mark> after escaping
HEADLINE = (
    f'StartSel="{START}", StopSel="{STOP}", MaxFragments=2, MaxWords=28, MinWords=10, '
    'FragmentDelimiter=" … "'
)
PLAIN_SNIPPET = 240  # characters of the body shown without a text query


def config(lang: str) -> ColumnElement[Any]:
    return literal_column(f"'{CONFIG[lang]}'::regconfig")  # a constant, never user input


@dataclass(frozen=True)
class TextMatch:
    """The tsqueries of one language: all words (`strict`) and any word (`loose`)."""

    lang: str
    strict: ColumnElement[Any]
    loose: ColumnElement[Any]

    @property
    def vector(self) -> Any:
        return D.c.search_en if self.lang == "en" else D.c.search_ru

    @property
    def title(self) -> Any:
        return D.c.title_en if self.lang == "en" else D.c.title_ru


def text_matches(q: str, lang: str | None) -> list[TextMatch]:
    """The tsqueries of `q` per language searched (one with `lang`, else English and Russian).

    Plain words match any of them (records with all of them rank first); quotes, `-word` or `or`
    make `q` a web-search query taken as written.
    """
    out = []
    for code in [lang] if lang else ["en", "ru"]:
        strict: ColumnElement[Any] = func.websearch_to_tsquery(config(code), q, type_=TSQUERY)
        loose: ColumnElement[Any]
        words = WORD.findall(q)[:MAX_WORDS]
        if SYNTAX.search(q) or len(words) < 2:
            loose = strict
        else:
            parts: list[ColumnElement[Any]] = [
                func.websearch_to_tsquery(config(code), w, type_=TSQUERY) for w in words
            ]
            loose = reduce(lambda a, b: a.op("||", return_type=TSQUERY)(b), parts)
        out.append(TextMatch(code, strict, loose))
    return out


def _matches(q: str, matches: list[TextMatch]) -> ColumnElement[bool]:
    """Full text in any searched language, or a title close to `q` (trigram word similarity;
    not for a query written in search syntax, which is taken as written)."""
    conditions: list[ColumnElement[bool]] = []
    for m in matches:
        conditions.append(m.vector.op("@@")(m.loose))
        if not SYNTAX.search(q):
            conditions.append(m.title.op("%>")(q))
    return or_(*conditions)


def _score(q: str, matches: list[TextMatch]) -> ColumnElement[float]:
    """ts_rank normalised to 0..1, +0.3 when every word matched, +0.5 x title similarity."""
    ranks = [func.ts_rank(m.vector, m.loose, 32) for m in matches]
    strict = [m.vector.op("@@")(m.strict) for m in matches]
    similarity = [func.word_similarity(q, m.title) for m in matches]
    rank = func.greatest(*ranks) if len(ranks) > 1 else ranks[0]
    sim = func.greatest(*similarity) if len(similarity) > 1 else similarity[0]
    return cast(rank + case((or_(*strict), 0.3), else_=0.0) + 0.5 * sim, Float)


def _overlap(col: Any, codes: list[str]) -> ColumnElement[bool]:
    return col.op("&&")(cast(codes, ARRAY(String)))


def _country_column(role: str | None) -> Any:
    return {"implementer": D.c.implementers, "partner": D.c.partners}.get(role or "", D.c.countries)


def filters(query: SearchQuery, group_members: list[str] | None) -> dict[str, ColumnElement[bool]]:
    """Each filter's condition (only the filters given), by facet name."""
    out: dict[str, ColumnElement[bool]] = {}
    if query.types:
        out["type"] = D.c.record_type.in_(query.types)
    if query.countries:
        out["country"] = _overlap(_country_column(query.role), query.countries)
    if group_members is not None:
        out["group"] = _overlap(D.c.countries, group_members) if group_members else false()
    if query.themes:
        out["theme"] = _overlap(D.c.themes, query.themes)
    if query.kinds:
        out["kind"] = D.c.kind.in_(query.kinds)
    if query.organisations:
        out["organisation"] = _overlap(D.c.organisations, query.organisations)
    if query.evidence:
        out["evidence"] = D.c.evidence.in_(query.evidence)
    if query.implementation:
        out["implementation_status"] = D.c.implementation_status.in_(query.implementation)
    if query.year_from is not None or query.year_to is not None:
        start = func.coalesce(D.c.start_year, D.c.end_year)
        end = func.coalesce(D.c.end_year, 9999)
        out["period"] = and_(
            start.is_not(None),
            start <= (query.year_to if query.year_to is not None else 9999),
            end >= (query.year_from if query.year_from is not None else 0),
        )
    return out


class SearchRepository:
    """Runs searches (never writes: the documents are kept by triggers)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def prepare(self) -> None:
        """Set the trigram threshold for this transaction."""
        await self.session.execute(
            text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
            {"t": str(TRIGRAM_THRESHOLD)},
        )

    def _base(self, principal: Principal, query: SearchQuery) -> ColumnElement[bool]:
        seen = visible(principal, status=D.c.status, access=D.c.access, country=D.c.owner_country)
        if query.q is None:
            return seen
        return and_(seen, _matches(query.q, text_matches(query.q, query.lang)))

    def _order(self, query: SearchQuery, score: ColumnElement[float] | None) -> list[Any]:
        title = D.c.title_ru if query.lang == "ru" else D.c.title_en
        if query.sort == "title":
            return [title, D.c.record_type, D.c.record_id]
        if query.sort == "relevance" and score is not None:
            return [score.desc(), D.c.record_type, D.c.record_id]
        return [
            D.c.start_year.desc().nulls_last(),
            D.c.end_year.desc().nulls_first(),
            title,
            D.c.record_type,
            D.c.record_id,
        ]

    async def page(
        self,
        principal: Principal,
        query: SearchQuery,
        conditions: dict[str, ColumnElement[bool]],
        snippet_lang: str,
    ) -> tuple[list[dict[str, Any]], int]:
        """The page of hits (with snippets) and the total."""
        matches = text_matches(query.q, query.lang) if query.q is not None else []
        score = _score(query.q, matches) if query.q is not None else None
        inner = (
            select(
                D,
                (score if score is not None else null()).label("score"),
                func.count().over().label("total"),
            )
            .where(self._base(principal, query), *conditions.values())
            .order_by(*self._order(query, score))
            .limit(query.limit)
            .offset(query.offset)
            .subquery("hit")
        )
        body = inner.c.body_ru if snippet_lang == "ru" else inner.c.body_en
        clean = func.translate(body, START + STOP, "")
        lang_match = next((m for m in matches if m.lang == snippet_lang), None)
        if lang_match is None and query.q is not None:
            lang_match = text_matches(query.q, snippet_lang)[0]
        snippet = (
            func.ts_headline(config(snippet_lang), clean, lang_match.loose, HEADLINE)
            if lang_match is not None
            else func.left(clean, PLAIN_SNIPPET)
        )
        rows = (await self.session.execute(select(inner, snippet.label("snippet")))).mappings()
        found = [dict(r) for r in rows]
        if found:
            return found, int(found[0]["total"])
        if query.offset == 0:
            return [], 0
        total = await self.session.scalar(
            select(func.count())
            .select_from(D)
            .where(self._base(principal, query), *conditions.values())
        )
        return [], total or 0

    async def facets(
        self,
        principal: Principal,
        query: SearchQuery,
        conditions: dict[str, ColumnElement[bool]],
        groups: dict[str, list[str]] | None,
    ) -> dict[str, list[tuple[str, int]]]:
        """Each facet's (value, count) over the text match and every OTHER filter."""
        flags = {name: cond.label(f"f_{name}") for name, cond in conditions.items()}
        m = (
            select(
                D.c.record_type,
                _country_column(query.role).label("facet_countries"),
                D.c.countries,
                D.c.themes,
                D.c.organisations,
                D.c.kind,
                D.c.implementation_status,
                D.c.evidence,
                D.c.start_year,
                D.c.end_year,
                *flags.values(),
            )
            .where(self._base(principal, query))
            .cte("m")
            .prefix_with("MATERIALIZED")
        )

        def others(name: str) -> ColumnElement[bool]:
            return and_(true(), *[m.c[f"f_{n}"] for n in flags if n != name])

        def scalar(name: str, col: Any) -> Select[Any]:
            return (
                select(literal(name).label("facet"), col.label("value"), func.count())
                .where(others(name), col.is_not(None))
                .group_by(col)
            )

        def listed(name: str, col: Any) -> Select[Any]:
            each = func.unnest(col).table_valued("value").render_derived(name=f"each_{name}")
            return (
                select(literal(name).label("facet"), each.c.value, func.count())
                .select_from(m)
                .join(each, true())
                .where(others(name))
                .group_by(each.c.value)
            )

        parts = [
            scalar("type", m.c.record_type),
            listed("country", m.c.facet_countries),
            listed("theme", m.c.themes),
            scalar("kind", m.c.kind),
            listed("organisation", m.c.organisations),
            scalar("evidence", m.c.evidence),
            scalar("implementation_status", m.c.implementation_status),
            self._decades(m, others("period")),
        ]
        if groups:
            shape = (sql_column("name", String), sql_column("members", ARRAY(String)))
            g = values(*shape, name="g").data(sorted(groups.items()))
            parts.append(
                select(literal("group").label("facet"), g.c.name, func.count())
                .select_from(m)
                .join(g, m.c.countries.op("&&")(g.c.members))
                .where(others("group"))
                .group_by(g.c.name)
            )
        out: dict[str, list[tuple[str, int]]] = {}
        for facet, value, count in (await self.session.execute(union_all(*parts))).all():
            out.setdefault(facet, []).append((str(value), int(count)))
        return out

    @staticmethod
    def _decades(m: Any, where: ColumnElement[bool]) -> Select[str, str, int]:
        """Records by decade their period overlaps (an open end runs to this year)."""
        decades = (
            func.generate_series(
                m.c.start_year // 10,
                func.coalesce(m.c.end_year, date.today().year) // 10,
            )
            .table_valued("decade")
            .render_derived(name="decades")
        )
        return (
            select(
                literal("period").label("facet"),
                func.concat(cast(decades.c.decade * 10, String), "s").label("value"),
                func.count(),
            )
            .select_from(m)
            .join(decades, true())
            .where(where, m.c.start_year.is_not(None))
            .group_by(decades.c.decade)
        )

    async def organisation_names(self, names: list[str]) -> dict[str, str]:
        """The organisations' names as written, by the lower-cased name asked for."""
        folded = [n.lower() for n in names]
        rows = await self.session.execute(
            text("SELECT lower(name), name FROM toolbox.organisation WHERE lower(name) = ANY(:n)"),
            {"n": folded},
        )
        return {k: v for k, v in rows.all()}

"""The search's SQL: text matching, filters, the page with snippets, and facet counts.

Everything reads `toolbox.search_document` (one row per record, kept by triggers), with bound
parameters only: the user's text reaches PostgreSQL solely as an argument of
`websearch_to_tsquery` (which never fails on syntax characters) and of the trigram operators.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import reduce
from typing import Any

from imap_kit.auth import Principal
from imap_kit.editorial import visible
from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    cast,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSON, TSQUERY, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Float, String

from toolbox_api.search.facets import facets_sql
from toolbox_api.search.models import SearchDocument
from toolbox_api.search.schemas import SearchQuery
from toolbox_api.themes.models import Theme

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
HEADLINE_TEXT = 3000
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


def text_matches(q: str, langs: list[str]) -> list[TextMatch]:
    """The tsqueries of `q` in each language searched.

    Plain words match any of them (records with all of them rank first); quotes, `-word` or `or`
    make `q` a web-search query taken as written.
    """
    out = []
    for code in langs:
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


def fuzzy(q: str) -> bool:
    """Whether titles also match `q` by trigrams: for one word (a name, maybe mistyped); longer
    queries find their records by their other words, and search syntax is taken as written."""
    return len(WORD.findall(q)) == 1 and not SYNTAX.search(q)


def _matches(q: str, matches: list[TextMatch]) -> ColumnElement[bool]:
    """Full text in any searched language, or (one word) a title close to it by trigrams."""
    conditions: list[ColumnElement[bool]] = []
    for m in matches:
        conditions.append(m.vector.op("@@")(m.loose))
        if fuzzy(q):
            conditions.append(m.title.op("%>")(q))
    return or_(*conditions)


def _score(q: str, matches: list[TextMatch]) -> ColumnElement[float]:
    """ts_rank normalised to 0..1, +0.3 when every word matched, and for a one-word query
    +0.5 x the title's trigram similarity."""
    ranks = [func.ts_rank(m.vector, m.loose, 32) for m in matches]
    strict = [m.vector.op("@@")(m.strict) for m in matches]
    rank = func.greatest(*ranks) if len(ranks) > 1 else ranks[0]
    score = rank + case((or_(*strict), 0.3), else_=0.0)
    if fuzzy(q):
        similarity = [func.word_similarity(q, m.title) for m in matches]
        score = score + 0.5 * (func.greatest(*similarity) if len(similarity) > 1 else similarity[0])
    return cast(score, Float)


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


def _order(query: SearchQuery, c: Any, score: Any) -> list[Any]:
    """The ORDER BY of `query` over the columns `c` (the matches, then the page)."""
    if query.sort == "relevance" and query.q is not None:
        return [score.desc(), c.record_type, c.record_id]
    title = c.title_ru if query.lang == "ru" else c.title_en
    if query.sort == "title":
        return [title, c.record_type, c.record_id]
    return [
        c.start_year.desc().nulls_last(),
        c.end_year.desc().nulls_first(),
        title,
        c.record_type,
        c.record_id,
    ]


class SearchRepository:
    """Runs searches (never writes: the documents are kept by triggers)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.theme_names: dict[str, tuple[str, str]] = {}  # code -> (en, ru), with facets

    async def prepare(self) -> None:
        """For this transaction: the trigram threshold; no JIT (compiling the expressions of a
        search costs up to a second, far more than running them); and a plan made for the
        actual query text every time: the driver prepares statements, and after five runs
        PostgreSQL may switch to a generic plan that evaluates the tsqueries per row (2x
        slower on 12,000 matches)."""
        await self.session.execute(
            text(
                "SELECT set_config('pg_trgm.word_similarity_threshold', :t, true), "
                "set_config('jit', 'off', true), "
                "set_config('plan_cache_mode', 'force_custom_plan', true)"
            ),
            {"t": str(TRIGRAM_THRESHOLD)},
        )

    async def run(
        self,
        principal: Principal,
        query: SearchQuery,
        conditions: dict[str, ColumnElement[bool]],
        *,
        langs: list[str],
        snippet_lang: str,
        groups: dict[str, list[str]] | None,
        want_facets: bool,
    ) -> tuple[list[dict[str, Any]], int, dict[str, list[tuple[str, int]]] | None]:
        """The page of hits (with snippets), the total and, when asked, the facet counts: one
        statement, so the text is matched once (a materialised CTE of the matches)."""
        seen = visible(principal, status=D.c.status, access=D.c.access, country=D.c.owner_country)
        matches = text_matches(query.q, langs) if query.q is not None else []
        score: ColumnElement[Any] = null()
        base = seen
        if query.q is not None:
            score = _score(query.q, matches)
            base = and_(seen, _matches(query.q, matches))
        if not want_facets:  # no facets: the filters narrow the matches themselves
            base = and_(base, *conditions.values())
            conditions = {}
        elif conditions and query.q is not None:  # ranked only where every filter holds
            score = case((and_(*conditions.values()), score), else_=null())
        flags = {name: cond.label(f"f_{name}") for name, cond in conditions.items()}
        # The matches carry only what the order, the filters and (when asked) the facets need:
        # the narrower they are, the cheaper to materialise.
        carried: list[Any] = [D.c.record_type, D.c.record_id, score.label("score")]
        carried += [D.c.start_year, D.c.end_year]
        if query.sort != "relevance" or query.q is None:  # the title the order uses
            carried.append(D.c.title_ru if query.lang == "ru" else D.c.title_en)
        if want_facets:
            carried += [
                _country_column(query.role).label("facet_countries"),
                D.c.themes,
                D.c.organisations,
                D.c.kind,
                D.c.implementation_status,
                D.c.evidence,
            ]
            if groups and query.role:
                carried.append(D.c.countries)
        m = select(*carried, *flags.values()).where(base).cte("m").prefix_with("MATERIALIZED")
        every = and_(true(), *[m.c[f"f_{n}"] for n in flags])
        hits = (
            select(m.c.record_type, m.c.record_id, m.c.score)
            .where(every)
            .order_by(*_order(query, m.c, m.c.score))
            .limit(query.limit)
            .offset(query.offset)
            .subquery("hits")
        )
        page = self._page(query, hits, matches, snippet_lang)
        order = _order(query, page.c, page.c.score)
        columns = [
            select(
                func.coalesce(
                    func.json_agg(aggregate_order_by(page.table_valued(), *order)),
                    literal_column("'[]'::json"),
                    type_=JSON,
                )
            )
            .scalar_subquery()
            .label("hits"),
            select(func.count()).select_from(m).where(every).scalar_subquery().label("total"),
        ]
        if want_facets:
            by_group = "m.countries" if query.role else "m.facet_countries"
            facets = facets_sql(tuple(flags), by_group if groups else None)
            if groups:
                facets = facets.bindparams(facet_groups=json.dumps(groups))
            columns.append(facets.scalar_subquery().label("facets"))
            # The themes' names ride along (no second round trip).
            names = func.json_build_array(Theme.name_en, Theme.name_ru)
            columns.append(
                select(func.json_object_agg(Theme.code, names, type_=JSON))
                .scalar_subquery()
                .label("theme_names")
            )
        row = (await self.session.execute(select(*columns))).one()
        counts: dict[str, list[tuple[str, int]]] | None = None
        if want_facets:
            counts = {}
            for facet, value, count in row.facets or []:
                counts.setdefault(facet, []).append((str(value), int(count)))
            self.theme_names = {k: (v[0], v[1]) for k, v in (row.theme_names or {}).items()}
        return list(row.hits), int(row.total), counts

    @staticmethod
    def _page(query: SearchQuery, hits: Any, matches: list[TextMatch], snippet_lang: str) -> Any:
        """The page's records with their snippets."""
        body = D.c.body_ru if snippet_lang == "ru" else D.c.body_en
        # Passages come from the first HEADLINE_TEXT characters: ts_headline parses all it gets.
        clean = func.translate(func.left(body, HEADLINE_TEXT), START + STOP, "")
        lang_match = next((m for m in matches if m.lang == snippet_lang), None)
        if lang_match is None and query.q is not None:
            lang_match = text_matches(query.q, [snippet_lang])[0]
        snippet = (
            func.ts_headline(config(snippet_lang), clean, lang_match.loose, HEADLINE)
            if lang_match is not None
            else func.left(clean, PLAIN_SNIPPET)
        )
        return (
            select(
                D.c.record_type,
                D.c.record_id,
                D.c.slug,
                D.c.title_en,
                D.c.title_ru,
                D.c.kind,
                D.c.implementation_status,
                D.c.evidence,
                D.c.start_year,
                D.c.end_year,
                D.c.countries,
                D.c.themes,
                D.c.organisations,
                hits.c.score,
                snippet.label("snippet"),
            )
            .select_from(
                hits.join(
                    D,
                    and_(D.c.record_type == hits.c.record_type, D.c.record_id == hits.c.record_id),
                )
            )
            .subquery("page")
        )

    async def organisation_names(self, names: list[str]) -> dict[str, str]:
        """The organisations' names as written, by the lower-cased name asked for."""
        folded = [n.lower() for n in names]
        rows = await self.session.execute(
            text("SELECT lower(name), name FROM toolbox.organisation WHERE lower(name) = ANY(:n)"),
            {"n": folded},
        )
        return {k: v for k, v in rows.all()}

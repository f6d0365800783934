"""The facet counts' SQL: one SELECT per filter over the search's matches (the CTE `m` of
`toolbox_api.search.repository`), each with every OTHER filter's flag."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import column as sql_column
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.sql.selectable import TextualSelect

# Facets: one SELECT per filter over the matches (the CTE `m`), each with every OTHER filter's
# flag. Written as SQL text from trusted names only (facet and column names of this module; the
# groups arrive as a bound JSON parameter), built once per set of filters: constructing the same
# nine SELECTs with SQLAlchemy on every request cost more than running them on small results.
SCALAR_FACETS = {
    "type": "m.record_type",
    "kind": "m.kind",
    "evidence": "m.evidence",
    "implementation_status": "m.implementation_status",
}
LISTED_FACETS = {
    "country": "m.facet_countries",
    "theme": "m.themes",
    "organisation": "m.organisations",
}


@cache
def facets_sql(flags: tuple[str, ...], group_column: str | None) -> TextualSelect:
    """The facet counts as one JSON array of [facet, value, count] (see above); groups are
    counted on `group_column` (every country, whatever `role` says) when given."""

    def others(name: str) -> str:
        return " AND ".join([f"m.f_{n}" for n in flags if n != name] or ["true"])

    parts = [
        f"SELECT '{name}', {col}, count(*) FROM m WHERE {others(name)} AND {col} IS NOT NULL "
        f"GROUP BY {col}"
        for name, col in SCALAR_FACETS.items()
    ]
    # Set-returning functions in the select list (a ProjectSet), not LATERAL in FROM (a nested
    # loop over function scans): 1.5x faster for unnest, 6x for generate_series.
    parts += [
        f"SELECT '{name}', v, count(*) FROM (SELECT unnest({col}) AS v FROM m "
        f"WHERE {others(name)}) AS x GROUP BY v"
        for name, col in LISTED_FACETS.items()
    ]
    # A record counts in each decade its period overlaps (an open end runs to this year).
    parts.append(
        "SELECT 'period', (d * 10)::text || 's', count(*) FROM (SELECT generate_series("
        f"m.start_year / 10, coalesce(m.end_year, {date.today().year}) / 10) AS d FROM m "
        f"WHERE {others('period')} AND m.start_year IS NOT NULL) AS x GROUP BY d"
    )
    if group_column:
        parts.append(
            # OFFSET 0 keeps the members' arrays built once per group, not once per pair.
            "SELECT 'group', g.key, count(*) FROM m JOIN (SELECT key, ARRAY(SELECT "
            "jsonb_array_elements_text(value))::varchar[] AS members FROM "
            "jsonb_each(CAST(:facet_groups AS jsonb)) OFFSET 0) AS g "
            f"ON {group_column} && g.members "
            f"WHERE {others('group')} GROUP BY g.key"
        )
    union = "\n    UNION ALL ".join(parts)
    sql = (
        "SELECT json_agg(json_build_array(f.facet, f.value, f.n)) "
        f"FROM (\n    {union}\n) AS f(facet, value, n)"
    )
    return text(sql).columns(sql_column("facets", JSON))

"""The facet counts' SQL: one SELECT per filter over the search's matches (the CTE `m` of
`toolbox_api.search.repository`), each with every OTHER filter's flag."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import column as sql_column
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.sql.selectable import TextualSelect

# Facets are counted over the matches (the CTE `m`) with every OTHER filter's flag. The scalar
# facets share one pass (reading a materialised 50,000-row CTE costs 15-30 ms a pass): GROUPING
# SETS, one set per facet, counts with FILTER, and GROUPING() saying which set a row is of. The
# array facets and the decades each take a pass with their set-returning function in the select
# list (a ProjectSet: 1.5x faster than LATERAL unnest, 6x for generate_series). Written as SQL
# text from trusted names only (this module's facet and column names; groups arrive as a bound
# JSON parameter), built once per set of filters: building it with SQLAlchemy on every request
# cost more than running it on small results.
SCALAR_FACETS = {
    "type": "record_type",
    "kind": "kind",
    "evidence": "evidence",
    "implementation_status": "implementation_status",
}
LISTED_FACETS = {
    "country": "unnest(m.facet_countries)",
    "theme": "unnest(m.themes)",
    "organisation": "unnest(m.organisations)",
    # A record counts in each decade its period overlaps (an open end runs to this year).
    "period": "generate_series(m.start_year / 10, coalesce(m.end_year, {year}) / 10)",
}


def _grouped(names: list[str], source: str, others: dict[str, str], labels: dict[str, str]) -> str:
    """One pass: GROUPING SETS over the columns c0..cN of `source`, a count per facet."""
    columns = [f"c{i}" for i in range(len(names))]
    counts = ", ".join(f"count(*) FILTER (WHERE {others[n]}) AS n{i}" for i, n in enumerate(names))
    sets = ", ".join(f"({c})" for c in columns)
    values = ", ".join(
        # GROUPING(c0..cN) has a 0 bit for the grouped column, 1 for the others.
        f"('{n}', {labels[n].format(c=f's.c{i}')}, s.n{i}, "
        f"{(2 ** len(names) - 1) ^ (1 << (len(names) - 1 - i))})"
        for i, n in enumerate(names)
    )
    return (
        f"SELECT v.facet, v.value, v.n FROM (SELECT {', '.join(columns)}, "
        f"GROUPING({', '.join(columns)}) AS g, {counts} FROM {source} "
        f"GROUP BY GROUPING SETS ({sets})) AS s "
        f"CROSS JOIN LATERAL (VALUES {values}) AS v(facet, value, n, mask) "
        "WHERE s.g = v.mask AND v.value IS NOT NULL AND v.n > 0"
    )


@cache
def facets_sql(flags: tuple[str, ...], group_column: str | None) -> TextualSelect:
    """The facet counts as one JSON array of [facet, value, count] (see above); groups are
    counted on `group_column` (every country, whatever `role` says) when given."""

    def others(name: str, table: str) -> str:
        return " AND ".join([f"{table}.f_{n}" for n in flags if n != name] or ["true"])

    flag_columns = "".join(f", m.f_{n}" for n in flags)
    scalar = list(SCALAR_FACETS)
    scalar_source = (
        "(SELECT "
        + ", ".join(f"m.{col} AS c{i}" for i, col in enumerate(SCALAR_FACETS.values()))
        + f"{flag_columns} FROM m) AS u"
    )
    text_label = {n: "{c}::text" for n in scalar}
    parts = [_grouped(scalar, scalar_source, {n: others(n, "u") for n in scalar}, text_label)]
    # Each array facet in its own pass: zipping them into one ProjectSet makes as many rows as
    # the longest array and a larger hash table, slower than four narrow passes.
    year = date.today().year
    for name, expr in LISTED_FACETS.items():
        value = "(v * 10)::text || 's'" if name == "period" else "v"
        parts.append(
            f"SELECT '{name}', {value}, count(*) FROM (SELECT {expr.format(year=year)} AS v "
            f"FROM m WHERE {others(name, 'm')}) AS x WHERE v IS NOT NULL GROUP BY v"
        )
    if group_column:
        parts.append(
            # OFFSET 0 keeps the members' arrays built once per group, not once per pair.
            "SELECT 'group', g.key, count(*) FROM m JOIN (SELECT key, ARRAY(SELECT "
            "jsonb_array_elements_text(value))::varchar[] AS members FROM "
            "jsonb_each(CAST(:facet_groups AS jsonb)) OFFSET 0) AS g "
            f"ON {group_column} && g.members "
            f"WHERE {others('group', 'm')} GROUP BY g.key"
        )
    union = "\n    UNION ALL ".join(parts)
    sql = (
        "SELECT json_agg(json_build_array(f.facet, f.value, f.n)) "
        f"FROM (\n    {union}\n) AS f(facet, value, n)"
    )
    return text(sql).columns(sql_column("facets", JSON))

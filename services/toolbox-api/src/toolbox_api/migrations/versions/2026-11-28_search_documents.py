"""search documents: one row per initiative and practice with weighted English and Russian
tsvectors, trigram-indexed titles and the filters as arrays, kept by statement-level triggers

Revision ID: 95151b77a24f
Revises: 680c27e37af4
Create Date: 2026-11-28 13:35:29.272351
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "95151b77a24f"
down_revision: str | None = "680c27e37af4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# deploy/sql/bootstrap.sql creates pg_trgm; a database bootstrapped before it had the line (a
# compose volume made earlier) gets it here: pg_trgm is a trusted extension, no superuser needed.
# The downgrade leaves it (other code may use it).
NEEDS_PG_TRGM = "CREATE EXTENSION IF NOT EXISTS pg_trgm"

# Rebuild the documents of the given initiatives (and of the practices distilled from them, which
# take their organisations and period) or practices from the content tables. A record that no
# longer exists loses its document.
REFRESH_INITIATIVES = """
CREATE FUNCTION toolbox.search_refresh_initiatives(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM toolbox.search_document WHERE record_type = 'initiative' AND record_id = ANY(ids);
  INSERT INTO toolbox.search_document
  SELECT 'initiative', i.id, i.slug, i.title_en, i.title_ru,
    concat_ws(E'\\n\\n', nullif(i.summary_en, ''), nullif(i.description_en, ''),
              nullif(i.outcomes_en, '')),
    concat_ws(E'\\n\\n', nullif(i.summary_ru, ''), nullif(i.description_ru, ''),
              nullif(i.outcomes_ru, '')),
    i.kind, i.implementation_status, NULL, i.start_year, i.end_year,
    coalesce(c.countries, '{}'), coalesce(c.implementers, '{}'), coalesce(c.partners, '{}'),
    coalesce(t.themes, '{}'), coalesce(o.names, '{}'),
    i.status, i.access, i.owner_country,
    setweight(to_tsvector('english', i.title_en), 'A')
      || setweight(to_tsvector('english', i.summary_en), 'B')
      || setweight(to_tsvector('english', i.description_en || ' ' || i.outcomes_en), 'C')
      || setweight(to_tsvector('english', coalesce(array_to_string(o.names, ' '), '')), 'D'),
    setweight(to_tsvector('russian', i.title_ru), 'A')
      || setweight(to_tsvector('russian', i.summary_ru), 'B')
      || setweight(to_tsvector('russian', i.description_ru || ' ' || i.outcomes_ru), 'C')
      || setweight(to_tsvector('russian', coalesce(array_to_string(o.names, ' '), '')), 'D')
  FROM toolbox.initiative i
  LEFT JOIN LATERAL (
    SELECT array_agg(ic.country_iso3 ORDER BY ic.position) AS countries,
           array_agg(ic.country_iso3 ORDER BY ic.position)
             FILTER (WHERE ic.role = 'implementer') AS implementers,
           array_agg(ic.country_iso3 ORDER BY ic.position)
             FILTER (WHERE ic.role = 'partner') AS partners
    FROM toolbox.initiative_country ic WHERE ic.initiative_id = i.id
  ) c ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(it.theme_code ORDER BY it.theme_code) AS themes
    FROM toolbox.initiative_theme it WHERE it.initiative_id = i.id
  ) t ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT org.name) AS names
    FROM toolbox.initiative_organisation io
    JOIN toolbox.organisation org ON org.id = io.organisation_id
    WHERE io.initiative_id = i.id
  ) o ON true
  WHERE i.id = ANY(ids);
  PERFORM toolbox.search_refresh_practices(ARRAY(
    SELECT DISTINCT pi.practice_id FROM toolbox.practice_initiative pi
    WHERE pi.initiative_id = ANY(ids)));
END $$;
"""

REFRESH_PRACTICES = """
CREATE FUNCTION toolbox.search_refresh_practices(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM toolbox.search_document WHERE record_type = 'practice' AND record_id = ANY(ids);
  INSERT INTO toolbox.search_document
  SELECT 'practice', p.id, p.slug, p.title_en, p.title_ru,
    concat_ws(E'\\n\\n', nullif(p.what_en, ''), nullif(p.conditions_en, ''),
              nullif(p.transferability_en, ''), nullif(p.evidence_note_en, '')),
    concat_ws(E'\\n\\n', nullif(p.what_ru, ''), nullif(p.conditions_ru, ''),
              nullif(p.transferability_ru, ''), nullif(p.evidence_note_ru, '')),
    NULL, NULL, p.evidence, s.start_year, s.end_year,
    coalesce(c.countries, '{}'), '{}', '{}', coalesce(t.themes, '{}'), coalesce(o.names, '{}'),
    p.status, p.access, p.owner_country,
    setweight(to_tsvector('english', p.title_en), 'A')
      || setweight(to_tsvector('english', p.what_en), 'B')
      || setweight(to_tsvector('english', p.conditions_en || ' ' || p.transferability_en
                                          || ' ' || p.evidence_note_en), 'C')
      || setweight(to_tsvector('english', coalesce(array_to_string(o.names, ' '), '')), 'D'),
    setweight(to_tsvector('russian', p.title_ru), 'A')
      || setweight(to_tsvector('russian', p.what_ru), 'B')
      || setweight(to_tsvector('russian', p.conditions_ru || ' ' || p.transferability_ru
                                          || ' ' || p.evidence_note_ru), 'C')
      || setweight(to_tsvector('russian', coalesce(array_to_string(o.names, ' '), '')), 'D')
  FROM toolbox.practice p
  LEFT JOIN LATERAL (
    SELECT array_agg(pc.country_iso3 ORDER BY pc.position) AS countries
    FROM toolbox.practice_country pc WHERE pc.practice_id = p.id
  ) c ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(pt.theme_code ORDER BY pt.theme_code) AS themes
    FROM toolbox.practice_theme pt WHERE pt.practice_id = p.id
  ) t ON true
  LEFT JOIN LATERAL (
    SELECT min(i.start_year) AS start_year,
           CASE WHEN bool_or(i.end_year IS NULL) THEN NULL ELSE max(i.end_year) END AS end_year
    FROM toolbox.practice_initiative pi
    JOIN toolbox.initiative i ON i.id = pi.initiative_id
    WHERE pi.practice_id = p.id
  ) s ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT org.name) AS names
    FROM toolbox.practice_initiative pi
    JOIN toolbox.initiative_organisation io ON io.initiative_id = pi.initiative_id
    JOIN toolbox.organisation org ON org.id = io.organisation_id
    WHERE pi.practice_id = p.id
  ) o ON true
  WHERE p.id = ANY(ids);
END $$;
"""

# One trigger function for every watched table: TG_ARGV = (what to refresh, the key column).
CHANGED_FUNCTION = """
CREATE FUNCTION toolbox.search_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[1]) INTO ids;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[1]) INTO ids;
  ELSE
    EXECUTE format('SELECT array_agg(DISTINCT k) FROM (SELECT %1$I AS k FROM new_rows '
                   'UNION SELECT %1$I FROM old_rows) changed', TG_ARGV[1]) INTO ids;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_ARGV[0] = 'initiative' THEN
    PERFORM toolbox.search_refresh_initiatives(ids);
  ELSIF TG_ARGV[0] = 'practice' THEN
    PERFORM toolbox.search_refresh_practices(ids);
  ELSE  -- an organisation renamed: the initiatives naming it
    PERFORM toolbox.search_refresh_initiatives(ARRAY(
      SELECT DISTINCT io.initiative_id FROM toolbox.initiative_organisation io
      WHERE io.organisation_id = ANY(ids)));
  END IF;
  RETURN NULL;
END $$;
"""

WATCHED = (
    ("initiative", "initiative", "id"),
    ("initiative_country", "initiative", "initiative_id"),
    ("initiative_theme", "initiative", "initiative_id"),
    ("initiative_organisation", "initiative", "initiative_id"),
    ("organisation", "organisation", "id"),
    ("practice", "practice", "id"),
    ("practice_country", "practice", "practice_id"),
    ("practice_theme", "practice", "practice_id"),
    ("practice_initiative", "practice", "practice_id"),
)
EVENTS = ("insert", "update", "delete")
TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}

# Refreshing the initiatives refreshes the practices distilled from them; then the others.
BACKFILL = (
    "SELECT toolbox.search_refresh_initiatives(ARRAY(SELECT id FROM toolbox.initiative))",
    "SELECT toolbox.search_refresh_practices(ARRAY(SELECT id FROM toolbox.practice))",
)


def triggers(table: str, target: str, column: str) -> list[str]:
    """Statement-level triggers (one per event: transition tables allow only one) on `table`."""
    return [
        f"CREATE TRIGGER search_{event}_{table} AFTER {event.upper()} ON toolbox.{table} "
        f"REFERENCING {TRANSITIONS[event]} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION toolbox.search_changed('{target}', '{column}')"
        for event in EVENTS
    ]


def upgrade() -> None:
    op.execute(NEEDS_PG_TRGM)
    op.create_table(
        "search_document",
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("title_ru", sa.String(length=300), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("body_ru", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("implementation_status", sa.String(length=20), nullable=True),
        sa.Column("evidence", sa.String(length=20), nullable=True),
        sa.Column("start_year", sa.SmallInteger(), nullable=True),
        sa.Column("end_year", sa.SmallInteger(), nullable=True),
        sa.Column("countries", postgresql.ARRAY(sa.String(length=3)), nullable=False),
        sa.Column("implementers", postgresql.ARRAY(sa.String(length=3)), nullable=False),
        sa.Column("partners", postgresql.ARRAY(sa.String(length=3)), nullable=False),
        sa.Column("themes", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("organisations", postgresql.ARRAY(sa.String(length=200)), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("access", sa.String(length=20), nullable=False),
        sa.Column("owner_country", sa.String(length=3), nullable=False),
        sa.Column("search_en", postgresql.TSVECTOR(), nullable=False),
        sa.Column("search_ru", postgresql.TSVECTOR(), nullable=False),
        sa.CheckConstraint(
            "record_type IN ('initiative', 'practice')", name=op.f("ck_search_document_record_type")
        ),
        sa.PrimaryKeyConstraint("record_type", "record_id", name=op.f("pk_search_document")),
        schema="toolbox",
    )
    op.create_index(
        "ix_search_document_countries",
        "search_document",
        ["countries"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_document_organisations",
        "search_document",
        ["organisations"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_document_search_en",
        "search_document",
        ["search_en"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_document_search_ru",
        "search_document",
        ["search_ru"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_document_themes",
        "search_document",
        ["themes"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_document_title_en_trgm",
        "search_document",
        ["title_en"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
        postgresql_ops={"title_en": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_search_document_title_ru_trgm",
        "search_document",
        ["title_ru"],
        unique=False,
        schema="toolbox",
        postgresql_using="gin",
        postgresql_ops={"title_ru": "gin_trgm_ops"},
    )
    for sql in (REFRESH_INITIATIVES, REFRESH_PRACTICES, CHANGED_FUNCTION):
        op.execute(sql)
    for table, target, column in WATCHED:
        for sql in triggers(table, target, column):
            op.execute(sql)
    for sql in BACKFILL:
        op.execute(sql)


def downgrade() -> None:
    for table, _, _ in WATCHED:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS search_{event}_{table} ON toolbox.{table}")
    op.execute("DROP FUNCTION IF EXISTS toolbox.search_changed()")
    op.execute("DROP FUNCTION IF EXISTS toolbox.search_refresh_initiatives(bigint[])")
    op.execute("DROP FUNCTION IF EXISTS toolbox.search_refresh_practices(bigint[])")
    op.drop_index(
        "ix_search_document_title_ru_trgm",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
        postgresql_ops={"title_ru": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_search_document_title_en_trgm",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
        postgresql_ops={"title_en": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_search_document_themes",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
    )
    op.drop_index(
        "ix_search_document_search_ru",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
    )
    op.drop_index(
        "ix_search_document_search_en",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
    )
    op.drop_index(
        "ix_search_document_organisations",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
    )
    op.drop_index(
        "ix_search_document_countries",
        table_name="search_document",
        schema="toolbox",
        postgresql_using="gin",
    )
    op.drop_table("search_document", schema="toolbox")

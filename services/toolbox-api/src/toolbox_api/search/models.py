"""The search index: one row per initiative and per practice, kept by database triggers.

The rows are written by the database only (functions `toolbox.search_refresh_initiatives` and
`toolbox.search_refresh_practices`, called by statement-level triggers on the content tables; see
the migration `search_documents`), never by the application. Each row carries what a search
filters, sorts, counts and highlights on, so a search reads one table with no joins:

* `search_en` / `search_ru`: weighted tsvectors, English and Russian configurations: A the title,
  B the summary (a practice's "what was done"), C description and outcomes (a practice's
  conditions, evidence note and transferability), D the organisations' names;
* `body_en` / `body_ru`: the B and C texts, for the highlighted snippets;
* the filters as columns and arrays (GIN-indexed): countries (all, implementers, partners),
  themes, organisations, kind, implementation status, evidence grade, period;
* the workflow columns (`status`, `access`, `owner_country`) for the access tiers.

A practice has no kind, implementation status or country roles; it takes the organisations and
the period (earliest start, latest end) of the initiatives it was distilled from.
"""

from sqlalchemy import BigInteger, CheckConstraint, Index, SmallInteger, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from toolbox_api.db import Base

RECORD_TYPES = ("initiative", "practice")


class SearchDocument(Base):
    """What the search reads of one initiative or practice (maintained by triggers)."""

    __tablename__ = "search_document"
    __table_args__ = (
        CheckConstraint(f"record_type IN {RECORD_TYPES}", name="record_type"),
        Index("ix_search_document_search_en", "search_en", postgresql_using="gin"),
        Index("ix_search_document_search_ru", "search_ru", postgresql_using="gin"),
        Index(
            "ix_search_document_title_en_trgm",
            "title_en",
            postgresql_using="gin",
            postgresql_ops={"title_en": "gin_trgm_ops"},
        ),
        Index(
            "ix_search_document_title_ru_trgm",
            "title_ru",
            postgresql_using="gin",
            postgresql_ops={"title_ru": "gin_trgm_ops"},
        ),
        Index("ix_search_document_countries", "countries", postgresql_using="gin"),
        Index("ix_search_document_themes", "themes", postgresql_using="gin"),
        Index("ix_search_document_organisations", "organisations", postgresql_using="gin"),
    )

    record_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    body_en: Mapped[str] = mapped_column(Text)
    body_ru: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    implementation_status: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str | None] = mapped_column(String(20))
    start_year: Mapped[int | None] = mapped_column(SmallInteger)
    end_year: Mapped[int | None] = mapped_column(SmallInteger)
    countries: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    implementers: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    partners: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    themes: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    organisations: Mapped[list[str]] = mapped_column(ARRAY(String(200)))
    status: Mapped[str] = mapped_column(String(20))
    access: Mapped[str] = mapped_column(String(20))
    owner_country: Mapped[str] = mapped_column(String(3))
    search_en: Mapped[str] = mapped_column(TSVECTOR)
    search_ru: Mapped[str] = mapped_column(TSVECTOR)

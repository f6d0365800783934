"""Profile documents: a country's narrative sections (template parts A-G) and their editions.

The working copy (`profile_document` + `profile_section`) moves through the editorial workflow
(draft -> submitted -> published). Publishing freezes the whole document as the next
`profile_edition`, which is what readers, the assembled profile and the PDF see; edition N can be
compared with edition N-1.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from profiles_api.db import Base

ENDORSEMENTS = ("not_endorsed", "submitted_for_endorsement", "endorsed", "demonstration")


class ProfileDocument(Base):
    """The working copy of one country's profile (one per country)."""

    __tablename__ = "profile_document"
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy's declared name)
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'submitted', 'published', 'withdrawn')", name="status"
        ),
        CheckConstraint("access IN ('public', 'restricted')", name="access"),
        CheckConstraint(f"endorsement IN {ENDORSEMENTS}", name="endorsement_values"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    country_iso3: Mapped[str] = mapped_column(
        ForeignKey("country.iso3", ondelete="CASCADE"), unique=True
    )
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), index=True)
    access: Mapped[str] = mapped_column(String(20), default="public", server_default="public")
    endorsement: Mapped[str] = mapped_column(
        String(30), default="not_endorsed", server_default="not_endorsed"
    )
    endorsement_note: Mapped[str | None] = mapped_column(Text)
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    sections: Mapped[list["ProfileSection"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ProfileSection.position"
    )


class ProfileSection(Base):
    """A section of the working copy: template part (A, B1...), Markdown en/ru, sources."""

    __tablename__ = "profile_section"
    __table_args__ = (
        UniqueConstraint("document_id", "part"),
        CheckConstraint("part ~ '^[A-G][0-9]?$'", name="part_format"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("profile_document.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(String(3))
    position: Mapped[int] = mapped_column(SmallInteger)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300))
    body_en: Mapped[str] = mapped_column(Text)
    body_ru: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, default=list, server_default="[]", doc="[{title, url}] cited by the section."
    )


class ProfileEdition(Base):
    """A published edition: the whole document frozen as JSON when it was published."""

    __tablename__ = "profile_edition"
    __table_args__ = (UniqueConstraint("document_id", "edition"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("profile_document.id", ondelete="CASCADE"), index=True
    )
    edition: Mapped[int] = mapped_column(Integer)
    endorsement: Mapped[str] = mapped_column(String(30))
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    published_by: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

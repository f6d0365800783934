"""ISCO-08 and NACE Rev. 2 reference tables (loaded by the seed, read-only through the API)."""

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from profiles_api.db import Base


class IscoGroup(Base):
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4 digits)."""

    __tablename__ = "isco_group"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),
        CheckConstraint("code ~ '^[0-9]{1,4}$' AND length(code) = level", name="code_format"),
    )

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger, index=True)
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("isco_group.code", ondelete="RESTRICT"), index=True
    )
    title_en: Mapped[str] = mapped_column(Text)
    esco_uri: Mapped[str | None] = mapped_column(String(200))


class NaceActivity(Base):
    """A NACE Rev. 2 item: section (letter), division (2 digits), group (01.1) or class (01.11)."""

    __tablename__ = "nace_activity"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),)

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    version: Mapped[str] = mapped_column(String(20), server_default="NACE Rev. 2")
    level: Mapped[int] = mapped_column(SmallInteger, index=True)
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("nace_activity.code", ondelete="RESTRICT"), index=True
    )
    title_en: Mapped[str] = mapped_column(Text)

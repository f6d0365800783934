"""Theme table."""

from sqlalchemy import SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from toolbox_api.db import Base


class Theme(Base):
    """A thematic area of the Prague Process Action Plan (2012-2016, continued to 2027)."""

    __tablename__ = "theme"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    number: Mapped[int] = mapped_column(SmallInteger, unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column(Text)
    description_ru: Mapped[str] = mapped_column(Text)

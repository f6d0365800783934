"""Country table."""

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from profiles_api.db import Base


class Country(Base):
    """A state in the Prague Process scope (ISO3 key; Kosovo as XKX)."""

    __tablename__ = "country"
    __table_args__ = (CheckConstraint("iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),)

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    iso_numeric: Mapped[str | None] = mapped_column(String(3))
    wb_code: Mapped[str] = mapped_column(String(3))
    eurostat_geo: Mapped[str] = mapped_column(String(2))
    name_en: Mapped[str] = mapped_column(String(100))
    name_ru: Mapped[str] = mapped_column(String(100))
    official_name_en: Mapped[str | None] = mapped_column(String(200))
    pp_group: Mapped[str] = mapped_column(String(40), index=True)
    pp_status: Mapped[str] = mapped_column(String(40))
    eu_member: Mapped[bool] = mapped_column(Boolean)
    schengen_member: Mapped[bool] = mapped_column(Boolean)
    capital: Mapped[str | None] = mapped_column(String(100))
    wb_region: Mapped[str | None] = mapped_column(String(60), doc="From WDI country metadata.")
    wb_income_group: Mapped[str | None] = mapped_column(String(40), doc="WDI income group.")
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

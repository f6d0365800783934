"""What the seed last loaded for each record, so a re-seed changes nothing unless the shipped
content did."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from toolbox_api.db import Base


class SeedState(Base):
    """The digest of the shipped row last applied to a record (`initiative`/slug, ...)."""

    __tablename__ = "seed_state"

    record_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))

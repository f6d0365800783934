"""boundaries and capitals

Revision ID: 5c1e0a2b7f10
Revises:
Create Date: 2026-11-27 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision: str = "5c1e0a2b7f10"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "country_boundary",
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("name_ru", sa.String(100), nullable=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("pp_group", sa.String(40), nullable=True),
        sa.Column("pp_status", sa.String(40), nullable=True),
        sa.Column("bbox", sa.ARRAY(sa.Double()), nullable=False),
        sa.Column(
            "geom",
            Geometry("MULTIPOLYGON", srid=4326, spatial_index=False),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("iso3", name=op.f("pk_country_boundary")),
        sa.CheckConstraint("role IN ('scope', 'context')", name=op.f("ck_country_boundary_role")),
        sa.CheckConstraint("ST_IsValid(geom)", name=op.f("ck_country_boundary_geom_valid")),
        schema="geo",
    )
    op.create_index(
        "ix_country_boundary_geom",
        "country_boundary",
        ["geom"],
        schema="geo",
        postgresql_using="gist",
    )
    op.create_index(
        op.f("ix_geo_country_boundary_role"), "country_boundary", ["role"], schema="geo"
    )
    op.create_table(
        "capital",
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("population", sa.BigInteger(), nullable=True),
        sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=False), nullable=False),
        sa.PrimaryKeyConstraint("iso3", name=op.f("pk_capital")),
        schema="geo",
    )
    op.create_index("ix_capital_geom", "capital", ["geom"], schema="geo", postgresql_using="gist")


def downgrade() -> None:
    op.drop_index("ix_capital_geom", table_name="capital", schema="geo")
    op.drop_table("capital", schema="geo")
    op.drop_index(op.f("ix_geo_country_boundary_role"), table_name="country_boundary", schema="geo")
    op.drop_index("ix_country_boundary_geom", table_name="country_boundary", schema="geo")
    op.drop_table("country_boundary", schema="geo")

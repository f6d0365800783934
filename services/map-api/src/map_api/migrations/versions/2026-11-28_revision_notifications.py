"""revision notifications

The statement triggers that bump `geo.data_revision` also send the new revision on the channel
`geo_data_revision` (payload `table:revision`, delivered at commit), so map-api keeps the
revisions in memory and answers revalidations and cached tiles without a query.

Revision ID: 3f6b2c9d1e84
Revises: dba5950dc7e8
Create Date: 2026-11-28 06:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f6b2c9d1e84"
down_revision: str | None = "dba5950dc7e8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION geo.bump_data_revision() RETURNS trigger LANGUAGE plpgsql AS "
        "$$DECLARE bumped bigint; BEGIN "
        "UPDATE geo.data_revision SET revision = revision + 1 WHERE table_name = TG_TABLE_NAME "
        "RETURNING revision INTO bumped; "
        "PERFORM pg_notify('geo_data_revision', TG_TABLE_NAME || ':' || bumped); "
        "RETURN NULL; END$$"
    )


def downgrade() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION geo.bump_data_revision() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN UPDATE geo.data_revision SET revision = revision + 1 "
        "WHERE table_name = TG_TABLE_NAME; RETURN NULL; END$$"
    )

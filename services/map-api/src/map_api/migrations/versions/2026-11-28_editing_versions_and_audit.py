"""editing versions and audit

The editors' API keeps a full snapshot of every written route and crossing point
(`geo.record_version`) and an audit entry per write (`geo.audit_log`), which the database refuses
to update or delete (the kit's append-only trigger).

Revision ID: 636cede9db96
Revises: 3f6b2c9d1e84
Create Date: 2026-11-28 12:43:35.791653
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from imap_kit.history import append_only_sql
from sqlalchemy.dialects import postgresql

revision: str = "636cede9db96"
down_revision: str | None = "3f6b2c9d1e84"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = append_only_sql("geo")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        schema="geo",
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"], unique=False, schema="geo")
    op.create_index(
        "ix_audit_log_record", "audit_log", ["record_type", "record_id"], unique=False, schema="geo"
    )
    for statement in APPEND_ONLY[0]:
        op.execute(statement)
    op.create_table(
        "record_version",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_version")),
        sa.UniqueConstraint(
            "record_type",
            "record_id",
            "version",
            name=op.f("uq_record_version_record_type_record_id_version"),
        ),
        schema="geo",
    )


def downgrade() -> None:
    op.drop_table("record_version", schema="geo")
    for statement in APPEND_ONLY[1]:
        op.execute(statement)
    op.drop_index("ix_audit_log_record", table_name="audit_log", schema="geo")
    op.drop_index("ix_audit_log_at", table_name="audit_log", schema="geo")
    op.drop_table("audit_log", schema="geo")

"""catalogue amendments: dated notices that change, add or remove entries of an edition

Revision ID: 8d4f1b6e2a57
Revises: 7c2e9a4d1f30
Create Date: 2026-12-05 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8d4f1b6e2a57"
down_revision: str | None = "7c2e9a4d1f30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogueamendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("notice", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("chemical_id", sa.Integer(), nullable=False),
        sa.Column("before_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("after_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["chemical_id"], ["chemical.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notice", "chemical_id", "kind"),
    )
    op.create_index(op.f("ix_catalogueamendment_chemical_id"), "catalogueamendment", ["chemical_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_catalogueamendment_chemical_id"), table_name="catalogueamendment")
    op.drop_table("catalogueamendment")

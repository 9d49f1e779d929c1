"""monthly waste roll-ups, backfilled from the custody records

Revision ID: 7a3e5c1d9b24
Revises: c4112479e3a6
Create Date: 2026-12-06 08:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlmodel import Session

revision: str = "7a3e5c1d9b24"
down_revision: str | None = "c4112479e3a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wastemonthly",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("generated_g", sa.BigInteger(), nullable=False),
        sa.Column("transferred_g", sa.BigInteger(), nullable=False),
        sa.Column("received_g", sa.BigInteger(), nullable=False),
        sa.Column("treated_g", sa.BigInteger(), nullable=False),
        sa.Column("stock_change_g", sa.BigInteger(), nullable=False),
        sa.Column("transferred_n", sa.Integer(), nullable=False),
        sa.Column("received_n", sa.Integer(), nullable=False),
        sa.Column("treated_n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"]),
        sa.PrimaryKeyConstraint("enterprise_id", "year", "month", "category", "method"),
    )
    op.create_index("ix_wastemonthly_year_month", "wastemonthly", ["year", "month"], unique=False)
    # Backfill with the same code that keeps the rows in step, so both agree from the first day.
    from hazchem.services.oversight import rollups

    session = Session(bind=op.get_bind())
    rollups.refill(session)
    session.flush()


def downgrade() -> None:
    op.drop_index("ix_wastemonthly_year_month", table_name="wastemonthly")
    op.drop_table("wastemonthly")

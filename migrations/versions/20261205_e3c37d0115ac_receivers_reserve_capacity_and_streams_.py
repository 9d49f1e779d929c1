"""receivers reserve capacity for manifests in flight; direct-feed intake; streams carry DG transport data

Revision ID: e3c37d0115ac
Revises: 5860d26b17ff
Create Date: 2026-12-05 09:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e3c37d0115ac"
down_revision: str | None = "5860d26b17ff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite has both): rebuilding manifest would trip on its computed column.
    # Manifests already submitted hold no reservation; pick-up reserves what they lack.
    op.add_column("facilitystock", sa.Column("reserved_g", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("manifest", sa.Column("facility_reserved_g", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("facility", sa.Column("intake_rate_kg_per_day", sa.BigInteger(), nullable=True))
    # Streams registered so far have no transport data; they are refused at submit until it is recorded.
    op.add_column("wastestream", sa.Column("un_number", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True))
    op.add_column(
        "wastestream", sa.Column("packing_group", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True)
    )
    op.add_column(
        "wastestream",
        sa.Column("not_dg_reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=""),
    )


def downgrade() -> None:
    for table, column in (
        ("wastestream", "not_dg_reason"),
        ("wastestream", "packing_group"),
        ("wastestream", "un_number"),
        ("facility", "intake_rate_kg_per_day"),
        ("manifest", "facility_reserved_g"),
        ("facilitystock", "reserved_g"),
    ):
        op.drop_column(table, column)

"""scans queued offline keep the device's scan time beside the time received

Revision ID: f1a7c3d95e02
Revises: e4a7c2d9b130
Create Date: 2026-12-06 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "f1a7c3d95e02"
down_revision: str | None = "e4a7c2d9b130"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Keys recorded before were sent as they were scanned: they have no separate device time.
    with op.batch_alter_table("idempotencyrecord") as batch:
        batch.add_column(sa.Column("device_scanned_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotencyrecord") as batch:
        batch.drop_column("device_scanned_at")

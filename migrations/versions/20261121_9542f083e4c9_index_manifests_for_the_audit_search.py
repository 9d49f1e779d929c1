"""index manifests for the audit search

Revision ID: 9542f083e4c9
Revises: 129bca23bb97
Create Date: 2026-11-21 06:58:24.103688
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '9542f083e4c9'
down_revision: str | None = '129bca23bb97'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('manifest', schema=None) as batch_op:
        batch_op.create_index('ix_manifest_accepted_at', ['accepted_at'], unique=False)
        batch_op.create_index('ix_manifest_created_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_manifest_picked_up_at', ['picked_up_at'], unique=False)
        batch_op.create_index('ix_manifest_status_delivered', ['status', 'delivered_at'], unique=False)
        batch_op.create_index('ix_manifest_treated_at', ['treated_at'], unique=False)

    with op.batch_alter_table('transportleg', schema=None) as batch_op:
        batch_op.create_index('ix_transportleg_carrier_manifest', ['carrier_id', 'manifest_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('transportleg', schema=None) as batch_op:
        batch_op.drop_index('ix_transportleg_carrier_manifest')

    with op.batch_alter_table('manifest', schema=None) as batch_op:
        batch_op.drop_index('ix_manifest_treated_at')
        batch_op.drop_index('ix_manifest_status_delivered')
        batch_op.drop_index('ix_manifest_picked_up_at')
        batch_op.drop_index('ix_manifest_created_id')
        batch_op.drop_index('ix_manifest_accepted_at')


"""index audit events by entity for record histories

Revision ID: 129bca23bb97
Revises: 062a8a2493f0
Create Date: 2026-11-21 06:04:29.643426
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '129bca23bb97'
down_revision: str | None = '062a8a2493f0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_entity', ['entity', 'entity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_entity')


"""alerts name a counterparty enterprise whose officers see them too

Revision ID: 2da7faac917d
Revises: 0627a9d21329
Create Date: 2026-11-21 11:47:45.260786
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '2da7faac917d'
down_revision: str | None = '0627a9d21329'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counterparty_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_alert_counterparty_id'), ['counterparty_id'], unique=False)
        batch_op.create_foreign_key('fk_alert_counterparty_id_enterprise', 'enterprise', ['counterparty_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_constraint('fk_alert_counterparty_id_enterprise', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_alert_counterparty_id'))
        batch_op.drop_column('counterparty_id')

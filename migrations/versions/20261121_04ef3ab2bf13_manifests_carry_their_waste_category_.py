"""manifests carry their waste category and are indexed by party and category in search order

Revision ID: 04ef3ab2bf13
Revises: b84b14ae3d4d
Create Date: 2026-11-21 07:55:54.997437
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '04ef3ab2bf13'
down_revision: str | None = 'b84b14ae3d4d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _recreate() -> str:
    # SQLite cannot add a stored generated column in place, so it rebuilds the table; PostgreSQL alters it.
    return 'always' if op.get_context().dialect.name == 'sqlite' else 'auto'


def upgrade() -> None:
    with op.batch_alter_table('manifest', schema=None, recreate=_recreate()) as batch_op:
        batch_op.add_column(sa.Column('waste_category', sa.String(length=4), sa.Computed("'HW' || substr(waste_code, 9, 2)", persisted=True), nullable=True))
        batch_op.drop_index(batch_op.f('ix_manifest_generator_id'))
        batch_op.drop_index(batch_op.f('ix_manifest_receiver_id'))
        batch_op.create_index('ix_manifest_category_created', ['waste_category', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_manifest_generator_created', ['generator_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_manifest_receiver_created', ['receiver_id', 'created_at', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('manifest', schema=None, recreate=_recreate()) as batch_op:
        batch_op.drop_index('ix_manifest_receiver_created')
        batch_op.drop_index('ix_manifest_generator_created')
        batch_op.drop_index('ix_manifest_category_created')
        batch_op.create_index(batch_op.f('ix_manifest_receiver_id'), ['receiver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_manifest_generator_id'), ['generator_id'], unique=False)
        batch_op.drop_column('waste_category')


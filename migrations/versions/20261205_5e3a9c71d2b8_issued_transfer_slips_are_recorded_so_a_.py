"""issued transfer slips are recorded so a roadside check tells an earlier print from a forgery

Revision ID: 5e3a9c71d2b8
Revises: 8b9f20b5aad9
Create Date: 2026-12-05 09:09:35.483275
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '5e3a9c71d2b8'
down_revision: str | None = '8b9f20b5aad9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('issuedslip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('last_signature_id', sa.Integer(), nullable=True),
    sa.Column('last_revision_id', sa.Integer(), nullable=True),
    sa.Column('printed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('printed_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['printed_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('issuedslip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issuedslip_manifest_id'), ['manifest_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('issuedslip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issuedslip_manifest_id'))

    op.drop_table('issuedslip')

"""compliance filings: annual plans, declarations and paper backfills tracked against their deadlines

Revision ID: f381181a4892
Revises: 04ef3ab2bf13
Create Date: 2026-11-21 08:01:15.830711
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'f381181a4892'
down_revision: str | None = '04ef3ab2bf13'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('compliancefiling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('enterprise_id', 'kind', 'year', 'reference')
    )
    with op.batch_alter_table('compliancefiling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliancefiling_enterprise_id'), ['enterprise_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('compliancefiling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliancefiling_enterprise_id'))

    op.drop_table('compliancefiling')

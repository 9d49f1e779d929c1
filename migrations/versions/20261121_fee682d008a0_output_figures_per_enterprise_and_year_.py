"""output figures per enterprise and year for the park indicators

Revision ID: fee682d008a0
Revises: f381181a4892
Create Date: 2026-11-21 07:57:19.389092
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'fee682d008a0'
down_revision: str | None = 'f381181a4892'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outputfigure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value_yuan', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('entered_by', sa.Integer(), nullable=True),
    sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('enterprise_id', 'year')
    )
    with op.batch_alter_table('outputfigure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outputfigure_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outputfigure_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outputfigure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outputfigure_year'))
        batch_op.drop_index(batch_op.f('ix_outputfigure_enterprise_id'))

    op.drop_table('outputfigure')

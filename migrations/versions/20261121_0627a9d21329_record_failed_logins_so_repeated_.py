"""record failed logins so repeated guessing from one address is throttled

Revision ID: 0627a9d21329
Revises: 6b32cee76dba
Create Date: 2026-11-21 11:10:57.714262
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0627a9d21329'
down_revision: str | None = '6b32cee76dba'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('loginfailure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('remote_addr', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('loginfailure', schema=None) as batch_op:
        batch_op.create_index('ix_loginfailure_addr_at', ['remote_addr', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('loginfailure', schema=None) as batch_op:
        batch_op.drop_index('ix_loginfailure_addr_at')

    op.drop_table('loginfailure')

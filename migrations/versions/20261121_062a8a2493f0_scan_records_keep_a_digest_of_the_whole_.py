"""scan records keep a digest of the whole request

Revision ID: 062a8a2493f0
Revises: c72ee498e944
Create Date: 2026-11-21 05:55:41.678215
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '062a8a2493f0'
down_revision: str | None = 'c72ee498e944'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('scanrecord', schema=None) as batch_op:
        # Existing scans get an empty digest: only new keys are compared by request.
        batch_op.add_column(
            sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default='')
        )



def downgrade() -> None:
    with op.batch_alter_table('scanrecord', schema=None) as batch_op:
        batch_op.drop_column('request_hash')


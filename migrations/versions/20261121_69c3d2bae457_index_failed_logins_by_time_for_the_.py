"""failed logins indexed by time, so purging those past retention reads only what it deletes

Revision ID: 69c3d2bae457
Revises: 2da7faac917d
Create Date: 2026-11-21 12:45:49.588754
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '69c3d2bae457'
down_revision: str | None = '2da7faac917d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('loginfailure', schema=None) as batch_op:
        batch_op.create_index('ix_loginfailure_at', ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('loginfailure', schema=None) as batch_op:
        batch_op.drop_index('ix_loginfailure_at')

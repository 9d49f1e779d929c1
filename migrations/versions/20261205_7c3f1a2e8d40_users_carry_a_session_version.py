"""users carry a session version, so logout, a password change or deactivation ends every session

Revision ID: 7c3f1a2e8d40
Revises: 8d4f1b6e2a57
Create Date: 2026-12-05 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '7c3f1a2e8d40'
down_revision: str | None = "8d4f1b6e2a57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows start at 0; sessions signed before this revision carry no version and end once.
    op.add_column('user', sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')

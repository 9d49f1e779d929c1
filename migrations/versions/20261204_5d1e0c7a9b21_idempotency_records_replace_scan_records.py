"""idempotency records replace scan records: the subject gets its own column, outcomes are named

Revision ID: 5d1e0c7a9b21
Revises: 5b0c4e7d2a91
Create Date: 2026-12-04 19:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '5d1e0c7a9b21'
down_revision: str | None = "5b0c4e7d2a91"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table and a copy rather than a rename, so constraint and sequence names follow the table.
    op.create_table('idempotencyrecord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'idempotency_key')
    )
    # A key left pending by a failure that decided nothing is dropped, so its retry can run again.
    op.execute(
        "INSERT INTO idempotencyrecord "
        "(user_id, idempotency_key, subject, action, request_hash, outcome, response, at) "
        "SELECT user_id, idempotency_key, digital_id, action, request_hash, "
        "CASE WHEN status_code < 0 THEN 'refused' ELSE 'done' END, response, at "
        "FROM scanrecord WHERE status_code != 0 ORDER BY id"
    )
    op.drop_table('scanrecord')


def downgrade() -> None:
    op.create_table('scanrecord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('digital_id', sqlmodel.sql.sqltypes.AutoString(length=37), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'idempotency_key')
    )
    # Subjects longer than the old column and actions longer than 20 characters are cut to fit.
    op.execute(
        "INSERT INTO scanrecord "
        "(user_id, idempotency_key, digital_id, action, status_code, response, at, request_hash) "
        "SELECT user_id, idempotency_key, substr(subject, 1, 37), substr(action, 1, 20), "
        "CASE outcome WHEN 'refused' THEN -1 WHEN 'pending' THEN 0 ELSE 200 END, response, at, request_hash "
        "FROM idempotencyrecord ORDER BY id"
    )
    op.drop_table('idempotencyrecord')

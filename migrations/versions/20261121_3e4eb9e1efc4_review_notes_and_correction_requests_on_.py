"""review notes and correction requests on manifests

Revision ID: 3e4eb9e1efc4
Revises: fee682d008a0
Create Date: 2026-11-21 08:05:22.271372
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '3e4eb9e1efc4'
down_revision: str | None = 'fee682d008a0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reviewnote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reviewnote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviewnote_manifest_id'), ['manifest_id'], unique=False)

    op.create_table('correctionrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('answer_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('close_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['closed_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['opened_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('correctionrequest', schema=None) as batch_op:
        batch_op.create_index('ix_correctionrequest_enterprise_status', ['enterprise_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_correctionrequest_manifest_id'), ['manifest_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('correctionrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correctionrequest_manifest_id'))
        batch_op.drop_index('ix_correctionrequest_enterprise_status')

    op.drop_table('correctionrequest')
    with op.batch_alter_table('reviewnote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewnote_manifest_id'))

    op.drop_table('reviewnote')

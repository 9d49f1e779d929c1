"""park catalogue revisions, chemical safety notes and supervision grade overrides

Revision ID: 6b32cee76dba
Revises: fca62693f128
Create Date: 2026-11-21 07:54:57.542684
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '6b32cee76dba'
down_revision: str | None = 'fca62693f128'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('chemicalsafetynote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chemical_id', sa.Integer(), nullable=False),
    sa.Column('protection', sa.Text(), nullable=False),
    sa.Column('emergency', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chemical_id'], ['chemical.id'], ),
    sa.ForeignKeyConstraint(['updated_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('chemical_id')
    )
    op.create_table('gradeoverride',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('made_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('made_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['made_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('gradeoverride', schema=None) as batch_op:
        batch_op.create_index('ix_gradeoverride_enterprise_at', ['enterprise_id', 'made_at'], unique=False)

    op.create_table('parkcataloguerevision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('park_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('made_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('made_by', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['made_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['park_id'], ['park.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('park_id', 'number')
    )
    with op.batch_alter_table('parkcataloguerevision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parkcataloguerevision_park_id'), ['park_id'], unique=False)

    op.create_table('parkcatalogueline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('chemical_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('max_holding_kg', sa.BigInteger(), nullable=True),
    sa.Column('reporting_kg', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['chemical_id'], ['chemical.id'], ),
    sa.ForeignKeyConstraint(['revision_id'], ['parkcataloguerevision.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('revision_id', 'chemical_id')
    )
    with op.batch_alter_table('parkcatalogueline', schema=None) as batch_op:
        batch_op.create_index('ix_parkcatalogueline_chemical_revision', ['chemical_id', 'revision_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('parkcatalogueline', schema=None) as batch_op:
        batch_op.drop_index('ix_parkcatalogueline_chemical_revision')

    op.drop_table('parkcatalogueline')
    with op.batch_alter_table('parkcataloguerevision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parkcataloguerevision_park_id'))

    op.drop_table('parkcataloguerevision')
    with op.batch_alter_table('gradeoverride', schema=None) as batch_op:
        batch_op.drop_index('ix_gradeoverride_enterprise_at')

    op.drop_table('gradeoverride')
    op.drop_table('chemicalsafetynote')

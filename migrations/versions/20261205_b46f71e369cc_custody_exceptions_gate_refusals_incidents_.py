"""custody exceptions: gate refusals (linking a partly refused manifest to its child), incidents, custody requests

Revision ID: b46f71e369cc
Revises: e3c37d0115ac
Create Date: 2026-12-05 09:10:52.267106
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b46f71e369cc'
down_revision: str | None = 'e3c37d0115ac'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('custodyrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=True),
    sa.Column('carrier_id', sa.Integer(), nullable=True),
    sa.Column('vehicle_id', sa.Integer(), nullable=True),
    sa.Column('driver_id', sa.Integer(), nullable=True),
    sa.Column('whereabouts', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['carrier_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['driver_id'], ['driver.id'], ),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['requested_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicle.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('custodyrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custodyrequest_manifest_id'), ['manifest_id'], unique=False)

    op.create_table('gaterefusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('refused_manifest_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('receiver_facility_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('containers', sa.JSON(), nullable=False),
    sa.Column('refused_g', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['receiver_facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['receiver_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['refused_manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('gaterefusal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gaterefusal_manifest_id'), ['manifest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gaterefusal_refused_manifest_id'), ['refused_manifest_id'], unique=False)

    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('leg_seq', sa.Integer(), nullable=True),
    sa.Column('facility_id', sa.Integer(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('containers', sa.JSON(), nullable=False),
    sa.Column('lost', sa.JSON(), nullable=False),
    sa.Column('lost_g', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_manifest_id'), ['manifest_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_manifest_id'))

    op.drop_table('incident')
    with op.batch_alter_table('gaterefusal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gaterefusal_refused_manifest_id'))
        batch_op.drop_index(batch_op.f('ix_gaterefusal_manifest_id'))

    op.drop_table('gaterefusal')
    with op.batch_alter_table('custodyrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custodyrequest_manifest_id'))

    op.drop_table('custodyrequest')

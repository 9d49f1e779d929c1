"""custody chain: waste streams, containers, stock, licence usage, manifests, signatures, revisions, scans

Revision ID: c72ee498e944
Revises: e799f233c98a
Create Date: 2026-11-21 05:22:20.059732
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'c72ee498e944'
down_revision: str | None = 'e799f233c98a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('counter',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('transferapproval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('generator_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('waste_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('quota_g', sa.BigInteger(), nullable=False),
    sa.Column('used_g', sa.BigInteger(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('authority', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['generator_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['receiver_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('transferapproval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transferapproval_generator_id'), ['generator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transferapproval_receiver_id'), ['receiver_id'], unique=False)

    op.create_table('wastestream',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('waste_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('edition', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('main_components', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('harmful_components', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('characteristics', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('precautions', sa.Text(), nullable=False),
    sa.Column('packaging', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('dg_class', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('wastestream', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wastestream_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('facilitystock',
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('stock_g', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.PrimaryKeyConstraint('facility_id')
    )
    op.create_table('licencelineusage',
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('accepted_g', sa.BigInteger(), nullable=False),
    sa.Column('in_flight_g', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['licencescopeline.id'], ),
    sa.PrimaryKeyConstraint('line_id', 'year')
    )
    op.create_table('manifest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('waste_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('stream_id', sa.Integer(), nullable=False),
    sa.Column('generator_id', sa.Integer(), nullable=False),
    sa.Column('origin_facility_id', sa.Integer(), nullable=True),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('receiver_facility_id', sa.Integer(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('planned_method', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('treatment_method', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('transfer_date', sa.Date(), nullable=False),
    sa.Column('declared_g', sa.BigInteger(), nullable=False),
    sa.Column('received_g', sa.BigInteger(), nullable=True),
    sa.Column('accepted_g', sa.BigInteger(), nullable=True),
    sa.Column('licence_line_id', sa.Integer(), nullable=True),
    sa.Column('reserved_year', sa.Integer(), nullable=True),
    sa.Column('reserved_g', sa.BigInteger(), nullable=False),
    sa.Column('cross_province', sa.Boolean(), nullable=False),
    sa.Column('approval_id', sa.Integer(), nullable=True),
    sa.Column('anomaly', sa.Boolean(), nullable=False),
    sa.Column('anomaly_note', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('picked_up_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('delivered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('treated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['approval_id'], ['transferapproval.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['generator_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['licence_line_id'], ['licencescopeline.id'], ),
    sa.ForeignKeyConstraint(['origin_facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['receiver_facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['receiver_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['stream_id'], ['wastestream.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('manifest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manifest_generator_id'), ['generator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_manifest_receiver_id'), ['receiver_id'], unique=False)
        batch_op.create_index('ix_manifest_status_created', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_manifest_waste_code'), ['waste_code'], unique=False)

    op.create_table('scanrecord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('digital_id', sqlmodel.sql.sqltypes.AutoString(length=37), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'idempotency_key')
    )
    op.create_table('container',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digital_id', sqlmodel.sql.sqltypes.AutoString(length=37), nullable=False),
    sa.Column('unit_code', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('waste_digits', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('gen_date', sa.Date(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('stream_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('generating_facility_id', sa.Integer(), nullable=True),
    sa.Column('packaging', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('volume_l', sa.Integer(), nullable=False),
    sa.Column('net_weight_g', sa.BigInteger(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=True),
    sa.Column('stored_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('manifest_id', sa.Integer(), nullable=True),
    sa.Column('remarks', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['generating_facility_id'], ['facility.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['stream_id'], ['wastestream.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digital_id'),
    sa.UniqueConstraint('unit_code', 'waste_digits', 'gen_date', 'serial')
    )
    with op.batch_alter_table('container', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_container_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_container_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_container_manifest_id'), ['manifest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_container_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_container_stream_id'), ['stream_id'], unique=False)

    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_manifest_id'), ['manifest_id'], unique=False)

    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_manifest_id'), ['manifest_id'], unique=False)

    op.create_table('transportleg',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('carrier_id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('driver_id', sa.Integer(), nullable=False),
    sa.Column('picked_up_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('delivered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['carrier_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['driver_id'], ['driver.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicle.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('manifest_id', 'seq')
    )
    with op.batch_alter_table('transportleg', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transportleg_carrier_id'), ['carrier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transportleg_manifest_id'), ['manifest_id'], unique=False)

    op.create_table('manifestcontainer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('container_id', sa.Integer(), nullable=False),
    sa.Column('declared_g', sa.BigInteger(), nullable=False),
    sa.Column('weighed_g', sa.BigInteger(), nullable=True),
    sa.Column('accepted', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['container_id'], ['container.id'], ),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('manifest_id', 'container_id')
    )
    with op.batch_alter_table('manifestcontainer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manifestcontainer_container_id'), ['container_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_manifestcontainer_manifest_id'), ['manifest_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('manifestcontainer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manifestcontainer_manifest_id'))
        batch_op.drop_index(batch_op.f('ix_manifestcontainer_container_id'))

    op.drop_table('manifestcontainer')
    with op.batch_alter_table('transportleg', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transportleg_manifest_id'))
        batch_op.drop_index(batch_op.f('ix_transportleg_carrier_id'))

    op.drop_table('transportleg')
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_manifest_id'))

    op.drop_table('signature')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_manifest_id'))

    op.drop_table('revision')
    with op.batch_alter_table('container', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_container_stream_id'))
        batch_op.drop_index(batch_op.f('ix_container_status'))
        batch_op.drop_index(batch_op.f('ix_container_manifest_id'))
        batch_op.drop_index(batch_op.f('ix_container_facility_id'))
        batch_op.drop_index(batch_op.f('ix_container_enterprise_id'))

    op.drop_table('container')
    op.drop_table('scanrecord')
    with op.batch_alter_table('manifest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manifest_waste_code'))
        batch_op.drop_index('ix_manifest_status_created')
        batch_op.drop_index(batch_op.f('ix_manifest_receiver_id'))
        batch_op.drop_index(batch_op.f('ix_manifest_generator_id'))

    op.drop_table('manifest')
    op.drop_table('licencelineusage')
    op.drop_table('facilitystock')
    with op.batch_alter_table('wastestream', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wastestream_enterprise_id'))

    op.drop_table('wastestream')
    with op.batch_alter_table('transferapproval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transferapproval_receiver_id'))
        batch_op.drop_index(batch_op.f('ix_transferapproval_generator_id'))

    op.drop_table('transferapproval')
    op.drop_table('counter')

"""registry: parks, departments, licences, enterprises, facilities, catalogues, accounts, audit

Revision ID: e799f233c98a
Revises: 
Create Date: 2026-11-21 05:08:15.872932
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'e799f233c98a'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('catalogueedition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('edition', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('list_name', 'edition')
    )
    op.create_table('chemical',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('cas_numbers', sa.JSON(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('highly_toxic', sa.Boolean(), nullable=False),
    sa.Column('explosive_precursor', sa.Boolean(), nullable=False),
    sa.Column('drug_precursor_class', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('key_supervised', sa.Boolean(), nullable=False),
    sa.Column('un_number', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('ghs_categories', sa.Text(), nullable=False),
    sa.Column('critical_quantity_kg', sa.BigInteger(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edition', 'serial', 'name')
    )
    with op.batch_alter_table('chemical', schema=None) as batch_op:
        batch_op.create_index('ix_chemical_edition_serial', ['edition', 'serial'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_actor_id'), ['actor_id'], unique=False)

    op.create_table('licencetype',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('issuer_kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('validity_years', sa.Integer(), nullable=True),
    sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('requires', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('park',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('treatmentmethod',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('wastecategory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edition', 'number')
    )
    op.create_table('wastecode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('characteristics', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edition', 'code')
    )
    with op.batch_alter_table('wastecode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wastecode_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_wastecode_code'), ['code'], unique=False)

    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('park_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['park_id'], ['park.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('park_id', 'name')
    )
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_department_park_id'), ['park_id'], unique=False)

    op.create_table('enterprise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('park_id', sa.Integer(), nullable=False),
    sa.Column('uscc', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.ForeignKeyConstraint(['park_id'], ['park.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uscc')
    )
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_park_id'), ['park_id'], unique=False)

    op.create_table('driver',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carrier_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('certificate_no', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['carrier_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('certificate_no')
    )
    with op.batch_alter_table('driver', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_driver_carrier_id'), ['carrier_id'], unique=False)

    op.create_table('facility',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('storage_capacity_kg', sa.BigInteger(), nullable=True),
    sa.Column('annual_capacity_kg', sa.BigInteger(), nullable=True),
    sa.Column('daily_capacity_kg', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('licence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('licence_type_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('issuer_department_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['issuer_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['licence_type_id'], ['licencetype.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('licence_type_id', 'number')
    )
    with op.batch_alter_table('licence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licence_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_licence_licence_type_id'), ['licence_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_licence_valid_to'), ['valid_to'], unique=False)

    op.create_table('responsibility',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('licence_type_id', sa.Integer(), nullable=False),
    sa.Column('duty', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['licence_type_id'], ['licencetype.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('department_id', 'licence_type_id', 'duty')
    )
    with op.batch_alter_table('responsibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responsibility_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_responsibility_licence_type_id'), ['licence_type_id'], unique=False)

    op.create_table('vehicle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carrier_id', sa.Integer(), nullable=False),
    sa.Column('plate', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('certificate_no', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('dg_classes', sa.JSON(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['carrier_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plate')
    )
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicle_carrier_id'), ['carrier_id'], unique=False)

    op.create_table('facilitychemical',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('chemical_id', sa.Integer(), nullable=False),
    sa.Column('max_quantity_kg', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['chemical_id'], ['chemical.id'], ),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('facility_id', 'chemical_id')
    )
    with op.batch_alter_table('facilitychemical', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitychemical_chemical_id'), ['chemical_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilitychemical_facility_id'), ['facility_id'], unique=False)

    op.create_table('licencescopeline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('waste_category', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('waste_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('modes', sa.JSON(), nullable=False),
    sa.Column('method_codes', sa.JSON(), nullable=False),
    sa.Column('annual_scale_kg', sa.BigInteger(), nullable=True),
    sa.Column('chemical_id', sa.Integer(), nullable=True),
    sa.Column('max_quantity_kg', sa.BigInteger(), nullable=True),
    sa.Column('dg_class', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.ForeignKeyConstraint(['chemical_id'], ['chemical.id'], ),
    sa.ForeignKeyConstraint(['licence_id'], ['licence.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('licencescopeline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licencescopeline_chemical_id'), ['chemical_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_licencescopeline_licence_id'), ['licence_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('driver_id', sa.Integer(), nullable=True),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['driver_id'], ['driver.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('apitoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('apitoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apitoken_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('apitoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apitoken_user_id'))

    op.drop_table('apitoken')
    op.drop_table('user')
    with op.batch_alter_table('licencescopeline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licencescopeline_licence_id'))
        batch_op.drop_index(batch_op.f('ix_licencescopeline_chemical_id'))

    op.drop_table('licencescopeline')
    with op.batch_alter_table('facilitychemical', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitychemical_facility_id'))
        batch_op.drop_index(batch_op.f('ix_facilitychemical_chemical_id'))

    op.drop_table('facilitychemical')
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicle_carrier_id'))

    op.drop_table('vehicle')
    with op.batch_alter_table('responsibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responsibility_licence_type_id'))
        batch_op.drop_index(batch_op.f('ix_responsibility_department_id'))

    op.drop_table('responsibility')
    with op.batch_alter_table('licence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licence_valid_to'))
        batch_op.drop_index(batch_op.f('ix_licence_licence_type_id'))
        batch_op.drop_index(batch_op.f('ix_licence_enterprise_id'))

    op.drop_table('licence')
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_enterprise_id'))

    op.drop_table('facility')
    with op.batch_alter_table('driver', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_driver_carrier_id'))

    op.drop_table('driver')
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprise_park_id'))
        batch_op.drop_index(batch_op.f('ix_enterprise_name'))

    op.drop_table('enterprise')
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_park_id'))
        batch_op.drop_index(batch_op.f('ix_department_kind'))

    op.drop_table('department')
    with op.batch_alter_table('wastecode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wastecode_code'))
        batch_op.drop_index(batch_op.f('ix_wastecode_category'))

    op.drop_table('wastecode')
    op.drop_table('wastecategory')
    op.drop_table('treatmentmethod')
    op.drop_table('park')
    op.drop_table('licencetype')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_actor_id'))

    op.drop_table('event')
    with op.batch_alter_table('chemical', schema=None) as batch_op:
        batch_op.drop_index('ix_chemical_edition_serial')

    op.drop_table('chemical')
    op.drop_table('catalogueedition')

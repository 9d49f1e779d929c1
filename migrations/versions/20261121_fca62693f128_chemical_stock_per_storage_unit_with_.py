"""chemical stock per storage unit with append-only movements and running totals

Revision ID: fca62693f128
Revises: 3e4eb9e1efc4
Create Date: 2026-11-21 07:54:57.063352
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "fca62693f128"
down_revision: str | None = "3e4eb9e1efc4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enterprisechemicalstock",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("chemical_id", sa.Integer(), nullable=False),
        sa.Column("quantity_kg", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chemical_id"],
            ["chemical.id"],
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.PrimaryKeyConstraint("enterprise_id", "chemical_id"),
    )
    op.create_table(
        "facilitychemicalstock",
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("chemical_id", sa.Integer(), nullable=False),
        sa.Column("quantity_kg", sa.BigInteger(), nullable=False),
        sa.Column("ratio_ppb", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chemical_id"],
            ["chemical.id"],
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.PrimaryKeyConstraint("facility_id", "chemical_id"),
    )
    op.create_table(
        "facilityhazard",
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("stock_kg", sa.BigInteger(), nullable=False),
        sa.Column("ratio_ppb", sa.BigInteger(), nullable=False),
        sa.Column("major_hazard", sa.Boolean(), nullable=False),
        sa.Column("crossings", sa.Integer(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.PrimaryKeyConstraint("facility_id"),
    )
    with op.batch_alter_table("facilityhazard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facilityhazard_major_hazard"), ["major_hazard"], unique=False)

    op.create_table(
        "storageunit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("capacity_kg", sa.BigInteger(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("facility_id", "name"),
    )
    with op.batch_alter_table("storageunit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_storageunit_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_storageunit_facility_id"), ["facility_id"], unique=False)

    op.create_table(
        "permitusage",
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("used_kg", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["licencescopeline.id"],
        ),
        sa.PrimaryKeyConstraint("line_id"),
    )
    op.create_table(
        "unitstock",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("chemical_id", sa.Integer(), nullable=False),
        sa.Column("quantity_kg", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chemical_id"],
            ["chemical.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["storageunit.id"],
        ),
        sa.PrimaryKeyConstraint("unit_id", "chemical_id"),
    )
    op.create_table(
        "stockmovement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("chemical_id", sa.Integer(), nullable=False),
        sa.Column("quantity_kg", sa.BigInteger(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("to_unit_id", sa.Integer(), nullable=True),
        sa.Column("balance_kg", sa.BigInteger(), nullable=False),
        sa.Column("to_balance_kg", sa.BigInteger(), nullable=True),
        sa.Column("supplier", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("permit_line_id", sa.Integer(), nullable=True),
        sa.Column("container_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["chemical_id"],
            ["chemical.id"],
        ),
        sa.ForeignKeyConstraint(
            ["container_id"],
            ["container.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.ForeignKeyConstraint(
            ["permit_line_id"],
            ["licencescopeline.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_unit_id"],
            ["storageunit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["storageunit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stockmovement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stockmovement_chemical_id"), ["chemical_id"], unique=False)
        batch_op.create_index("ix_stockmovement_enterprise_id", ["enterprise_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stockmovement_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stockmovement_permit_line_id"), ["permit_line_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stockmovement_to_unit_id"), ["to_unit_id"], unique=False)
        batch_op.create_index(
            "ix_stockmovement_unit_chemical", ["unit_id", "chemical_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("stockmovement", schema=None) as batch_op:
        batch_op.drop_index("ix_stockmovement_unit_chemical")
        batch_op.drop_index(batch_op.f("ix_stockmovement_to_unit_id"))
        batch_op.drop_index(batch_op.f("ix_stockmovement_permit_line_id"))
        batch_op.drop_index(batch_op.f("ix_stockmovement_facility_id"))
        batch_op.drop_index("ix_stockmovement_enterprise_id")
        batch_op.drop_index(batch_op.f("ix_stockmovement_chemical_id"))

    op.drop_table("stockmovement")
    op.drop_table("unitstock")
    op.drop_table("permitusage")
    with op.batch_alter_table("storageunit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_storageunit_facility_id"))
        batch_op.drop_index(batch_op.f("ix_storageunit_enterprise_id"))

    op.drop_table("storageunit")
    with op.batch_alter_table("facilityhazard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facilityhazard_major_hazard"))

    op.drop_table("facilityhazard")
    op.drop_table("facilitychemicalstock")
    op.drop_table("enterprisechemicalstock")

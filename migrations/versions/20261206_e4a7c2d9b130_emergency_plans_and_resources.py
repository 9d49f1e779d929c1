"""emergency plans (versioned, with their organisation, notification tree and file) and emergency resources

Revision ID: e4a7c2d9b130
Revises: c5d8e2a91f47
Create Date: 2026-12-06 05:02:21.066405
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e4a7c2d9b130"
down_revision: str | None = "c5d8e2a91f47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "emergencyplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=True),
        sa.Column("next_drill_due", sa.Date(), nullable=True),
        sa.Column("last_drill_on", sa.Date(), nullable=True),
        sa.Column("last_review_on", sa.Date(), nullable=True),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["park_id"],
            ["park.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("emergencyplan", schema=None) as batch_op:
        batch_op.create_index(
            "ix_emergencyplan_chain", ["park_id", "enterprise_id", "kind", "version"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_emergencyplan_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_emergencyplan_park_id"), ["park_id"], unique=False)

    op.create_table(
        "emergencyresource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.Column("owner_enterprise_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=True),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("capacity_m3", sa.Integer(), nullable=True),
        sa.Column("minimum_quantity", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("next_inspection_due", sa.Date(), nullable=True),
        sa.Column("last_inspected_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["park_id"],
            ["park.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["emergencyplan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("park_id", "owner_enterprise_id", "kind", "name"),
    )
    with op.batch_alter_table("emergencyresource", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emergencyresource_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_emergencyresource_owner_enterprise_id"), ["owner_enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_emergencyresource_park_id"), ["park_id"], unique=False)
        batch_op.create_index("ix_emergencyresource_park_kind", ["park_id", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_emergencyresource_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plancontact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["emergencyplan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plancontact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plancontact_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "planfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["emergencyplan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("planfile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planfile_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "notificationrule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("grade", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("notifier", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("notified_department_id", sa.Integer(), nullable=True),
        sa.Column("notified_contact_id", sa.Integer(), nullable=True),
        sa.Column("notified_unit", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("within_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notified_contact_id"],
            ["plancontact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["notified_department_id"],
            ["department.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["emergencyplan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notificationrule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notificationrule_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notificationrule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notificationrule_plan_id"))

    op.drop_table("notificationrule")
    with op.batch_alter_table("planfile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planfile_plan_id"))

    op.drop_table("planfile")
    with op.batch_alter_table("plancontact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plancontact_plan_id"))

    op.drop_table("plancontact")
    with op.batch_alter_table("emergencyresource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergencyresource_plan_id"))
        batch_op.drop_index("ix_emergencyresource_park_kind")
        batch_op.drop_index(batch_op.f("ix_emergencyresource_park_id"))
        batch_op.drop_index(batch_op.f("ix_emergencyresource_owner_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_emergencyresource_facility_id"))

    op.drop_table("emergencyresource")
    with op.batch_alter_table("emergencyplan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergencyplan_park_id"))
        batch_op.drop_index(batch_op.f("ix_emergencyplan_enterprise_id"))
        batch_op.drop_index("ix_emergencyplan_chain")

    op.drop_table("emergencyplan")

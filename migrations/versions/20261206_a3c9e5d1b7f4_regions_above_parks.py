"""regions above parks: regional departments, and park administrators bound to their park

Revision ID: a3c9e5d1b7f4
Revises: 2bffbe3efc90
Create Date: 2026-12-06 08:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a3c9e5d1b7f4"
down_revision: str | None = "2bffbe3efc90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["region.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("region") as batch:
        batch.create_index(batch.f("ix_region_parent_id"), ["parent_id"], unique=False)
    with op.batch_alter_table("park") as batch:
        batch.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_park_region_id"), ["region_id"], unique=False)
        batch.create_foreign_key("fk_park_region_id_region", "region", ["region_id"], ["id"])
    # A department now belongs to a park or to a region: park_id may be empty for a region's.
    with op.batch_alter_table("department") as batch:
        batch.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
        batch.alter_column("park_id", existing_type=sa.Integer(), nullable=True)
        batch.create_index(batch.f("ix_department_region_id"), ["region_id"], unique=False)
        batch.create_foreign_key("fk_department_region_id_region", "region", ["region_id"], ["id"])
        batch.create_unique_constraint("uq_department_region_name", ["region_id", "name"])
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("park_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_user_park_id_park", "park", ["park_id"], ["id"])
    # Administrators were bound to no park; an installation ran one park, so they run its first.
    op.execute(
        "UPDATE \"user\" SET park_id = (SELECT MIN(id) FROM park) WHERE role = 'park_admin' AND park_id IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_constraint("fk_user_park_id_park", type_="foreignkey")
        batch.drop_column("park_id")
    op.execute("DELETE FROM department WHERE park_id IS NULL")
    with op.batch_alter_table("department") as batch:
        batch.drop_constraint("uq_department_region_name", type_="unique")
        batch.drop_constraint("fk_department_region_id_region", type_="foreignkey")
        batch.drop_index(batch.f("ix_department_region_id"))
        batch.alter_column("park_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("region_id")
    with op.batch_alter_table("park") as batch:
        batch.drop_constraint("fk_park_region_id_region", type_="foreignkey")
        batch.drop_index(batch.f("ix_park_region_id"))
        batch.drop_column("region_id")
    with op.batch_alter_table("region") as batch:
        batch.drop_index(batch.f("ix_region_parent_id"))
    op.drop_table("region")

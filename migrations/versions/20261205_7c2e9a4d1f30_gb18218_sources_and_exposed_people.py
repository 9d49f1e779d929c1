"""GB 18218: where each critical quantity comes from, and each facility's exposed population

Revision ID: 7c2e9a4d1f30
Revises: 5d1e0c7a9b21
Create Date: 2026-12-05 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7c2e9a4d1f30"
down_revision: str | None = "5d1e0c7a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing values get no source: the loader then treats them as the park's own and keeps them.
    with op.batch_alter_table("chemical") as batch:
        batch.add_column(
            sa.Column(
                "critical_quantity_source",
                sqlmodel.sql.sqltypes.AutoString(length=300),
                nullable=False,
                server_default="",
            )
        )
    with op.batch_alter_table("facility") as batch:
        batch.add_column(sa.Column("exposed_people", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facility") as batch:
        batch.drop_column("exposed_people")
    with op.batch_alter_table("chemical") as batch:
        batch.drop_column("critical_quantity_source")

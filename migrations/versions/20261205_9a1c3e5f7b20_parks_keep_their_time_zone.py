"""parks keep their time zone: each park's "today" is its own calendar date

Revision ID: 9a1c3e5f7b20
Revises: 7c3f1a2e8d40
Create Date: 2026-12-05 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "9a1c3e5f7b20"
down_revision: str | None = "7c3f1a2e8d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every park so far kept Beijing time.
    with op.batch_alter_table("park") as batch:
        batch.add_column(
            sa.Column(
                "timezone",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="Asia/Shanghai",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("park") as batch:
        batch.drop_column("timezone")

"""alerts carry a message code and parameters, said in the reader's language

Revision ID: c5d8e2a91f47
Revises: b46f71e369cc
Create Date: 2026-12-06 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c5d8e2a91f47"
down_revision: str | None = "b46f71e369cc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Alerts raised before have no code: they keep showing their stored English text.
    with op.batch_alter_table("alert") as batch:
        batch.add_column(
            sa.Column(
                "message_code", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default=""
            )
        )
        batch.add_column(sa.Column("message_params", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("alert") as batch:
        batch.drop_column("message_params")
        batch.drop_column("message_code")

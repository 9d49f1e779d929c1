"""transport legs looked up by driver: a driver reads only the manifests of its own legs

Revision ID: 5860d26b17ff
Revises: 5e3a9c71d2b8
Create Date: 2026-12-05 09:30:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '5860d26b17ff'
down_revision: str | None = '5e3a9c71d2b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_transportleg_driver_manifest", "transportleg", ["driver_id", "manifest_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_transportleg_driver_manifest", table_name="transportleg")

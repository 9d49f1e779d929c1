"""alerts go to a park: the responsible enterprise's, so a cross-park transfer alerts each side's park

Revision ID: c4112479e3a6
Revises: a3c9e5d1b7f4
Create Date: 2026-12-06 08:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4112479e3a6"
down_revision: str | None = "a3c9e5d1b7f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alert") as batch:
        batch.add_column(sa.Column("park_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_alert_park_id"), ["park_id"], unique=False)
        batch.create_foreign_key("fk_alert_park_id_park", "park", ["park_id"], ["id"])
    # Alerts raised so far go to their enterprise's park, or the installation's only park.
    op.execute(
        "UPDATE alert SET park_id = (SELECT park_id FROM enterprise WHERE enterprise.id = alert.enterprise_id)"
        " WHERE enterprise_id IS NOT NULL"
    )
    op.execute(
        "UPDATE alert SET park_id = (SELECT MIN(id) FROM park)"
        " WHERE park_id IS NULL AND (SELECT COUNT(*) FROM park) = 1"
    )


def downgrade() -> None:
    with op.batch_alter_table("alert") as batch:
        batch.drop_constraint("fk_alert_park_id_park", type_="foreignkey")
        batch.drop_index(batch.f("ix_alert_park_id"))
        batch.drop_column("park_id")

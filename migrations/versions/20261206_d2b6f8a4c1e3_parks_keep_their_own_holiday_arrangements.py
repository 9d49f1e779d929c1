"""parks keep their own holiday arrangements beside the deployment's

Revision ID: d2b6f8a4c1e3
Revises: 7a3e5c1d9b24
Create Date: 2026-12-06 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d2b6f8a4c1e3"
down_revision: str | None = "7a3e5c1d9b24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite kept the year's unique constraint unnamed; this convention names it so batch mode can drop it.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _year_constraint() -> str:
    return "holidayarrangement_year_key" if op.get_bind().dialect.name == "postgresql" else "uq_holidayarrangement_year"


def upgrade() -> None:
    # Arrangements entered so far stay the deployment's (park_id empty), in force for every park.
    with op.batch_alter_table("holidayarrangement", naming_convention=_NAMES) as batch:
        batch.drop_constraint(_year_constraint(), type_="unique")
        batch.add_column(sa.Column("park_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_holidayarrangement_park_id"), ["park_id"], unique=False)
        batch.create_foreign_key("fk_holidayarrangement_park_id_park", "park", ["park_id"], ["id"])
        batch.create_unique_constraint("uq_holidayarrangement_park_year", ["park_id", "year"])


def downgrade() -> None:
    op.execute("DELETE FROM holidayarrangement WHERE park_id IS NOT NULL")
    with op.batch_alter_table("holidayarrangement", naming_convention=_NAMES) as batch:
        batch.drop_constraint("uq_holidayarrangement_park_year", type_="unique")
        batch.drop_constraint("fk_holidayarrangement_park_id_park", type_="foreignkey")
        batch.drop_index(batch.f("ix_holidayarrangement_park_id"))
        batch.drop_column("park_id")
        batch.create_unique_constraint(_year_constraint(), ["year"])

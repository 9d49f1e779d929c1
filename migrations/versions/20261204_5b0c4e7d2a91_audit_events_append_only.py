"""audit events append-only in the database: triggers refuse UPDATE and DELETE on the event table

The hash chain shows tampering after the fact; these triggers stop the application's own
connection from changing or removing an event at all. Someone with owner rights can still
disable them, which `hazchem audit verify` (with anchors) exposes. A later migration that
rebuilds the event table on SQLite must create the triggers again.

Revision ID: 5b0c4e7d2a91
Revises: 69c3d2bae457
Create Date: 2026-12-04 19:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5b0c4e7d2a91"
down_revision: str | None = "69c3d2bae457"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "audit events are append-only"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
            "FOR EACH ROW EXECUTE FUNCTION event_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER event_no_{verb.lower()} BEFORE {verb} ON event "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER event_append_only ON event")
        op.execute("DROP FUNCTION event_append_only()")
        return
    op.execute("DROP TRIGGER event_no_update")
    op.execute("DROP TRIGGER event_no_delete")

"""`hazchem alerts sweep` raises what is due once; a second run reports nothing new."""

from datetime import UTC, datetime

from sqlmodel import func, select

from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import Alert
from tests.services.conftest import chain  # noqa: F401
from tests.services.test_audit_search import add_manifest


def test_sweep_command_is_idempotent(app, session, registry, chain):  # noqa: F811
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["alerts", "sweep"])
    assert first.exit_code == 0 and "1 new overdue_confirmation alert(s)" in first.output
    again = runner.invoke(args=["alerts", "sweep"])
    assert again.exit_code == 0 and "no new alerts" in again.output
    assert session.exec(select(func.count()).select_from(Alert)).one() == 1

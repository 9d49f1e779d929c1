"""Raising and acknowledging alerts: one row per condition, acknowledged with a note, never deleted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from hazchem.db import begin_write, is_postgres, use_case
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind
from hazchem.models import Alert
from hazchem.services import audit
from hazchem.services.access import Actor


def raise_alert(
    session: Session,
    *,
    key: str,
    kind: AlertKind,
    severity: AlertSeverity,
    department_kind: DepartmentKind,
    entity: str,
    entity_id: Any,
    message: str,
    enterprise_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> bool:
    """Record the condition in the caller's transaction unless `key` was raised before; True if new."""
    values = {
        "key": key[:200],
        "kind": str(kind),
        "severity": str(severity),
        "department_kind": str(department_kind),
        "enterprise_id": enterprise_id,
        "entity": entity,
        "entity_id": str(entity_id),
        "message": message,
        "details": details or {},
        "raised_at": datetime.now(UTC).replace(microsecond=0),
        "ack_note": "",
    }
    # ON CONFLICT DO NOTHING: a sweep and an action raising the same condition at once add one row.
    dialect = postgresql if is_postgres(session.get_bind()) else sqlite
    stmt = dialect.insert(Alert).values(**values).on_conflict_do_nothing(index_elements=["key"])
    return session.exec(stmt.returning(Alert.id)).first() is not None  # type: ignore[call-overload]


@use_case
def acknowledge(*, session: Session, actor: Actor, alert_id: int, note: str) -> Alert:
    """A regulator of the alert's department (or the park) acknowledges it with a note."""
    if not (note or "").strip():
        raise InvalidInput("an acknowledgement needs a note", details=[{"field": "note"}])
    begin_write(session)
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"alert {alert_id} not found")
    if not (actor.sees_everything or (actor.is_regulator and actor.department_kind == alert.department_kind)):
        raise Forbidden("only the alert's department or the park may acknowledge it")
    if alert.acknowledged_at is not None:
        raise Conflict(f"alert {alert_id} was already acknowledged")
    alert.acknowledged_at = datetime.now(UTC).replace(microsecond=0)
    alert.acknowledged_by = actor.user_id
    alert.ack_note = note.strip()
    session.add(alert)
    audit.record(
        session,
        actor=actor,
        action="alert.acknowledge",
        entity="alert",
        entity_id=alert.id,
        after={"note": alert.ack_note},
    )
    session.commit()
    session.refresh(alert)
    return alert

"""Overdue notifications under the emergency plan, as conditions the alert sweep raises: each to the
department that should have been told, or to the emergency office when the one to tell is no department."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain import alerting
from hazchem.domain import emergency_incidents as rules
from hazchem.domain import incident_messages as msg
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind
from hazchem.models import Department, EmergencyIncident, IncidentNotification


def overdue_key(notification_id: int) -> str:
    """The alert key of one overdue notification: raised once, however often the sweep runs."""
    return f"incident-notification:{notification_id}"


def overdue_notifications(session: Session, now: datetime) -> list[dict[str, Any]]:
    """An alert condition for each due notification of an open incident not recorded by its time."""
    rows = session.exec(
        select(IncidentNotification, EmergencyIncident)
        .join(EmergencyIncident, col(EmergencyIncident.id) == IncidentNotification.incident_id)
        .where(
            col(IncidentNotification.told_at).is_(None),
            col(IncidentNotification.due_by).is_not(None),
            col(IncidentNotification.due_by) < now,
            EmergencyIncident.status != rules.IncidentStatus.CLOSED.value,
        )
        .order_by(col(IncidentNotification.id))
    ).all()
    departments = (
        {
            d.id: d
            for d in session.exec(
                select(Department).where(
                    col(Department.id).in_(sorted({n.department_id for n, _ in rows if n.department_id}))
                )
            )
        }
        if rows
        else {}
    )
    found = []
    for notification, incident in rows:
        if not rules.notification_overdue(rules.aware(notification.due_by), notification.told_at, now):
            continue
        department = departments.get(notification.department_id) if notification.department_id else None
        kind = (
            department.kind
            if department is not None
            else alerting.ALERT_DEPARTMENT[AlertKind.INCIDENT_NOTIFICATION_OVERDUE]
        )
        found.append(
            {
                "key": overdue_key(notification.id),
                "kind": AlertKind.INCIDENT_NOTIFICATION_OVERDUE,
                "severity": AlertSeverity.BREACH,
                "department_kind": DepartmentKind(kind),
                "entity": "emergency_incident",
                "entity_id": incident.id,
                "enterprise_id": incident.enterprise_id,
                "said": msg.ALERT_NOTIFICATION_OVERDUE(
                    incident=incident.id,
                    grade=incident.grade or "",
                    place=incident.place,
                    notified=(department.name if department else notification.contact_name),
                    notifier=notification.notifier,
                    due_by=rules.aware(notification.due_by).isoformat(timespec="minutes"),
                ),
                "details": {
                    "incident_id": incident.id,
                    "notification_id": notification.id,
                    "rule_id": notification.rule_id,
                    "department_id": notification.department_id,
                },
            }
        )
    return found

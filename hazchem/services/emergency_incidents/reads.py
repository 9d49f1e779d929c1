"""Reading incidents: the list in the actor's scope, one incident's whole record, and what the actions
left open to the actor are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from hazchem.domain import emergency_incidents as rules
from hazchem.domain.emergency_incidents import IncidentAction
from hazchem.models import (
    Chemical,
    CorrectiveAction,
    Department,
    EmergencyIncident,
    Enterprise,
    Event,
    Facility,
    IncidentNotification,
    IncidentStep,
    IncidentSubstance,
    Manifest,
    MonitoringReading,
    User,
)
from hazchem.services.emergency_incidents.records import ENTITY, load_incident
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, incident_scope

MAX_LIST = 200


@dataclass(frozen=True)
class IncidentRow:
    """One line of the incident list."""

    incident: EmergencyIncident
    enterprise: str
    facility: str


def list_incidents(*, session: Session, actor: Actor, enterprise_id: int | None = None) -> list[IncidentRow]:
    """The incidents the actor may see, latest first (optionally one enterprise's)."""
    scope = incident_scope(actor)
    query = (
        select(EmergencyIncident, Enterprise.name, Facility.name)
        .join(Enterprise, col(Enterprise.id) == EmergencyIncident.enterprise_id)
        .outerjoin(Facility, col(Facility.id) == EmergencyIncident.facility_id)
        .order_by(col(EmergencyIncident.occurred_at).desc(), col(EmergencyIncident.id).desc())
        .limit(MAX_LIST)
    )
    if scope.enterprise_ids is not None:
        query = query.where(col(EmergencyIncident.enterprise_id).in_(sorted(scope.enterprise_ids) or [-1]))
    elif scope.park_ids is not None:
        query = query.where(col(EmergencyIncident.park_id).in_(sorted(scope.park_ids) or [-1]))
    if enterprise_id is not None:
        query = query.where(EmergencyIncident.enterprise_id == enterprise_id)
    return [IncidentRow(i, e, f or "") for i, e, f in session.exec(query)]


@dataclass(frozen=True)
class SubstanceView:
    """A substance involved, with its catalogue entry when it is a chemical."""

    row: IncidentSubstance
    chemical: Chemical | None
    manifest_number: str


@dataclass(frozen=True)
class NotificationView:
    """A notification due or made, with the department's name and whether it is overdue now."""

    row: IncidentNotification
    department: str
    department_kind: str
    overdue: bool


@dataclass
class IncidentView:
    """An incident's whole record as its page and the API show it."""

    incident: EmergencyIncident
    enterprise: Enterprise
    facility: Facility | None
    reporter: str
    substances: list[SubstanceView] = field(default_factory=list)
    notifications: list[NotificationView] = field(default_factory=list)
    steps: list[IncidentStep] = field(default_factory=list)
    readings: list[MonitoringReading] = field(default_factory=list)
    corrective_actions: list[CorrectiveAction] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    actions: frozenset[str] = frozenset()

    @property
    def after_action_missing(self) -> list:
        """What the after-action record lacks before closing."""
        i = self.incident
        return rules.after_action_missing(
            assessment=i.assessment,
            cause=i.cause,
            responsibility=i.responsibility,
            corrective_actions=len(self.corrective_actions),
        )


def actions_for(actor: Actor, incident: EmergencyIncident) -> frozenset[str]:
    """The actions the actor may take on the incident now (the office only, in the status's order)."""
    if not rules.is_office(actor.role, actor.department_kind):
        return frozenset()
    return frozenset(a.value for a in rules.allowed_actions(incident.status))


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return (user.display_name or user.username) if user else ""


def incident_view(
    *, session: Session, actor: Actor, incident_id: int, now: datetime | None = None
) -> IncidentView:
    """One incident's record: what was involved, who was told (and who is overdue), steps, readings,
    corrective actions, its audit events, and the actions open to the actor."""
    incident = load_incident(session, actor, incident_id)
    now = rules.aware(now or clock.now())
    substances = []
    for row in session.exec(
        select(IncidentSubstance)
        .where(IncidentSubstance.incident_id == incident.id)
        .order_by(col(IncidentSubstance.id))
    ):
        manifest = session.get(Manifest, row.manifest_id) if row.manifest_id else None
        substances.append(
            SubstanceView(
                row,
                session.get(Chemical, row.chemical_id) if row.chemical_id else None,
                manifest.number if manifest else "",
            )
        )
    departments = {
        d.id: d for d in session.exec(select(Department).where(Department.park_id == incident.park_id))
    }
    notifications = []
    for row in session.exec(
        select(IncidentNotification)
        .where(IncidentNotification.incident_id == incident.id)
        .order_by(col(IncidentNotification.due_by), col(IncidentNotification.id))
    ):
        department = departments.get(row.department_id) if row.department_id else None
        overdue = rules.notification_overdue(
            rules.aware(row.due_by) if row.due_by else None, row.told_at, now
        )
        notifications.append(
            NotificationView(
                row, department.name if department else "", department.kind if department else "", overdue
            )
        )

    def rows(model, order):
        return list(
            session.exec(select(model).where(model.incident_id == incident.id).order_by(order, col(model.id)))
        )

    return IncidentView(
        incident=incident,
        enterprise=session.get(Enterprise, incident.enterprise_id),
        facility=session.get(Facility, incident.facility_id) if incident.facility_id else None,
        reporter=_name(session, incident.reported_by),
        substances=substances,
        notifications=notifications,
        steps=rows(IncidentStep, col(IncidentStep.taken_at)),
        readings=rows(MonitoringReading, col(MonitoringReading.taken_at)),
        corrective_actions=rows(CorrectiveAction, col(CorrectiveAction.due_on)),
        events=audit.record_events(session=session, entity=ENTITY, entity_ids=[str(incident.id)]),
        actions=actions_for(actor, incident),
    )


def may_act(view: IncidentView, action: IncidentAction) -> bool:
    """Whether the view's actor may take an action now (for pages)."""
    return action.value in view.actions

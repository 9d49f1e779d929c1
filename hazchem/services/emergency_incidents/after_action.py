"""The after-action record of an accident incident and its closure: the review, the corrective actions
with their owners and due dates, and closing once the record is complete."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from hazchem.domain import emergency_incidents as rules
from hazchem.domain import incident_messages as msg
from hazchem.domain.emergency_incidents import IncidentAction
from hazchem.domain.errors import NotFound
from hazchem.models import CorrectiveAction, EmergencyIncident
from hazchem.services.emergency_incidents.records import ENTITY, MAX_NAME, audit_step, clean_text, office_step
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import use_case


@use_case(f"{ENTITY}.after_action")
def record_after_action(
    *,
    session: Session,
    actor: Actor,
    incident_id: int,
    assessment: str | None = None,
    cause: str | None = None,
    responsibility: str | None = None,
) -> EmergencyIncident:
    """Record the after-action review: the assessment, the cause and who is responsible (each part left
    out keeps what was recorded)."""
    incident, before = office_step(session, actor, incident_id, IncidentAction.RECORD_AFTER_ACTION)
    changed = {}
    for name, value in (("assessment", assessment), ("cause", cause), ("responsibility", responsibility)):
        if value is not None:
            text = clean_text(value, name, required=False)
            setattr(incident, name, text)
            changed[name] = text
    session.add(incident)
    audit_step(session, actor, "after_action", incident, before, **changed)
    return incident


@use_case(f"{ENTITY}.corrective_action")
def add_corrective_action(
    *, session: Session, actor: Actor, incident_id: int, text: str, owner: str, due_on: date
) -> CorrectiveAction:
    """Add a corrective action of the after-action record, with its owner and due date."""
    what = clean_text(text, "text")
    who = clean_text(owner, "owner", limit=MAX_NAME)
    incident, before = office_step(session, actor, incident_id, IncidentAction.ADD_CORRECTIVE_ACTION)
    row = CorrectiveAction(
        incident_id=incident.id, text=what, owner=who, due_on=due_on, recorded_by=actor.user_id
    )
    session.add_all([incident, row])
    session.flush()
    audit_step(
        session,
        actor,
        "corrective_action",
        incident,
        before,
        action_id=row.id,
        text=what,
        owner=who,
        due_on=due_on.isoformat(),
    )
    return row


@use_case(f"{ENTITY}.corrective_action_done")
def complete_corrective_action(
    *, session: Session, actor: Actor, incident_id: int, action_id: int, done_on: date
) -> CorrectiveAction:
    """Mark a corrective action done on a date (before or after the incident closes)."""
    incident, before = office_step(session, actor, incident_id, IncidentAction.COMPLETE_CORRECTIVE_ACTION)
    row = session.get(CorrectiveAction, action_id)
    if row is None or row.incident_id != incident.id:
        raise NotFound(msg.ACTION_NOT_FOUND, action_id=action_id)
    row.done_on = done_on
    session.add_all([incident, row])
    audit_step(
        session,
        actor,
        "corrective_action_done",
        incident,
        before,
        action_id=row.id,
        done_on=done_on.isoformat(),
    )
    return row


def corrective_count(session: Session, incident_id: int) -> int:
    """How many corrective actions the after-action record holds."""
    return len(
        session.exec(select(CorrectiveAction.id).where(CorrectiveAction.incident_id == incident_id)).all()
    )


@use_case(f"{ENTITY}.close")
def close_incident(*, session: Session, actor: Actor, incident_id: int) -> EmergencyIncident:
    """Close the incident once its after-action record is complete; it then counts in grading and the
    park's indicators."""
    incident, before = office_step(session, actor, incident_id, IncidentAction.CLOSE)
    rules.require_complete(
        assessment=incident.assessment,
        cause=incident.cause,
        responsibility=incident.responsibility,
        corrective_actions=corrective_count(session, incident.id),
    )
    incident.closed_at = clock.now()
    incident.closed_by = actor.user_id
    session.add(incident)
    audit_step(session, actor, "close", incident, before, grade=incident.grade)
    return incident

"""Accident incidents from report to closure: each action one unit of work with its audit event.

Anyone who reports incidents (an enterprise's own users, regulators, the park) reports one; the
emergency office (emergency management or the park administrator) grades it, records who was told,
the response steps and monitoring readings, terminates the response, records the after-action review
with its corrective actions, and closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, delete, select

from hazchem.domain import emergency_incidents as rules
from hazchem.domain import incident_messages as msg
from hazchem.domain.emergency_incidents import IncidentAction
from hazchem.domain.errors import Conflict, InvalidInput, NotFound, Term
from hazchem.models import (
    Chemical,
    Department,
    EmergencyIncident,
    Enterprise,
    Facility,
    Incident,
    IncidentNotification,
    IncidentStep,
    IncidentSubstance,
    Manifest,
    MonitoringReading,
)
from hazchem.services.emergency_incidents.plans import notification_rules
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, incident_scope
from hazchem.services.platform.uow import use_case

ENTITY = "emergency_incident"
MAX_TEXT = 4000
MAX_SHORT = 300
MAX_NAME = 120
MAX_QUANTITY_KG = 1_000_000_000
# A clock a few minutes ahead on a phone is not a report from the future.
FUTURE_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class SubstanceInput:
    """A chemical (catalogue id) or waste (code) involved, with its quantity, containers and manifest."""

    chemical_id: int | None = None
    waste_code: str = ""
    quantity_kg: int | None = None
    container_ids: Sequence[str] = field(default_factory=tuple)
    manifest_id: int | None = None
    note: str = ""


# --- Input ------------------------------------------------------------------------------------------


def clean_text(value: str | None, name: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(msg.FIELD_REQUIRED, details=[{"field": name}], field=Term("field", name))
    if len(text) > limit:
        raise InvalidInput(
            msg.FIELD_TOO_LONG, details=[{"field": name}], field=Term("field", name), max=limit
        )
    return text


def _moment(value: datetime | None, name: str, actor: Actor) -> datetime:
    """A moment as given (a naive one is the park's local time), in UTC, and not in the future."""
    if value is None:
        return clock.now()
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(actor.timezone or clock.DEFAULT_ZONE))
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        # A moment at the edge of the calendar (year 1 east of UTC) has no UTC time.
        raise InvalidInput(msg.BAD_MOMENT, details=[{"field": name}], field=Term("field", name)) from None
    if value > clock.now() + FUTURE_SLACK:
        raise InvalidInput(msg.IN_THE_FUTURE, details=[{"field": name}], field=Term("field", name))
    return value


def _coordinates(latitude: float | None, longitude: float | None) -> tuple[float | None, float | None]:
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput(msg.BAD_COORDINATES, details=[{"field": "latitude"}, {"field": "longitude"}])
    return float(latitude), float(longitude)


def _concentration(value: str | Decimal | float | None) -> str:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            msg.BAD_NUMBER,
            details=[{"field": "concentration"}],
            field=Term("field", "concentration"),
            max=MAX_QUANTITY_KG,
        ) from None
    if not number.is_finite() or number < 0 or number > MAX_QUANTITY_KG:
        raise InvalidInput(
            msg.BAD_NUMBER,
            details=[{"field": "concentration"}],
            field=Term("field", "concentration"),
            max=MAX_QUANTITY_KG,
        )
    return format(number.normalize(), "f")


# --- Loading ------------------------------------------------------------------------------------------


def load_incident(
    session: Session, actor: Actor, incident_id: int, *, lock: bool = False
) -> EmergencyIncident:
    """The incident if the actor may see it, else NotFound (its existence is not given away)."""
    query = select(EmergencyIncident).where(EmergencyIncident.id == incident_id)
    if lock:
        query = query.with_for_update()
    incident = session.exec(query).first()
    if incident is None or not incident_scope(actor).sees(
        park_id=incident.park_id, enterprise_id=incident.enterprise_id
    ):
        raise NotFound(msg.NOT_FOUND, incident_id=incident_id)
    return incident


def office_step(
    session: Session, actor: Actor, incident_id: int, action: IncidentAction
) -> tuple[EmergencyIncident, str]:
    """Lock the incident, check the office may take the action in its status; (incident, status before)."""
    incident = load_incident(session, actor, incident_id, lock=True)
    rules.require_office(actor.role, actor.department_kind, action)
    before = incident.status
    incident.status = rules.next_status(incident.status, action).value
    return incident, before


def audit_step(
    session: Session, actor: Actor, action: str, incident: EmergencyIncident, before: str, **after: Any
) -> None:
    audit.record(
        session,
        actor=actor,
        action=f"{ENTITY}.{action}",
        entity=ENTITY,
        entity_id=incident.id,
        before={"status": before},
        after={"status": incident.status, **after},
    )


# --- Report ---------------------------------------------------------------------------------------------


def _from_custody(session: Session, actor: Actor, custody_incident_id: int) -> tuple[Incident, Manifest]:
    found = session.get(Incident, custody_incident_id)
    manifest = session.get(Manifest, found.manifest_id) if found else None
    if found is None or manifest is None:
        raise NotFound(msg.CUSTODY_INCIDENT_NOT_FOUND, incident_id=custody_incident_id)
    if not (actor.is_admin or actor.is_regulator):
        parties = {manifest.generator_id, manifest.receiver_id}
        if not parties & set(actor.enterprise_ids):
            raise NotFound(msg.CUSTODY_INCIDENT_NOT_FOUND, incident_id=custody_incident_id)
    return found, manifest


def _enterprise_for(
    session: Session, actor: Actor, enterprise_id: int | None, facility: Facility | None
) -> Enterprise:
    wanted = facility.enterprise_id if facility is not None else enterprise_id
    if wanted is None and len(actor.enterprise_ids) == 1:
        wanted = next(iter(actor.enterprise_ids))
    enterprise = session.get(Enterprise, wanted) if wanted is not None else None
    if enterprise is None:
        raise InvalidInput(
            msg.ENTERPRISE_NOT_FOUND, details=[{"field": "enterprise_id"}], enterprise_id=wanted
        )
    scope = incident_scope(actor)
    if not scope.sees(park_id=enterprise.park_id, enterprise_id=enterprise.id):
        if facility is not None:
            raise NotFound(msg.FACILITY_NOT_FOUND, facility_id=facility.id)
        raise NotFound(msg.ENTERPRISE_NOT_FOUND, enterprise_id=wanted)
    return enterprise


def _substance_rows(session: Session, items: Sequence[SubstanceInput]) -> list[IncidentSubstance]:
    rows = []
    for item in items:
        code = (item.waste_code or "").strip()[:10]
        if item.chemical_id is None and not code:
            raise InvalidInput(msg.WHAT_MISSING, details=[{"field": "substances"}])
        if item.chemical_id is not None and session.get(Chemical, item.chemical_id) is None:
            raise InvalidInput(
                msg.CHEMICAL_NOT_FOUND, details=[{"field": "chemical_id"}], chemical_id=item.chemical_id
            )
        if item.quantity_kg is not None and not 0 <= item.quantity_kg <= MAX_QUANTITY_KG:
            raise InvalidInput(
                msg.BAD_NUMBER,
                details=[{"field": "quantity_kg"}],
                field=Term("field", "quantity_kg"),
                max=MAX_QUANTITY_KG,
            )
        rows.append(
            IncidentSubstance(
                incident_id=0,
                chemical_id=item.chemical_id,
                waste_code=code,
                container_ids=[str(c)[:60] for c in item.container_ids],
                manifest_id=item.manifest_id,
                quantity_kg=item.quantity_kg,
                note=clean_text(item.note, "note", required=False, limit=MAX_SHORT),
            )
        )
    return rows


@use_case(f"{ENTITY}.report")
def report_incident(
    *,
    session: Session,
    actor: Actor,
    description: str = "",
    place: str = "",
    occurred_at: datetime | None = None,
    facility_id: int | None = None,
    enterprise_id: int | None = None,
    custody_incident_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    substances: Sequence[SubstanceInput] = (),
) -> EmergencyIncident:
    """Report an accident: when, where, what happened and what was involved (from a facility, an
    enterprise, or a custody incident in transit, whose manifest and containers come along)."""
    rules.require_reporter(actor.role)
    custody: Incident | None = None
    manifest: Manifest | None = None
    if custody_incident_id is not None:
        custody, manifest = _from_custody(session, actor, custody_incident_id)
        # At a receiving facility the accident is that facility's enterprise's; on the road, the generator's.
        facility_id = facility_id or custody.facility_id
        enterprise_id = manifest.generator_id
        description = description or custody.description
        place = place or custody.place
        occurred_at = occurred_at or custody.at
    facility = session.get(Facility, facility_id) if facility_id is not None else None
    if facility_id is not None and facility is None:
        raise NotFound(msg.FACILITY_NOT_FOUND, facility_id=facility_id)
    enterprise = _enterprise_for(session, actor, enterprise_id, facility)
    latitude, longitude = _coordinates(latitude, longitude)
    moment = _moment(occurred_at, "occurred_at", actor)
    rows = _substance_rows(session, substances)
    if manifest is not None and not any(r.manifest_id == manifest.id for r in rows):
        rows.append(
            IncidentSubstance(
                incident_id=0,
                waste_code=manifest.waste_code,
                container_ids=list(custody.containers),
                manifest_id=manifest.id,
                quantity_kg=(custody.lost_g // 1000) or None,
            )
        )
    incident = EmergencyIncident(
        park_id=enterprise.park_id,
        enterprise_id=enterprise.id,
        facility_id=facility.id if facility else None,
        custody_incident_id=custody.id if custody else None,
        occurred_at=moment,
        reported_at=clock.now(),
        reported_by=actor.user_id,
        place=clean_text(place, "place", limit=MAX_SHORT),
        latitude=latitude,
        longitude=longitude,
        description=clean_text(description, "description"),
        status=rules.IncidentStatus.REPORTED.value,
    )
    session.add(incident)
    session.flush()
    for row in rows:
        row.incident_id = incident.id
        session.add(row)
    audit.record(
        session,
        actor=actor,
        action=f"{ENTITY}.report",
        entity=ENTITY,
        entity_id=incident.id,
        after={
            "status": incident.status,
            "enterprise_id": enterprise.id,
            "facility_id": incident.facility_id,
            "custody_incident_id": incident.custody_incident_id,
            "occurred_at": incident.occurred_at.isoformat(),
            "place": incident.place,
            "description": incident.description,
            "substances": [
                {"chemical_id": r.chemical_id, "waste_code": r.waste_code, "quantity_kg": r.quantity_kg}
                for r in rows
            ],
        },
    )
    return incident


# --- Grade and notifications ------------------------------------------------------------------------


@use_case(f"{ENTITY}.grade")
def grade_incident(
    *, session: Session, actor: Actor, incident_id: int, grade: str, note: str = ""
) -> EmergencyIncident:
    """The emergency office sets (or changes) the grade; the notifications the plans in force ask for at
    that grade become due, each within its minutes from now (those already made stay recorded)."""
    level = rules.parse_grade(grade)
    text = clean_text(note, "note", required=False)
    incident, before = office_step(session, actor, incident_id, IncidentAction.GRADE)
    previous = incident.grade
    now = clock.now()
    incident.grade = level.value
    incident.graded_at = now
    incident.graded_by = actor.user_id
    incident.grade_note = text
    session.add(incident)
    # Due notifications of an earlier grade that were not made give way to the new grade's.
    session.exec(  # type: ignore[call-overload]
        delete(IncidentNotification).where(
            col(IncidentNotification.incident_id) == incident.id,
            col(IncidentNotification.rule_id).is_not(None),
            col(IncidentNotification.told_at).is_(None),
        )
    )
    told_rules = set(
        session.exec(
            select(IncidentNotification.rule_id).where(
                IncidentNotification.incident_id == incident.id,
                col(IncidentNotification.rule_id).is_not(None),
            )
        ).all()
    )
    due = notification_rules(
        session, park_id=incident.park_id, enterprise_id=incident.enterprise_id, grade=level.value
    )
    for rule in due:
        if rule.rule_id in told_rules:
            continue
        session.add(
            IncidentNotification(
                incident_id=incident.id,
                rule_id=rule.rule_id,
                notifier=rule.notifier[:120],
                department_id=rule.department_id,
                contact_name=(rule.contact_name or rule.unit)[:120],
                grade=level.value,
                due_by=rules.due_by(now, rule.within_minutes),
            )
        )
    audit_step(
        session,
        actor,
        "grade",
        incident,
        before,
        grade=level.value,
        previous_grade=previous,
        note=text,
        due=[
            {"rule_id": r.rule_id, "department_id": r.department_id, "minutes": r.within_minutes} for r in due
        ],
    )
    return incident


@use_case(f"{ENTITY}.notify")
def record_notification(
    *,
    session: Session,
    actor: Actor,
    incident_id: int,
    notification_id: int | None = None,
    department_id: int | None = None,
    contact_name: str = "",
    told_at: datetime | None = None,
    means: str = "",
    note: str = "",
) -> IncidentNotification:
    """Record who was told and when: a notification due under the plan (by its id, or the first one due
    to the department named), or one made beyond the plan."""
    incident, before = office_step(session, actor, incident_id, IncidentAction.NOTIFY)
    moment = _moment(told_at, "told_at", actor)
    name = clean_text(contact_name, "contact_name", required=False, limit=MAX_NAME)
    if department_id is not None:
        department = session.get(Department, department_id)
        if department is None or department.park_id != incident.park_id:
            raise InvalidInput(msg.NOBODY_TOLD, details=[{"field": "department_id"}])
    row: IncidentNotification | None = None
    if notification_id is not None:
        row = session.get(IncidentNotification, notification_id)
        if row is None or row.incident_id != incident.id:
            raise NotFound(msg.NOTIFICATION_NOT_FOUND, notification_id=notification_id)
        if row.told_at is not None:
            raise Conflict(
                msg.ALREADY_TOLD,
                notification_id=notification_id,
                told_at=row.told_at.isoformat(timespec="minutes"),
            )
    elif department_id is not None:
        row = session.exec(
            select(IncidentNotification)
            .where(
                IncidentNotification.incident_id == incident.id,
                IncidentNotification.department_id == department_id,
                col(IncidentNotification.told_at).is_(None),
            )
            .order_by(col(IncidentNotification.due_by), col(IncidentNotification.id))
        ).first()
    elif not name:
        raise InvalidInput(msg.NOBODY_TOLD, details=[{"field": "department_id"}, {"field": "contact_name"}])
    if row is None:
        row = IncidentNotification(
            incident_id=incident.id,
            department_id=department_id,
            contact_name=name,
            grade=incident.grade or "",
        )
    elif name:
        row.contact_name = name
    row.told_at = moment
    row.told_by = actor.user_id
    row.means = clean_text(means, "means", required=False, limit=60)
    row.note = clean_text(note, "note", required=False)
    session.add_all([incident, row])
    session.flush()
    audit_step(
        session,
        actor,
        "notify",
        incident,
        before,
        notification_id=row.id,
        rule_id=row.rule_id,
        department_id=row.department_id,
        contact_name=row.contact_name,
        told_at=moment.isoformat(),
        due_by=row.due_by.isoformat() if row.due_by else None,
        means=row.means,
    )
    return row


# --- Response ---------------------------------------------------------------------------------------


@use_case(f"{ENTITY}.step")
def add_step(
    *,
    session: Session,
    actor: Actor,
    incident_id: int,
    description: str,
    taken_at: datetime | None = None,
    by_whom: str = "",
) -> IncidentStep:
    """Record a response step; the first one starts the response."""
    text = clean_text(description, "description")
    incident, before = office_step(session, actor, incident_id, IncidentAction.ADD_STEP)
    step = IncidentStep(
        incident_id=incident.id,
        taken_at=_moment(taken_at, "taken_at", actor),
        description=text,
        by_whom=clean_text(by_whom, "by_whom", required=False, limit=MAX_NAME),
        recorded_at=clock.now(),
        recorded_by=actor.user_id,
    )
    session.add_all([incident, step])
    session.flush()
    audit_step(
        session, actor, "step", incident, before, step_id=step.id, description=text, by_whom=step.by_whom
    )
    return step


@use_case(f"{ENTITY}.reading")
def add_reading(
    *,
    session: Session,
    actor: Actor,
    incident_id: int,
    pollutant: str,
    concentration: str | Decimal | float,
    unit: str,
    place: str,
    taken_at: datetime | None = None,
) -> MonitoringReading:
    """Record a monitoring reading: pollutant, concentration with its unit, where and when."""
    what = clean_text(pollutant, "pollutant", limit=MAX_NAME)
    amount = _concentration(concentration)
    per = clean_text(unit, "unit", limit=20)
    where = clean_text(place, "place", limit=MAX_SHORT)
    incident, before = office_step(session, actor, incident_id, IncidentAction.ADD_READING)
    reading = MonitoringReading(
        incident_id=incident.id,
        pollutant=what,
        concentration=amount,
        unit=per,
        place=where,
        taken_at=_moment(taken_at, "taken_at", actor),
        recorded_at=clock.now(),
        recorded_by=actor.user_id,
    )
    session.add_all([incident, reading])
    session.flush()
    audit_step(
        session,
        actor,
        "reading",
        incident,
        before,
        reading_id=reading.id,
        pollutant=what,
        concentration=amount,
        unit=per,
        place=where,
        taken_at=reading.taken_at.isoformat(),
    )
    return reading


@use_case(f"{ENTITY}.terminate")
def terminate(
    *, session: Session, actor: Actor, incident_id: int, note: str = "", at: datetime | None = None
) -> EmergencyIncident:
    """End the response (应急终止); monitoring and the after-action review go on."""
    text = clean_text(note, "note", required=False)
    incident, before = office_step(session, actor, incident_id, IncidentAction.TERMINATE)
    incident.terminated_at = _moment(at, "at", actor)
    incident.terminated_by = actor.user_id
    incident.termination_note = text
    session.add(incident)
    audit_step(
        session, actor, "terminate", incident, before, at=incident.terminated_at.isoformat(), note=text
    )
    return incident

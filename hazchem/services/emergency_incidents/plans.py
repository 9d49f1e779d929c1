"""What an incident takes from the emergency plans: the notification rules of the plans in force for a
grade (the park's plans, then the enterprise's own), and the emergency resources nearest the place."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from hazchem.domain.emergency import PlanKind
from hazchem.models import Department, EmergencyPlan, PlanContact
from hazchem.services import emergency
from hazchem.services.emergency import NearbyResource

NEAREST_LIMIT = 12

# Re-exported under the name the incident services and pages use.
NearResource = NearbyResource


@dataclass(frozen=True)
class DueNotification:
    """A notification a plan in force asks for at a grade: who tells whom, within how many minutes."""

    rule_id: int
    plan_id: int
    plan_title: str
    notifier: str
    department_id: int | None
    department_name: str
    contact_name: str
    unit: str
    within_minutes: int


def _plans_in_force(session: Session, park_id: int, enterprise_id: int | None) -> list[EmergencyPlan]:
    """The park's plans in force of every kind, then the enterprise's own."""
    owners = [None] if enterprise_id is None else [None, enterprise_id]
    found = []
    for owner in owners:
        for kind in PlanKind:
            plan = emergency.plan_in_force(session, park_id=park_id, kind=kind.value, enterprise_id=owner)
            if plan is not None:
                found.append(plan)
    return found


def notification_rules(
    session: Session, *, park_id: int, enterprise_id: int | None, grade: str
) -> list[DueNotification]:
    """The notification tree of the plans in force at this grade, soonest first within each plan."""
    plans = _plans_in_force(session, park_id, enterprise_id)
    rules = [
        (plan, rule) for plan in plans for rule in emergency.notification_rules_for(session, plan, grade)
    ]
    if not rules:
        return []
    departments = {d.id: d for d in session.exec(select(Department).where(Department.park_id == park_id))}
    contact_ids = [r.notified_contact_id for _, r in rules if r.notified_contact_id]
    contacts = {
        c.id: c
        for c in (
            session.exec(select(PlanContact).where(col(PlanContact.id).in_(contact_ids)))
            if contact_ids
            else []
        )
    }
    out = []
    for plan, r in rules:
        contact = contacts.get(r.notified_contact_id) if r.notified_contact_id else None
        department_id = r.notified_department_id or (contact.department_id if contact else None)
        department = departments.get(department_id) if department_id else None
        out.append(
            DueNotification(
                rule_id=r.id,
                plan_id=plan.id,
                plan_title=plan.title,
                notifier=r.notifier,
                department_id=department.id if department else None,
                department_name=department.name if department else "",
                contact_name=contact.name if contact else "",
                unit=r.notified_unit,
                within_minutes=r.within_minutes,
            )
        )
    return out


def nearest_resources(
    session: Session,
    *,
    park_id: int,
    facility_id: int | None,
    latitude: float | None,
    longitude: float | None,
    limit: int = NEAREST_LIMIT,
) -> list[NearbyResource]:
    """The park's usable resources nearest the incident (none proposed when it names no place to measure
    from: neither a facility nor coordinates)."""
    if facility_id is None and (latitude is None or longitude is None):
        return []
    return emergency.nearest_resources(
        session=session,
        park_id=park_id,
        facility_id=facility_id,
        latitude=latitude,
        longitude=longitude,
        limit=limit,
    )

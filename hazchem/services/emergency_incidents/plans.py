"""What an incident takes from the emergency plans: the notification rules of the plans in force for a
grade, and the emergency resources nearest the place."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from hazchem.domain import emergency_incidents as rules
from hazchem.models import Department, EmergencyPlan, EmergencyResource, NotificationRule, PlanContact

EARTH_RADIUS_KM = 6371.0088
NEAREST_LIMIT = 12


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
    """The park's plans in force and the enterprise's own."""
    owners = [col(EmergencyPlan.enterprise_id).is_(None)]
    if enterprise_id is not None:
        owners.append(EmergencyPlan.enterprise_id == enterprise_id)
    return list(
        session.exec(
            select(EmergencyPlan)
            .where(
                EmergencyPlan.park_id == park_id,
                EmergencyPlan.status == rules.PLAN_IN_FORCE,
                or_(*owners),
            )
            .order_by(col(EmergencyPlan.enterprise_id).is_(None).desc(), col(EmergencyPlan.id))
        )
    )


def notification_rules(
    session: Session, *, park_id: int, enterprise_id: int | None, grade: str
) -> list[DueNotification]:
    """The notification tree of the plans in force at this grade, the park's plan first."""
    plans = {p.id: p for p in _plans_in_force(session, park_id, enterprise_id)}
    if not plans:
        return []
    rows = session.exec(
        select(NotificationRule)
        .where(col(NotificationRule.plan_id).in_(sorted(plans)), NotificationRule.grade == grade)
        .order_by(col(NotificationRule.within_minutes), col(NotificationRule.id))
    ).all()
    departments = {d.id: d for d in session.exec(select(Department).where(Department.park_id == park_id))}
    contact_ids = [r.notified_contact_id for r in rows if r.notified_contact_id]
    contacts = {
        c.id: c
        for c in (
            session.exec(select(PlanContact).where(col(PlanContact.id).in_(contact_ids)))
            if contact_ids
            else []
        )
    }
    out = []
    for r in rows:
        contact = contacts.get(r.notified_contact_id) if r.notified_contact_id else None
        department_id = r.notified_department_id or (contact.department_id if contact else None)
        department = departments.get(department_id) if department_id else None
        out.append(
            DueNotification(
                rule_id=r.id,
                plan_id=r.plan_id,
                plan_title=plans[r.plan_id].title,
                notifier=r.notifier,
                department_id=department.id if department else None,
                department_name=department.name if department else "",
                contact_name=contact.name if contact else "",
                unit=r.notified_unit,
                within_minutes=r.within_minutes,
            )
        )
    return out


@dataclass(frozen=True)
class NearResource:
    """An emergency resource with its distance from the incident when both have coordinates."""

    resource: EmergencyResource
    distance_km: float | None
    same_facility: bool
    owner_is_enterprise: bool


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_resources(
    session: Session,
    *,
    park_id: int,
    enterprise_id: int | None,
    facility_id: int | None,
    latitude: float | None,
    longitude: float | None,
    limit: int = NEAREST_LIMIT,
) -> list[NearResource]:
    """The park's and the enterprise's resources, nearest first: by distance where both places have
    coordinates, else those at the facility, then the enterprise's own, then the park's."""
    owners = [col(EmergencyResource.owner_enterprise_id).is_(None)]
    if enterprise_id is not None:
        owners.append(EmergencyResource.owner_enterprise_id == enterprise_id)
    rows = session.exec(
        select(EmergencyResource).where(EmergencyResource.park_id == park_id, or_(*owners))
    ).all()
    found = []
    for r in rows:
        distance = None
        if None not in (latitude, longitude, r.latitude, r.longitude):
            distance = round(_km(latitude, longitude, r.latitude, r.longitude), 2)  # type: ignore[arg-type]
        found.append(
            NearResource(
                r,
                distance,
                facility_id is not None and r.facility_id == facility_id,
                r.owner_enterprise_id is not None,
            )
        )
    found.sort(
        key=lambda n: (
            n.distance_km is None,
            n.distance_km or 0.0,
            not n.same_facility,
            not n.owner_is_enterprise,
            n.resource.kind,
            n.resource.name,
        )
    )
    return found[:limit]

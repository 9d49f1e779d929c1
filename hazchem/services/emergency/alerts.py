"""What the deadline list and the alert sweep learn from emergency plans and resources: reviews and
drills due, inspections due, supplies expiring, stock below the plan's minimum; each item for the
department of its area (emergency management or ecology and environment) and the enterprise keeping it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, or_, select

from hazchem.domain import emergency as rules
from hazchem.domain.deadlines import (
    EMERGENCY_DRILL,
    EMERGENCY_PLAN_REVIEW,
    RESOURCE_EXPIRY,
    RESOURCE_INSPECTION,
    DeadlineFacts,
)
from hazchem.domain.vocab import AlertKind, AlertSeverity
from hazchem.models import EmergencyPlan, EmergencyResource
from hazchem.services.emergency import messages as msg
from hazchem.services.emergency.resources import resource_area, stock_key


def _plans_in_force(session: Session) -> list[EmergencyPlan]:
    rows = session.exec(
        select(EmergencyPlan).where(
            or_(
                col(EmergencyPlan.next_review_due).is_not(None),
                col(EmergencyPlan.next_drill_due).is_not(None),
            )
        )
    )
    return [p for p in rows if rules.plan_in_force(p.status)]


def _resources(session: Session, today: date, ahead: int) -> list[EmergencyResource]:
    horizon = today + timedelta(days=ahead)
    return list(
        session.exec(
            select(EmergencyResource).where(
                or_(
                    col(EmergencyResource.next_inspection_due) <= horizon,
                    col(EmergencyResource.expires_on) <= horizon,
                )
            )
        )
    )


def deadline_facts(session: Session, today: date) -> list[DeadlineFacts]:
    """The open obligations of plans in force and of resources, for the deadline list."""
    facts = []
    for plan in _plans_in_force(session):
        area = rules.plan_area(plan.kind).value
        extra = {"area": area, "plan_id": plan.id, "version": plan.version, "park_id": plan.park_id}
        if plan.next_review_due is not None:
            facts.append(
                DeadlineFacts(
                    EMERGENCY_PLAN_REVIEW.code,
                    plan.next_review_due,
                    plan.title,
                    plan.enterprise_id,
                    extra=extra,
                )
            )
        if plan.next_drill_due is not None:
            facts.append(
                DeadlineFacts(
                    EMERGENCY_DRILL.code, plan.next_drill_due, plan.title, plan.enterprise_id, extra=extra
                )
            )
    ahead = max(RESOURCE_INSPECTION.warn_days, RESOURCE_EXPIRY.warn_days) + 1
    for resource in _resources(session, today, ahead):
        extra = {
            "area": resource_area(session, resource).value,
            "resource_id": resource.id,
            "park_id": resource.park_id,
        }
        if resource.next_inspection_due is not None:
            facts.append(
                DeadlineFacts(
                    RESOURCE_INSPECTION.code,
                    resource.next_inspection_due,
                    resource.name,
                    resource.owner_enterprise_id,
                    extra=extra,
                )
            )
        if resource.expires_on is not None:
            facts.append(
                DeadlineFacts(
                    RESOURCE_EXPIRY.code,
                    resource.expires_on,
                    resource.name,
                    resource.owner_enterprise_id,
                    extra=extra,
                )
            )
    return facts


def _condition(kind: AlertKind, key: str, area: Any, **values: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "severity": AlertSeverity.BREACH,
        "key": key,
        "department_kind": rules.area_department(area),
        **values,
    }


def alert_conditions(session: Session, today: date) -> list[dict[str, Any]]:
    """Conditions the sweep raises once each: a review or drill overdue, an inspection overdue, supplies
    expired, stock below the minimum."""
    found = []
    for plan in _plans_in_force(session):
        area = rules.plan_area(plan.kind)
        common = {
            "entity": "emergencyplan",
            "entity_id": plan.id,
            "enterprise_id": plan.enterprise_id,
            "park_id": plan.park_id,
        }
        for kind, due, said in (
            (AlertKind.EMERGENCY_PLAN_REVIEW, plan.next_review_due, msg.ALERT_REVIEW_OVERDUE),
            (AlertKind.EMERGENCY_DRILL, plan.next_drill_due, msg.ALERT_DRILL_OVERDUE),
        ):
            if rules.days_overdue(due, today) is None:
                continue
            found.append(
                _condition(
                    kind,
                    f"{kind}:{plan.id}:{due}",
                    area,
                    **common,
                    said=said(plan=plan.title, version=plan.version, due=due.isoformat()),
                    details={"plan_id": plan.id, "due": due.isoformat()},
                )
            )
    stock = select(EmergencyResource).where(
        col(EmergencyResource.minimum_quantity).is_not(None),
        col(EmergencyResource.quantity) < col(EmergencyResource.minimum_quantity),
    )
    resources = {r.id: r for r in _resources(session, today, 0)}
    resources.update({r.id: r for r in session.exec(stock)})
    for resource in resources.values():
        area = resource_area(session, resource)
        common = {
            "entity": "emergencyresource",
            "entity_id": resource.id,
            "enterprise_id": resource.owner_enterprise_id,
            "park_id": resource.park_id,
        }
        due = resource.next_inspection_due
        if rules.days_overdue(due, today) is not None:
            found.append(
                _condition(
                    AlertKind.RESOURCE_INSPECTION,
                    f"resource_inspection:{resource.id}:{due}",
                    area,
                    **common,
                    said=msg.ALERT_INSPECTION_OVERDUE(resource=resource.name, due=due.isoformat()),
                    details={"resource_id": resource.id, "due": due.isoformat()},
                )
            )
        expired = resource.expires_on
        if rules.days_overdue(expired, today) is not None:
            found.append(
                _condition(
                    AlertKind.RESOURCE_EXPIRED,
                    f"resource_expired:{resource.id}:{expired}",
                    area,
                    **common,
                    said=msg.ALERT_RESOURCE_EXPIRED(resource=resource.name, expired=expired.isoformat()),
                    details={"resource_id": resource.id, "expired": expired.isoformat()},
                )
            )
        if rules.below_minimum(resource.quantity, resource.minimum_quantity):
            found.append(
                _condition(
                    AlertKind.RESOURCE_BELOW_MINIMUM,
                    stock_key(resource),
                    area,
                    **common,
                    said=msg.ALERT_BELOW_MINIMUM(
                        resource=resource.name,
                        quantity=resource.quantity,
                        unit=resource.unit,
                        minimum=resource.minimum_quantity,
                    ),
                    details={
                        "resource_id": resource.id,
                        "quantity": resource.quantity,
                        "minimum": resource.minimum_quantity,
                    },
                )
            )
    return found

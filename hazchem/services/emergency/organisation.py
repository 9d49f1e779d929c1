"""A plan's organisation (units with named contacts) and notification tree (per grade: who tells whom,
within how long), and the drills and reviews that keep a plan alive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from hazchem.domain import emergency as rules
from hazchem.domain.emergency import ContactUnit, Grade
from hazchem.domain.errors import InvalidInput
from hazchem.models import Department, EmergencyPlan, Enterprise, NotificationRule, PlanContact
from hazchem.services.emergency import messages as msg
from hazchem.services.emergency.plans import (
    get_plan,
    may_edit,
    plan_chain,
    plan_for_write,
    require_current,
    require_next_after,
    require_not_after_today,
)
from hazchem.services.platform import audit
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.fields import enum_value, require_text

MAX_NOTIFY_MINUTES = 7 * 24 * 60


def plan_contacts(*, session: Session, actor: Actor | None, plan_id: int) -> list[PlanContact]:
    """The named people of a plan's organisation, by unit."""
    get_plan(session=session, actor=actor, plan_id=plan_id)
    order = {u.value: i for i, u in enumerate(ContactUnit)}
    rows = session.exec(
        select(PlanContact).where(PlanContact.plan_id == plan_id).order_by(col(PlanContact.id))
    )
    return sorted(rows, key=lambda c: order.get(c.unit, len(order)))


def plan_rules(*, session: Session, actor: Actor | None, plan_id: int) -> list[NotificationRule]:
    """A plan's notification tree, by grade (most severe first), then by how soon."""
    get_plan(session=session, actor=actor, plan_id=plan_id)
    rows = session.exec(select(NotificationRule).where(NotificationRule.plan_id == plan_id))
    return sorted(rows, key=_rule_order)


def _rule_order(rule: NotificationRule) -> tuple[int, int, int]:
    grades = [g.value for g in Grade]
    return (
        grades.index(rule.grade) if rule.grade in grades else len(grades),
        rule.within_minutes,
        rule.id or 0,
    )


def notification_rules_for(session: Session, plan: EmergencyPlan | int, grade: str) -> list[NotificationRule]:
    """Who is told, by whom and within how long, when an event of `grade` falls under the plan; soonest first.

    Called by the incident services, which have already decided the caller may act on the plan."""
    plan_id = plan if isinstance(plan, int) else plan.id
    value = enum_value(Grade, grade, "grade")
    rows = session.exec(
        select(NotificationRule).where(NotificationRule.plan_id == plan_id, NotificationRule.grade == value)
    )
    return sorted(rows, key=_rule_order)


def _department_in_park(session: Session, department_id: int | None, park_id: int) -> None:
    if department_id is None:
        return
    department = session.get(Department, department_id)
    if department is None or department.park_id != park_id:
        raise InvalidInput(
            msg.DEPARTMENT_NOT_IN_PARK, department_id=department_id, details=[{"field": "department_id"}]
        )


@use_case("emergency_plan.add_contact")
def add_contact(
    *,
    session: Session,
    actor: Actor | None,
    plan_id: int,
    unit: str,
    name: str,
    role: str = "",
    phone: str = "",
    department_id: int | None = None,
    enterprise_id: int | None = None,
) -> PlanContact:
    """Name a person in a unit of the plan's organisation (headquarters, office, a team, the experts)."""
    plan = plan_for_write(session, actor, plan_id)
    require_current(plan)
    _department_in_park(session, department_id, plan.park_id)
    if enterprise_id is not None:
        enterprise = session.get(Enterprise, enterprise_id)
        if enterprise is None or enterprise.park_id != plan.park_id:
            raise InvalidInput(
                msg.ENTERPRISE_MISSING, enterprise_id=enterprise_id, details=[{"field": "enterprise_id"}]
            )
    contact = PlanContact(
        plan_id=plan.id,
        unit=enum_value(ContactUnit, unit, "unit"),
        name=require_text(name, "name", 60),
        role=(role or "").strip()[:120],
        phone=(phone or "").strip()[:40],
        department_id=department_id,
        enterprise_id=enterprise_id,
    )
    session.add(contact)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.add_contact",
        entity="emergencyplan",
        entity_id=plan.id,
        after={
            "contact_id": contact.id,
            "unit": contact.unit,
            "name": contact.name,
            "role": contact.role,
            "phone": contact.phone,
            "department_id": department_id,
            "enterprise_id": enterprise_id,
        },
    )
    return contact


@use_case("emergency_plan.add_rule")
def add_notification_rule(
    *,
    session: Session,
    actor: Actor | None,
    plan_id: int,
    grade: str,
    notifier: str,
    within_minutes: int,
    notified_department_id: int | None = None,
    notified_contact_id: int | None = None,
    notified_unit: str = "",
) -> NotificationRule:
    """Add an edge of the notification tree: at a grade the plan defines, who tells whom, within how long."""
    plan = plan_for_write(session, actor, plan_id)
    require_current(plan)
    grade = enum_value(Grade, grade, "grade")
    if plan.grades and grade not in {g["grade"] for g in plan.grades}:
        raise InvalidInput(msg.GRADE_NOT_DEFINED, grade=grade, details=[{"field": "grade"}])
    if not 0 <= within_minutes <= MAX_NOTIFY_MINUTES:
        raise InvalidInput(msg.WITHIN_MINUTES, max=MAX_NOTIFY_MINUTES, details=[{"field": "within_minutes"}])
    unit = enum_value(ContactUnit, notified_unit, "notified_unit") if notified_unit else ""
    if notified_department_id is None and notified_contact_id is None and not unit:
        raise InvalidInput(msg.RULE_NEEDS_TARGET, details=[{"field": "notified_department_id"}])
    _department_in_park(session, notified_department_id, plan.park_id)
    if notified_contact_id is not None:
        contact = session.get(PlanContact, notified_contact_id)
        if contact is None or contact.plan_id != plan.id:
            raise InvalidInput(
                msg.CONTACT_NOT_IN_PLAN,
                contact_id=notified_contact_id,
                details=[{"field": "notified_contact_id"}],
            )
    rule = NotificationRule(
        plan_id=plan.id,
        grade=grade,
        notifier=require_text(notifier, "notifier", 120),
        notified_department_id=notified_department_id,
        notified_contact_id=notified_contact_id,
        notified_unit=unit,
        within_minutes=within_minutes,
    )
    session.add(rule)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.add_rule",
        entity="emergencyplan",
        entity_id=plan.id,
        after={
            "rule_id": rule.id,
            "grade": grade,
            "notifier": rule.notifier,
            "within_minutes": within_minutes,
            "notified_department_id": notified_department_id,
            "notified_contact_id": notified_contact_id,
            "notified_unit": unit,
        },
    )
    return rule


@use_case("emergency_plan.record_drill")
def record_drill(
    *, session: Session, actor: Actor | None, plan_id: int, held_on: date, next_drill_due: date
) -> EmergencyPlan:
    """Record a drill held on a day (not later than today) and when the next one is due."""
    plan = plan_for_write(session, actor, plan_id)
    require_current(plan)
    require_not_after_today(held_on, msg.DRILL_DATE, actor)
    require_next_after(held_on, next_drill_due, "next_drill_due")
    before = {"last_drill_on": plan.last_drill_on, "next_drill_due": plan.next_drill_due}
    plan.last_drill_on, plan.next_drill_due = held_on, next_drill_due
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.record_drill",
        entity="emergencyplan",
        entity_id=plan.id,
        before=before,
        after={"last_drill_on": held_on, "next_drill_due": next_drill_due},
    )
    return plan


@use_case("emergency_plan.record_review")
def record_review(
    *, session: Session, actor: Actor | None, plan_id: int, reviewed_on: date, next_review_due: date
) -> EmergencyPlan:
    """Record the plan's periodic review on a day (not later than today) and when the next one is due."""
    plan = plan_for_write(session, actor, plan_id)
    require_current(plan)
    require_not_after_today(reviewed_on, msg.REVIEW_DATE, actor)
    require_next_after(reviewed_on, next_review_due, "next_review_due")
    before = {"last_review_on": plan.last_review_on, "next_review_due": plan.next_review_due}
    plan.last_review_on, plan.next_review_due = reviewed_on, next_review_due
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.record_review",
        entity="emergencyplan",
        entity_id=plan.id,
        before=before,
        after={"last_review_on": reviewed_on, "next_review_due": next_review_due},
    )
    return plan


@dataclass(frozen=True)
class PlanView:
    """A plan version with its organisation, notification tree and other versions, for pages and the API."""

    plan: EmergencyPlan
    contacts: list[PlanContact]
    rules: list[NotificationRule]
    versions: list[EmergencyPlan]
    editable: bool


def plan_view(*, session: Session, actor: Actor, plan_id: int) -> PlanView:
    """Everything a plan's page shows."""
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    return PlanView(
        plan=plan,
        contacts=plan_contacts(session=session, actor=actor, plan_id=plan_id),
        rules=plan_rules(session=session, actor=actor, plan_id=plan_id),
        versions=plan_chain(session, plan),
        editable=may_edit(actor, plan) and rules.plan_is_current(plan.status),
    )

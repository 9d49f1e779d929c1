"""Emergency plans of the park and its enterprises: versions (a new version supersedes the one in force,
the old one is kept), grade definitions, the organisation with named contacts, the notification tree,
the attached PDF with its SHA-256, and the drill and review dates the deadline list follows."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain import emergency as rules
from hazchem.domain.emergency import Grade, PlanKind, PlanStatus
from hazchem.domain.errors import Conflict, InvalidInput, InvalidTransition, NotFound, Term
from hazchem.models import (
    EmergencyPlan,
    Enterprise,
    NotificationRule,
    PlanContact,
    PlanFile,
)
from hazchem.services.emergency import messages as msg
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import (
    Actor,
    emergency_scope,
    park_today,
    require_emergency_writer,
)
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.fields import enum_value, require_text
from hazchem.services.registry.parks import resolve_park

PLAN_FIELDS = (
    "park_id",
    "enterprise_id",
    "kind",
    "title",
    "version",
    "status",
    "scope",
    "grades",
    "effective_from",
    "next_review_due",
    "next_drill_due",
    "last_drill_on",
    "last_review_on",
)


# --- Reading ---------------------------------------------------------------------------------------


def _visible(actor: Actor | None, plan: EmergencyPlan) -> bool:
    if actor is None:
        return True
    return emergency_scope(actor).sees(
        park_id=plan.park_id, enterprise_id=plan.enterprise_id, area=rules.plan_area(plan.kind)
    )


def list_plans(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int | None = None,
    park_only: bool = False,
    kind: str | None = None,
    all_versions: bool = False,
) -> list[EmergencyPlan]:
    """The plans the actor reads: their current versions (draft and in force), or every version."""
    scope = emergency_scope(actor)
    query = select(EmergencyPlan)
    if scope.park_ids is not None:
        query = query.where(col(EmergencyPlan.park_id).in_(sorted(scope.park_ids) or [-1]))
    if park_only:
        query = query.where(col(EmergencyPlan.enterprise_id).is_(None))
    elif enterprise_id is not None:
        query = query.where(EmergencyPlan.enterprise_id == enterprise_id)
    if kind:
        query = query.where(EmergencyPlan.kind == enum_value(PlanKind, kind, "kind"))
    query = query.order_by(
        col(EmergencyPlan.enterprise_id).is_not(None),
        col(EmergencyPlan.enterprise_id),
        col(EmergencyPlan.kind),
        col(EmergencyPlan.version).desc(),
    )
    plans = [p for p in session.exec(query) if _visible(actor, p)]
    if all_versions:
        return plans
    return [p for p in plans if rules.plan_is_current(p.status)]


def get_plan(*, session: Session, actor: Actor | None, plan_id: int) -> EmergencyPlan:
    """One plan version the actor reads, else NotFound (a plan out of scope is not said to exist)."""
    plan = session.get(EmergencyPlan, plan_id)
    if plan is None or not _visible(actor, plan):
        raise NotFound(msg.PLAN_NOT_FOUND, plan_id=plan_id)
    return plan


def plan_chain(session: Session, plan: EmergencyPlan) -> list[EmergencyPlan]:
    """Every version of the plan's (park, enterprise, kind), newest first."""
    owner = (
        col(EmergencyPlan.enterprise_id).is_(None)
        if plan.enterprise_id is None
        else EmergencyPlan.enterprise_id == plan.enterprise_id
    )
    return list(
        session.exec(
            select(EmergencyPlan)
            .where(EmergencyPlan.park_id == plan.park_id, owner, EmergencyPlan.kind == plan.kind)
            .order_by(col(EmergencyPlan.version).desc())
        )
    )


def plan_versions(*, session: Session, actor: Actor, plan_id: int) -> list[EmergencyPlan]:
    """Every version of a plan, newest first."""
    return plan_chain(session, get_plan(session=session, actor=actor, plan_id=plan_id))


def plan_in_force(
    session: Session, *, park_id: int, kind: str, enterprise_id: int | None = None
) -> EmergencyPlan | None:
    """The version in force of the park's (or an enterprise's) plan of a kind, if one is."""
    owner = (
        col(EmergencyPlan.enterprise_id).is_(None)
        if enterprise_id is None
        else EmergencyPlan.enterprise_id == enterprise_id
    )
    for plan in session.exec(
        select(EmergencyPlan)
        .where(EmergencyPlan.park_id == park_id, owner, EmergencyPlan.kind == kind)
        .order_by(col(EmergencyPlan.version).desc())
    ):
        if rules.plan_in_force(plan.status):
            return plan
    return None


def plan_file(*, session: Session, actor: Actor, plan_id: int) -> PlanFile:
    """The attached PDF of a plan version the actor reads (its bytes, name and SHA-256)."""
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    row = session.exec(
        select(PlanFile).where(PlanFile.plan_id == plan.id).order_by(col(PlanFile.id).desc())
    ).first()
    if row is None or not plan.file_sha256:
        raise NotFound(msg.NO_FILE, version=plan.version)
    return row


def may_edit(actor: Actor, plan: EmergencyPlan) -> bool:
    """Whether the actor keeps this plan (the pages show their forms only then)."""
    from hazchem.services.platform.access import may_write_emergency

    return may_write_emergency(actor, park_id=plan.park_id, enterprise_id=plan.enterprise_id)


# --- Checks ----------------------------------------------------------------------------------------


def _grades(grades: Iterable[Mapping[str, Any]] | None) -> list[dict[str, str]]:
    """Grade definitions as stored: each grade once, with its criteria, most severe first."""
    seen: dict[str, str] = {}
    for item in grades or ():
        grade = enum_value(Grade, str(item.get("grade", "")).strip(), "grade")
        if grade in seen:
            raise InvalidInput(msg.GRADE_TWICE, grade=grade, details=[{"field": "grades", "grade": grade}])
        criteria = str(item.get("criteria") or "").strip()
        if not criteria:
            raise InvalidInput(msg.GRADE_CRITERIA, grade=grade, details=[{"field": "grades", "grade": grade}])
        if len(criteria) > 2000:
            criteria = require_text(criteria, "criteria", 2000)
        seen[grade] = criteria
    order = [g.value for g in Grade]
    return [{"grade": g, "criteria": seen[g]} for g in sorted(seen, key=order.index)]


def require_not_after_today(day: date | None, what: Any, actor: Actor | None) -> None:
    """Refuse a recorded day later than the park's today."""
    today = park_today(actor)
    if day is not None and day > today:
        raise InvalidInput(
            msg.DATE_IN_FUTURE, what=what, today=today.isoformat(), details=[{"value": str(day)}]
        )


def require_next_after(last: date | None, following: date | None, field: str) -> None:
    """Refuse a next due date that does not come after the last one."""
    if last is not None and following is not None and following <= last:
        raise InvalidInput(
            msg.NEXT_BEFORE_LAST,
            next=following.isoformat(),
            last=last.isoformat(),
            details=[{"field": field}],
        )


def _writer(actor: Actor | None, plan: EmergencyPlan) -> None:
    if actor is not None:
        require_emergency_writer(actor, park_id=plan.park_id, enterprise_id=plan.enterprise_id)


def require_current(plan: EmergencyPlan) -> None:
    """Refuse a change to a superseded version, which is kept as it was."""
    if not rules.plan_is_current(plan.status):
        raise Conflict(msg.SUPERSEDED_KEPT, version=plan.version)


def _draft(plan: EmergencyPlan) -> None:
    if not rules.plan_is_draft(plan.status):
        raise Conflict(msg.NOT_A_DRAFT, version=plan.version)


def plan_for_write(session: Session, actor: Actor | None, plan_id: int) -> EmergencyPlan:
    """The plan version, read in the actor's scope and kept by the actor, else refused."""
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    _writer(actor, plan)
    return plan


def _snapshot(plan: EmergencyPlan) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


# --- Writing ---------------------------------------------------------------------------------------


@use_case("emergency_plan.create")
def create_plan(
    *,
    session: Session,
    actor: Actor | None,
    kind: str,
    title: str,
    enterprise_id: int | None = None,
    park_id: int | None = None,
    scope: str = "",
    grades: Sequence[Mapping[str, Any]] = (),
    effective_from: date | None = None,
    next_review_due: date | None = None,
    next_drill_due: date | None = None,
    last_drill_on: date | None = None,
) -> EmergencyPlan:
    """Start a plan of the park (no enterprise) or of an enterprise as its draft version 1."""
    kind = enum_value(PlanKind, kind, "kind")
    if enterprise_id is not None:
        enterprise = session.get(Enterprise, enterprise_id)
        if enterprise is None:
            raise InvalidInput(
                msg.ENTERPRISE_MISSING, enterprise_id=enterprise_id, details=[{"field": "enterprise_id"}]
            )
        park_id = enterprise.park_id
    else:
        park_id = resolve_park(session, actor, park_id).id
    plan = EmergencyPlan(
        park_id=park_id,
        enterprise_id=enterprise_id,
        kind=kind,
        title=require_text(title, "title", 200),
        version=1,
        status=PlanStatus.DRAFT.value,
        scope=(scope or "").strip(),
        grades=_grades(grades),
        effective_from=effective_from,
        next_review_due=next_review_due,
        next_drill_due=next_drill_due,
        last_drill_on=last_drill_on,
        created_at=clock.now(),
        created_by=actor.user_id if actor else None,
    )
    _writer(actor, plan)
    require_next_after(last_drill_on, next_drill_due, "next_drill_due")
    existing = plan_chain(session, plan)
    if existing:
        raise Conflict(msg.PLAN_EXISTS, version=existing[0].version, details=[{"plan_id": existing[0].id}])
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.create",
        entity="emergencyplan",
        entity_id=plan.id,
        after=_snapshot(plan),
    )
    return plan


@use_case("emergency_plan.revise")
def revise_plan(
    *,
    session: Session,
    actor: Actor | None,
    plan_id: int,
    title: str | None = None,
    scope: str | None = None,
    grades: Sequence[Mapping[str, Any]] | None = None,
) -> EmergencyPlan:
    """Make the next version of a plan as a draft, from its latest version: text, grades, dates,
    organisation and notification tree carried over, to be changed and put in force."""
    base = plan_for_write(session, actor, plan_id)
    chain = plan_chain(session, base)
    latest = chain[0]
    draft = next((p for p in chain if rules.plan_is_draft(p.status)), None)
    if draft is not None:
        raise Conflict(msg.DRAFT_OPEN, version=draft.version, details=[{"plan_id": draft.id}])
    if latest.id != base.id:
        raise Conflict(msg.REVISE_LATEST, version=latest.version, details=[{"plan_id": latest.id}])
    plan = EmergencyPlan(
        park_id=base.park_id,
        enterprise_id=base.enterprise_id,
        kind=base.kind,
        title=require_text(title if title is not None else base.title, "title", 200),
        version=base.version + 1,
        status=PlanStatus.DRAFT.value,
        scope=(scope if scope is not None else base.scope).strip(),
        grades=_grades(grades if grades is not None else base.grades),
        next_review_due=base.next_review_due,
        next_drill_due=base.next_drill_due,
        last_drill_on=base.last_drill_on,
        last_review_on=base.last_review_on,
        created_at=clock.now(),
        created_by=actor.user_id if actor else None,
    )
    session.add(plan)
    session.flush()
    contacts: dict[int, int] = {}
    for contact in session.exec(
        select(PlanContact).where(PlanContact.plan_id == base.id).order_by(col(PlanContact.id))
    ):
        copy = PlanContact(
            plan_id=plan.id,
            unit=contact.unit,
            name=contact.name,
            role=contact.role,
            phone=contact.phone,
            department_id=contact.department_id,
            enterprise_id=contact.enterprise_id,
        )
        session.add(copy)
        session.flush()
        contacts[contact.id] = copy.id
    for rule in session.exec(select(NotificationRule).where(NotificationRule.plan_id == base.id)):
        session.add(
            NotificationRule(
                plan_id=plan.id,
                grade=rule.grade,
                notifier=rule.notifier,
                notified_department_id=rule.notified_department_id,
                notified_contact_id=contacts.get(rule.notified_contact_id)
                if rule.notified_contact_id
                else None,
                notified_unit=rule.notified_unit,
                within_minutes=rule.within_minutes,
            )
        )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.revise",
        entity="emergencyplan",
        entity_id=plan.id,
        before={"from_plan_id": base.id, "version": base.version},
        after=_snapshot(plan),
    )
    return plan


@use_case("emergency_plan.update")
def update_plan(
    *,
    session: Session,
    actor: Actor | None,
    plan_id: int,
    title: str | None = None,
    scope: str | None = None,
    grades: Sequence[Mapping[str, Any]] | None = None,
    next_review_due: date | None = None,
    next_drill_due: date | None = None,
) -> EmergencyPlan:
    """Change a draft's text, grade definitions or due dates (a version in force changes by a new version)."""
    plan = plan_for_write(session, actor, plan_id)
    _draft(plan)
    before = _snapshot(plan)
    if title is not None:
        plan.title = require_text(title, "title", 200)
    if scope is not None:
        plan.scope = scope.strip()
    if grades is not None:
        plan.grades = _grades(grades)
    if next_review_due is not None:
        plan.next_review_due = next_review_due
    if next_drill_due is not None:
        require_next_after(plan.last_drill_on, next_drill_due, "next_drill_due")
        plan.next_drill_due = next_drill_due
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.update",
        entity="emergencyplan",
        entity_id=plan.id,
        before=before,
        after=_snapshot(plan),
    )
    return plan


@use_case("emergency_plan.put_in_force")
def put_in_force(
    *, session: Session, actor: Actor | None, plan_id: int, effective_from: date | None = None
) -> EmergencyPlan:
    """Put a draft in force from a date (today by default); the version in force before is superseded."""
    plan = plan_for_write(session, actor, plan_id)
    if not rules.plan_may_become(plan.status, PlanStatus.IN_FORCE):
        raise InvalidTransition(
            "emergency_plan.lifecycle",
            msg.PLAN_TRANSITION,
            version=plan.version,
            current=Term("plan_status", plan.status),
            target=Term("plan_status", PlanStatus.IN_FORCE.value),
        )
    if not plan.grades:
        raise InvalidInput(msg.GRADES_REQUIRED, details=[{"field": "grades"}])
    superseded = []
    for other in plan_chain(session, plan):
        if other.id != plan.id and rules.plan_in_force(other.status):
            if not rules.plan_may_become(
                other.status, PlanStatus.SUPERSEDED
            ):  # pragma: no cover - table guard
                continue
            other.status = PlanStatus.SUPERSEDED.value
            session.add(other)
            superseded.append(other.id)
    plan.status = PlanStatus.IN_FORCE.value
    plan.effective_from = effective_from or park_today(actor)
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.put_in_force",
        entity="emergencyplan",
        entity_id=plan.id,
        before={"status": PlanStatus.DRAFT.value},
        after={"status": plan.status, "effective_from": plan.effective_from, "superseded": superseded},
    )
    return plan


@use_case("emergency_plan.attach_file")
def attach_file(
    *, session: Session, actor: Actor | None, plan_id: int, file_name: str, content: bytes
) -> EmergencyPlan:
    """Attach the plan's PDF, keeping its SHA-256; a draft may replace it, a version in force only gets
    its first file, a superseded version none."""
    plan = plan_for_write(session, actor, plan_id)
    require_current(plan)
    if rules.plan_in_force(plan.status) and plan.file_sha256:
        raise Conflict(msg.FILE_SEALED, version=plan.version, sha256=plan.file_sha256)
    name = require_text(
        (file_name or "").replace("\\", "/").rsplit("/", 1)[-1] or "plan.pdf", "file_name", 200
    )
    if not content:
        raise InvalidInput(msg.FILE_EMPTY, details=[{"field": "file"}])
    if len(content) > rules.MAX_PLAN_FILE_BYTES:
        raise InvalidInput(
            msg.FILE_TOO_LARGE, size=len(content), max=rules.MAX_PLAN_FILE_BYTES, details=[{"field": "file"}]
        )
    if not rules.looks_like_pdf(content):
        raise InvalidInput(msg.FILE_NOT_PDF, name=name, details=[{"field": "file"}])
    digest = hashlib.sha256(content).hexdigest()
    before = {"file_sha256": plan.file_sha256, "file_name": plan.file_name, "file_size": plan.file_size}
    session.add(
        PlanFile(
            plan_id=plan.id,
            sha256=digest,
            name=name,
            size=len(content),
            content=content,
            uploaded_at=clock.now(),
            uploaded_by=actor.user_id if actor else None,
        )
    )
    plan.file_sha256, plan.file_name, plan.file_size = digest, name, len(content)
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_plan.attach_file",
        entity="emergencyplan",
        entity_id=plan.id,
        before=before,
        after={"file_sha256": digest, "file_name": name, "file_size": len(content)},
    )
    return plan

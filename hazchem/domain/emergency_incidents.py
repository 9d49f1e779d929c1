"""The accident incident (事故) from report to closure: statuses, the actions that move it, who takes them,
when a notification under the emergency plan is overdue, and what a complete after-action record holds.

reported → graded (the emergency office sets the grade) → responding (the first response step or
monitoring reading) → terminated (the response ends) → closed (the after-action record is complete).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from hazchem.domain import incident_messages as msg
from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, Said, Term
from hazchem.domain.vocab import DepartmentKind, Role


class IncidentStatus(StrEnum):
    """Where an incident stands."""

    REPORTED = "reported"
    GRADED = "graded"
    RESPONDING = "responding"
    TERMINATED = "terminated"
    CLOSED = "closed"


class IncidentAction(StrEnum):
    """What can be done to an incident after its report."""

    GRADE = "grade"
    NOTIFY = "notify"
    ADD_STEP = "add_step"
    ADD_READING = "add_reading"
    TERMINATE = "terminate"
    RECORD_AFTER_ACTION = "record_after_action"
    ADD_CORRECTIVE_ACTION = "add_corrective_action"
    COMPLETE_CORRECTIVE_ACTION = "complete_corrective_action"
    CLOSE = "close"


class IncidentGrade(StrEnum):
    """The response grade of the plan: I is the most severe (特别重大), IV the least (一般)."""

    I = "I"  # noqa: E741 - the grade's own name
    II = "II"
    III = "III"
    IV = "IV"


# Grades I and II are the major accidents the green-park indicator counts.
MAJOR_GRADES = frozenset({IncidentGrade.I, IncidentGrade.II})

S, A = IncidentStatus, IncidentAction
TRANSITIONS: dict[tuple[IncidentStatus, IncidentAction], IncidentStatus] = {
    (S.REPORTED, A.GRADE): S.GRADED,
    # The office may raise or lower the grade while the response runs; the notifications due follow.
    (S.GRADED, A.GRADE): S.GRADED,
    (S.RESPONDING, A.GRADE): S.RESPONDING,
    (S.GRADED, A.NOTIFY): S.GRADED,
    (S.RESPONDING, A.NOTIFY): S.RESPONDING,
    (S.TERMINATED, A.NOTIFY): S.TERMINATED,
    (S.GRADED, A.ADD_STEP): S.RESPONDING,
    (S.RESPONDING, A.ADD_STEP): S.RESPONDING,
    (S.GRADED, A.ADD_READING): S.RESPONDING,
    (S.RESPONDING, A.ADD_READING): S.RESPONDING,
    # Monitoring goes on after the response ends, until the place is clean.
    (S.TERMINATED, A.ADD_READING): S.TERMINATED,
    (S.RESPONDING, A.TERMINATE): S.TERMINATED,
    (S.TERMINATED, A.RECORD_AFTER_ACTION): S.TERMINATED,
    (S.TERMINATED, A.ADD_CORRECTIVE_ACTION): S.TERMINATED,
    (S.TERMINATED, A.COMPLETE_CORRECTIVE_ACTION): S.TERMINATED,
    # Corrective actions are carried out after closure too.
    (S.CLOSED, A.COMPLETE_CORRECTIVE_ACTION): S.CLOSED,
    (S.TERMINATED, A.CLOSE): S.CLOSED,
}


def incident_status(value: str) -> IncidentStatus:
    """Parse a stored status."""
    try:
        return IncidentStatus(value)
    except ValueError:
        raise InvalidTransition("incident.status", msg.UNKNOWN_STATUS(status=repr(value))) from None


def next_status(current: str, action: IncidentAction) -> IncidentStatus:
    """The status after `action`, or InvalidTransition naming the status and the action refused."""
    src = incident_status(current)
    dst = TRANSITIONS.get((src, action))
    if dst is None:
        raise InvalidTransition(
            "incident.order",
            msg.STEP_OUT_OF_ORDER(status=Term("incident_status", src.value), action=action.value),
            details=[{"status": src.value, "action": action.value}],
        )
    return dst


def allowed_actions(current: str) -> frozenset[IncidentAction]:
    """The actions the status allows (before asking who may take them)."""
    src = incident_status(current)
    return frozenset(a for (s, a) in TRANSITIONS if s is src)


def is_closed(current: str) -> bool:
    """Whether the incident is closed (its record is final; only corrective actions are completed)."""
    return incident_status(current) is IncidentStatus.CLOSED


def is_open(current: str) -> bool:
    """Whether the response is not yet closed, so overdue notifications still matter."""
    return not is_closed(current)


def is_graded(current: str) -> bool:
    """Whether a grade has been set (every status after reported)."""
    return incident_status(current) is not IncidentStatus.REPORTED


def parse_grade(value: str) -> IncidentGrade:
    """A grade given by a user: I, II, III or IV (Roman numerals, any case)."""
    text = (value or "").strip().upper()
    try:
        return IncidentGrade(text)
    except ValueError:
        allowed = ", ".join(g.value for g in IncidentGrade)
        raise InvalidInput(
            msg.UNKNOWN_GRADE, details=[{"field": "grade"}], allowed=allowed, value=repr(value)
        ) from None


def is_major(grade: str | None) -> bool:
    """Whether a grade counts as a major accident (I or II)."""
    return grade in {g.value for g in MAJOR_GRADES}


# --- Who acts --------------------------------------------------------------------------------------

OFFICE_ACTIONS = frozenset(IncidentAction)
REPORTER_ROLES = frozenset({Role.EHS_OFFICER, Role.RECEIVER_OPERATOR, Role.REGULATOR, Role.PARK_ADMIN})


def is_office(role: str, department_kind: str | None) -> bool:
    """The emergency office: the emergency-management department's regulators, or the park administrator."""
    return role == Role.PARK_ADMIN or (
        role == Role.REGULATOR and department_kind == DepartmentKind.EMERGENCY_MANAGEMENT
    )


def may_report(role: str) -> bool:
    """Enterprise officers and operators report for their enterprise; regulators and the park for any."""
    return role in REPORTER_ROLES


def require_office(role: str, department_kind: str | None, action: IncidentAction) -> None:
    """Refuse anyone but the emergency office an action after the report."""
    if not is_office(role, department_kind):
        raise Forbidden(msg.ONLY_OFFICE, action=Term("incident_action", action.value))


def require_reporter(role: str) -> None:
    """Refuse a report from a role that does not report incidents (drivers report through the manifest)."""
    if not may_report(role):
        raise Forbidden(msg.ONLY_REPORTERS)


# --- Notifications and the after-action record ------------------------------------------------------


def due_by(graded_at: datetime, within_minutes: int) -> datetime:
    """When a notification under a plan rule is due: that many minutes after the grade was set."""
    return graded_at + timedelta(minutes=within_minutes)


def notification_overdue(due: datetime | None, told_at: datetime | None, now: datetime) -> bool:
    """A due notification not recorded by its time."""
    return due is not None and told_at is None and now > due


def after_action_missing(
    *, assessment: str, cause: str, responsibility: str, corrective_actions: int
) -> list[Said]:
    """What the after-action record still lacks before the incident may close (empty when complete)."""
    missing: list[Said] = []
    for text, said in (
        (assessment, msg.MISSING_ASSESSMENT()),
        (cause, msg.MISSING_CAUSE()),
        (responsibility, msg.MISSING_RESPONSIBILITY()),
    ):
        if not (text or "").strip():
            missing.append(said)
    if corrective_actions < 1:
        missing.append(msg.MISSING_ACTIONS())
    return missing


def require_complete(*, assessment: str, cause: str, responsibility: str, corrective_actions: int) -> None:
    """Refuse to close while the after-action record lacks something, naming each missing part."""
    missing = after_action_missing(
        assessment=assessment,
        cause=cause,
        responsibility=responsibility,
        corrective_actions=corrective_actions,
    )
    if missing:
        raise InvalidTransition(
            "incident.after_action",
            msg.AFTER_ACTION_INCOMPLETE(missing=missing),
            details=[{"missing": [m.code for m in missing]}],
        )


def major_in(grades: Iterable[str | None]) -> int:
    """How many of these grades are major accidents."""
    return sum(1 for g in grades if is_major(g))


# --- Who answers for a chemical under the responsibility matrix ------------------------------------

# Every catalogue entry is under the safety licences and registrations; 剧毒 and 易制爆 entries under
# public security's permits too; waste under the hazardous-waste licence.
CHEMICAL_LICENCES = (
    "hc_production_safety",
    "hc_safe_use",
    "hc_operation",
    "hc_registration",
    "hc_environmental_registration",
)
HIGHLY_TOXIC_LICENCES = ("toxic_purchase", "toxic_road_transport")
EXPLOSIVE_PRECURSOR_LICENCES = ("explosive_precursor_registration",)
WASTE_LICENCES = ("hw_operating",)


def licence_types_for(
    *, chemical: bool, highly_toxic: bool, explosive_precursor: bool, waste: bool
) -> list[str]:
    """The licence type codes whose departments answer for a substance involved in an incident."""
    codes: list[str] = []
    if chemical:
        codes += CHEMICAL_LICENCES
    if highly_toxic:
        codes += HIGHLY_TOXIC_LICENCES
    if explosive_precursor:
        codes += EXPLOSIVE_PRECURSOR_LICENCES
    if waste:
        codes += WASTE_LICENCES
    return codes


def aware(moment: datetime) -> datetime:
    """A stored moment in UTC (SQLite gives datetimes back naive; hazchem stores UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

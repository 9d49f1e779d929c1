"""Supervision grades (分级监管): enterprises' facts by aggregate SQL, the park's rules, and overrides.

The rules live in catalogues/supervision-grades.json (the park's own configuration); the evaluation
is pure (hazchem.domain.grading). The park committee or the administrator may override a computed
grade with a note; every override is kept and the latest applies. Enterprise.grade, the
classification recorded at registration (e.g. 重点监管 / 简化管理 for waste), is left as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain import grading as rules_mod
from hazchem.domain.custody import stored_past_limit_before
from hazchem.domain.deadlines import WorkCalendar
from hazchem.domain.emergency_incidents import IncidentStatus
from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.domain.grading import Assessment, Fact, GradeRules
from hazchem.domain.lifecycle import ContainerStatus
from hazchem.models import (
    Chemical,
    Container,
    EmergencyIncident,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    FacilityHazard,
    GradeOverride,
    Manifest,
    User,
)
from hazchem.services.oversight import messages as m
from hazchem.services.oversight.search import overdue_condition, utc_start
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, enterprise_scope
from hazchem.services.platform.calendar import park_calendar
from hazchem.services.platform.uow import use_case

GRADES_FILE = PROJECT_ROOT / "catalogues" / "supervision-grades.json"
PERIOD_DAYS = 365
MAX_NOTE = 2000


def load_rules(path: Path | str = GRADES_FILE) -> GradeRules:
    """The park's grading rules from their configuration file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(m.GRADING_UNREADABLE, path=str(path), problem=str(exc)) from None
    return rules_mod.parse_rules(data)


# --- Facts ------------------------------------------------------------------------------------------


def gather_facts(
    *,
    session: Session,
    enterprise_ids: Iterable[int] | None = None,
    today: date | None = None,
    cal: WorkCalendar | None = None,
) -> dict[int, dict[str, int]]:
    """Each enterprise's grading facts (one GROUP BY query per fact); absent facts are 0."""
    today = today or clock.today()
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    since = today - timedelta(days=PERIOD_DAYS)
    facts: dict[int, dict[str, int]] = {}

    def put(fact: Fact, rows: Iterable[tuple[int, int | None]], scale: int = 1) -> None:
        for enterprise_id, value in rows:
            facts.setdefault(enterprise_id, {})[fact.value] = int(value or 0) // scale

    def only(query, column):
        return query if ids is None else query.where(col(column).in_(ids or [-1]))

    put(
        Fact.MAJOR_HAZARD_INSTALLATIONS,
        session.exec(
            only(
                select(Facility.enterprise_id, func.count())
                .join(FacilityHazard, col(FacilityHazard.facility_id) == Facility.id)
                .where(col(FacilityHazard.major_hazard).is_(True)),
                Facility.enterprise_id,
            ).group_by(col(Facility.enterprise_id))
        ),
    )
    for fact, flag in (
        (Fact.HIGHLY_TOXIC_HOLDINGS, Chemical.highly_toxic),
        (Fact.EXPLOSIVE_PRECURSOR_HOLDINGS, Chemical.explosive_precursor),
    ):
        put(
            fact,
            session.exec(
                only(
                    select(EnterpriseChemicalStock.enterprise_id, func.count())
                    .join(Chemical, col(Chemical.id) == EnterpriseChemicalStock.chemical_id)
                    .where(EnterpriseChemicalStock.quantity_kg > 0, col(flag).is_(True)),
                    EnterpriseChemicalStock.enterprise_id,
                ).group_by(col(EnterpriseChemicalStock.enterprise_id))
            ),
        )
    put(
        Fact.WASTE_GENERATED_KG,
        session.exec(
            only(
                select(Container.enterprise_id, func.sum(Container.net_weight_g)).where(
                    Container.gen_date > since, Container.status != ContainerStatus.VOID.value
                ),
                Container.enterprise_id,
            ).group_by(col(Container.enterprise_id))
        ),
        scale=1000,
    )
    put(
        Fact.OVERDUE_MANIFESTS,
        session.exec(
            only(
                select(Manifest.receiver_id, func.count()).where(
                    overdue_condition(today, cal or park_calendar(session))
                ),
                Manifest.receiver_id,
            ).group_by(col(Manifest.receiver_id))
        ),
    )
    # Past the storage limit: stored on a Beijing day more than a calendar year before today.
    put(
        Fact.OVERDUE_STORAGE,
        session.exec(
            only(
                select(Facility.enterprise_id, func.count())
                .join(Container, col(Container.facility_id) == Facility.id)
                .where(
                    Container.status == ContainerStatus.STORED.value,
                    col(Container.stored_at) < utc_start(stored_past_limit_before(today)),
                ),
                Facility.enterprise_id,
            ).group_by(col(Facility.enterprise_id))
        ),
    )
    put(
        Fact.ANOMALY_MANIFESTS,
        session.exec(
            only(
                select(Manifest.generator_id, func.count()).where(
                    col(Manifest.anomaly).is_(True), col(Manifest.accepted_at) >= utc_start(since)
                ),
                Manifest.generator_id,
            ).group_by(col(Manifest.generator_id))
        ),
    )
    put(
        Fact.ACCIDENTS,
        session.exec(
            only(
                select(EmergencyIncident.enterprise_id, func.count()).where(
                    EmergencyIncident.status == IncidentStatus.CLOSED.value,
                    col(EmergencyIncident.occurred_at) >= utc_start(since),
                ),
                EmergencyIncident.enterprise_id,
            ).group_by(col(EmergencyIncident.enterprise_id))
        ),
    )
    for enterprise_id in ids or []:
        facts.setdefault(enterprise_id, {})
    for values in facts.values():
        for fact in Fact:
            values.setdefault(fact.value, 0)
    return facts


# --- Grades ---------------------------------------------------------------------------------------


@dataclass
class EnterpriseGrade:
    """An enterprise's computed grade with its facts and reasons, and the park's override if any."""

    enterprise: Enterprise
    facts: dict[str, int]
    assessment: Assessment
    override: GradeOverride | None = None
    history: list[tuple[GradeOverride, str]] = field(default_factory=list)

    @property
    def effective(self) -> str:
        """The grade that applies: the park's override, else the computed one."""
        if self.override is not None and self.override.grade:
            return self.override.grade
        return self.assessment.grade


def _latest_overrides(session: Session, ids: list[int] | None) -> dict[int, GradeOverride]:
    latest = select(GradeOverride.enterprise_id, func.max(GradeOverride.id).label("id")).group_by(
        col(GradeOverride.enterprise_id)
    )
    if ids is not None:
        latest = latest.where(col(GradeOverride.enterprise_id).in_(ids or [-1]))
    sub = latest.subquery()
    rows = session.exec(select(GradeOverride).join(sub, sub.c.id == GradeOverride.id))
    return {o.enterprise_id: o for o in rows}


def grades(
    *,
    session: Session,
    actor: Actor,
    rules: GradeRules | None = None,
    today: date | None = None,
    cal: WorkCalendar | None = None,
) -> list[EnterpriseGrade]:
    """Every enterprise the actor may see with its computed grade, reasons and override, by name."""
    rules = rules or load_rules()
    scope = enterprise_scope(actor)
    query = select(Enterprise).order_by(col(Enterprise.name), col(Enterprise.id))
    if scope is not None:
        query = query.where(col(Enterprise.id).in_(scope or [-1]))
    enterprises = list(session.exec(query))
    ids = [e.id for e in enterprises]
    # The whole park is gathered without an id list (one GROUP BY per fact over every enterprise).
    facts = gather_facts(session=session, enterprise_ids=None if scope is None else ids, today=today, cal=cal)
    overrides = _latest_overrides(session, None if scope is None else ids)
    zero = {fact.value: 0 for fact in Fact}
    return [
        EnterpriseGrade(
            e,
            dict(facts.get(e.id, zero)),
            rules_mod.assess(rules, facts.get(e.id, zero)),
            overrides.get(e.id),
        )
        for e in enterprises
    ]


def enterprise_grade(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    rules: GradeRules | None = None,
    today: date | None = None,
    cal: WorkCalendar | None = None,
) -> EnterpriseGrade:
    """One enterprise's grade with reasons, its current override and the override history (newest first)."""
    rules = rules or load_rules()
    enterprise = session.get(Enterprise, enterprise_id)
    scope = enterprise_scope(actor)
    if enterprise is None or (scope is not None and enterprise_id not in scope):
        raise NotFound(m.GRADE_ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    facts = gather_facts(session=session, enterprise_ids=[enterprise_id], today=today, cal=cal)[enterprise_id]
    rows = list(
        session.exec(
            select(GradeOverride, User.display_name, User.username)
            .join(User, col(User.id) == GradeOverride.made_by)
            .where(GradeOverride.enterprise_id == enterprise_id)
            .order_by(col(GradeOverride.id).desc())
        )
    )
    history = [(o, display or username) for o, display, username in rows]
    return EnterpriseGrade(
        enterprise,
        facts,
        rules_mod.assess(rules, facts),
        history[0][0] if history else None,
        history,
    )


def can_override(actor: Actor | None) -> bool:
    """The park administrator and the park committee decide supervision grades."""
    return actor is not None and actor.sees_everything


@use_case("enterprise.grade_override")
def override_grade(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    grade: str,
    note: str,
    rules: GradeRules | None = None,
) -> GradeOverride:
    """Set (or, with an empty grade, withdraw) the park's grade for an enterprise, with a note."""
    if not can_override(actor):
        raise Forbidden(m.GRADE_OVERRIDE_FORBIDDEN)
    rules = rules or load_rules()
    grade = (grade or "").strip()
    if grade and rules.grade(grade) is None:
        raise InvalidInput(
            m.GRADE_UNKNOWN,
            details=[{"field": "grade", "allowed": [g.code for g in rules.grades]}],
            grade=grade,
        )
    note = (note or "").strip()
    if not note:
        raise InvalidInput(m.GRADE_NEEDS_NOTE, details=[{"field": "note"}])
    if len(note) > MAX_NOTE:
        raise InvalidInput(m.GRADE_NOTE_TOO_LONG, details=[{"field": "note"}], max=MAX_NOTE)
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(m.GRADE_ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    current = _latest_overrides(session, [enterprise_id]).get(enterprise_id)
    before = current.grade if current is not None else ""
    if not grade and not before:
        raise InvalidInput(m.GRADE_NOTHING_TO_WITHDRAW, details=[{"field": "grade"}])
    override = GradeOverride(
        enterprise_id=enterprise_id, grade=grade, note=note, made_at=clock.now(), made_by=actor.user_id
    )
    session.add(override)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="enterprise.grade_override",
        entity="enterprise",
        entity_id=enterprise_id,
        before={"grade": before},
        after={"grade": grade, "note": note},
    )
    return override

"""Accident incidents from report to closure, from both sides: the order of the steps and who takes
them, overdue notifications under the plan, the proposal, and the effect on grading and indicators."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
from hazchem.models import Alert, EmergencyIncident, Event, IncidentNotification
from hazchem.services import emergency_incidents as inc
from hazchem.services.oversight import alerts as oversight_alerts
from hazchem.services.oversight import grading, indicators
from hazchem.services.platform import clock
from tests.incident_world import T0, make_world


@pytest.fixture
def world(session, registry, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: T0)
    return make_world(session, registry)


def at(monkeypatch, moment):
    monkeypatch.setattr(clock, "now", lambda: moment)


def report(session, world, actor=None, **kw):
    kw.setdefault("facility_id", world.stock.warehouse.id)
    kw.setdefault("occurred_at", T0 - timedelta(minutes=20))
    return inc.report_incident(
        session=session,
        actor=actor or world.stock.officer,
        description="甲醇储罐泄漏起火",
        place="甲类仓库A区",
        substances=[inc.SubstanceInput(chemical_id=world.stock.cyanide.id, quantity_kg=50)],
        **kw,
    )


def test_an_enterprise_officer_reports_from_a_facility_and_the_report_is_audited(session, world):
    incident = report(session, world)
    assert incident.status == "reported" and incident.grade is None
    assert incident.enterprise_id == world.registry.ent_a.id and incident.park_id == world.registry.park.id
    events = session.exec(select(Event).where(Event.entity == inc.ENTITY)).all()
    assert [e.action for e in events] == ["emergency_incident.report"]


def test_another_enterprise_cannot_report_for_or_see_the_incident(session, world):
    with pytest.raises(NotFound):
        report(session, world, actor=world.registry.users["officer_b"])
    incident = report(session, world)
    with pytest.raises(NotFound):
        inc.incident_view(session=session, actor=world.registry.users["officer_b"], incident_id=incident.id)
    assert inc.list_incidents(session=session, actor=world.registry.users["officer_b"]) == []
    # A regulator of the park sees it, and so does the reporting enterprise.
    for actor in (world.registry.users["regulator_eco"], world.stock.officer):
        assert [r.incident.id for r in inc.list_incidents(session=session, actor=actor)] == [incident.id]


def test_a_driver_reports_through_the_manifest_not_here(session, world):
    with pytest.raises(Forbidden):
        report(session, world, actor=world.registry.users["driver"])


def test_a_report_needs_what_happened_and_is_not_from_the_future(session, world):
    with pytest.raises(InvalidInput):
        inc.report_incident(
            session=session,
            actor=world.stock.officer,
            description="",
            place="A区",
            facility_id=world.stock.warehouse.id,
        )
    with pytest.raises(InvalidInput):
        inc.report_incident(
            session=session,
            actor=world.stock.officer,
            description="泄漏",
            place="A区",
            facility_id=world.stock.warehouse.id,
            occurred_at=T0 + timedelta(hours=2),
        )


def test_a_moment_with_no_utc_time_is_invalid_input_not_a_crash(session, world):
    with pytest.raises(InvalidInput) as refused:
        report(session, world, occurred_at=datetime(1, 1, 1, 0, 5))
    assert refused.value.message_code == "incident.bad_moment"


def test_a_step_out_of_order_is_refused_and_the_lifecycle_runs_in_order(session, world, monkeypatch):
    em = world.stock.em
    incident = report(session, world)
    # Before the grade: no step, no termination, no closure.
    for call in (
        lambda: inc.add_step(session=session, actor=em, incident_id=incident.id, description="疏散"),
        lambda: inc.terminate(session=session, actor=em, incident_id=incident.id),
        lambda: inc.close_incident(session=session, actor=em, incident_id=incident.id),
    ):
        with pytest.raises(InvalidTransition) as refused:
            call()
        assert refused.value.message_code == "incident.out_of_order"
    # The reporter is not the emergency office.
    with pytest.raises(Forbidden) as refused:
        inc.grade_incident(session=session, actor=world.stock.officer, incident_id=incident.id, grade="II")
    assert refused.value.message_code == "incident.only_office"
    with pytest.raises(Forbidden):
        inc.grade_incident(
            session=session, actor=world.registry.users["regulator_eco"], incident_id=incident.id, grade="II"
        )
    with pytest.raises(InvalidInput):
        inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="V")
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="ii")
    assert session.get(EmergencyIncident, incident.id).status == "graded"
    # Terminating needs a response first.
    with pytest.raises(InvalidTransition):
        inc.terminate(session=session, actor=em, incident_id=incident.id)
    inc.add_step(
        session=session, actor=em, incident_id=incident.id, description="疏散下风向人员", by_whom="消防站"
    )
    inc.add_reading(
        session=session,
        actor=em,
        incident_id=incident.id,
        pollutant="氰化氢",
        concentration="0.50",
        unit="mg/m3",
        place="厂界下风向100米",
    )
    assert session.get(EmergencyIncident, incident.id).status == "responding"
    with pytest.raises(InvalidTransition):
        inc.record_after_action(session=session, actor=em, incident_id=incident.id, cause="阀门老化")
    at(monkeypatch, T0 + timedelta(hours=3))
    inc.terminate(session=session, actor=em, incident_id=incident.id, note="险情消除")
    with pytest.raises(InvalidTransition):
        inc.add_step(session=session, actor=em, incident_id=incident.id, description="再次疏散")
    # Closing waits for a complete after-action record, and names what is missing.
    with pytest.raises(InvalidTransition) as refused:
        inc.close_incident(session=session, actor=em, incident_id=incident.id)
    assert refused.value.message_code == "incident.after_action_incomplete"
    assert refused.value.details[0]["missing"] == [
        "incident.missing.assessment",
        "incident.missing.cause",
        "incident.missing.responsibility",
        "incident.missing.corrective_actions",
    ]
    inc.record_after_action(
        session=session,
        actor=em,
        incident_id=incident.id,
        assessment="一般事故",
        cause="阀门老化",
        responsibility="企业设备部",
    )
    with pytest.raises(InvalidTransition):
        inc.close_incident(session=session, actor=em, incident_id=incident.id)
    action = inc.add_corrective_action(
        session=session,
        actor=em,
        incident_id=incident.id,
        text="更换全部阀门",
        owner="设备部 张工",
        due_on=date(2026, 7, 1),
    )
    closed = inc.close_incident(session=session, actor=em, incident_id=incident.id)
    assert closed.status == "closed" and closed.closed_at is not None
    with pytest.raises(InvalidTransition):
        inc.add_reading(
            session=session,
            actor=em,
            incident_id=incident.id,
            pollutant="氰化氢",
            concentration="0",
            unit="mg/m3",
            place="厂界",
        )
    inc.complete_corrective_action(
        session=session, actor=em, incident_id=incident.id, action_id=action.id, done_on=date(2026, 6, 20)
    )
    actions = [
        e.action for e in session.exec(select(Event).where(Event.entity == inc.ENTITY).order_by(Event.id))
    ]
    assert actions == [
        "emergency_incident.report",
        "emergency_incident.grade",
        "emergency_incident.step",
        "emergency_incident.reading",
        "emergency_incident.terminate",
        "emergency_incident.after_action",
        "emergency_incident.corrective_action",
        "emergency_incident.close",
        "emergency_incident.corrective_action_done",
    ]


def test_the_grade_makes_the_plans_notifications_due_and_a_regrade_replaces_those_not_made(session, world):
    em = world.stock.em
    incident = report(session, world)
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="II")
    due = session.exec(select(IncidentNotification).order_by(IncidentNotification.due_by)).all()
    eco, emd = (
        world.registry.departments["ecology_environment"],
        world.registry.departments["emergency_management"],
    )
    assert [(n.department_id, n.due_by.replace(tzinfo=UTC)) for n in due] == [
        (eco.id, T0 + timedelta(minutes=30)),
        (emd.id, T0 + timedelta(minutes=60)),
    ]
    inc.record_notification(
        session=session, actor=em, incident_id=incident.id, department_id=eco.id, means="电话"
    )
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="IV")
    rows = session.exec(select(IncidentNotification).order_by(IncidentNotification.id)).all()
    # The notification made stays; the one not made gives way to grade IV's.
    assert [(n.department_id, n.grade, n.told_at is not None) for n in rows] == [
        (eco.id, "II", True),
        (emd.id, "IV", False),
    ]


def test_an_overdue_notification_raises_an_alert_to_the_department_that_should_have_been_told(
    session, world, monkeypatch
):
    em = world.stock.em
    incident = report(session, world)
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="II")
    eco, emd = (
        world.registry.departments["ecology_environment"],
        world.registry.departments["emergency_management"],
    )
    # Before either is due, the sweep raises nothing.
    at(monkeypatch, T0 + timedelta(minutes=29))
    oversight_alerts.sweep(session=session)
    assert session.exec(select(Alert).where(Alert.kind == "incident_notification_overdue")).all() == []
    # Emergency management was told in time; ecology was not.
    inc.record_notification(session=session, actor=em, incident_id=incident.id, department_id=emd.id)
    at(monkeypatch, T0 + timedelta(minutes=90))
    raised = oversight_alerts.sweep(session=session)
    assert raised == {"incident_notification_overdue": 1}
    alerts = session.exec(select(Alert).where(Alert.kind == "incident_notification_overdue")).all()
    assert [(a.department_kind, a.entity_id, a.message_code) for a in alerts] == [
        ("ecology_environment", str(incident.id), "incident.alert.notification_overdue")
    ]
    assert alerts[0].details["department_id"] == eco.id
    # A second sweep adds nothing; the incident page shows it overdue.
    assert oversight_alerts.sweep(session=session) == {}
    view = inc.incident_view(session=session, actor=em, incident_id=incident.id)
    assert [(n.row.department_id, n.overdue) for n in view.notifications] == [(eco.id, True), (emd.id, False)]


def test_a_notification_recorded_late_still_counts_but_no_alert_is_raised_once_it_is_made(
    session, world, monkeypatch
):
    em = world.stock.em
    incident = report(session, world)
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="II")
    at(monkeypatch, T0 + timedelta(minutes=45))
    for row in session.exec(select(IncidentNotification)).all():
        inc.record_notification(session=session, actor=em, incident_id=incident.id, notification_id=row.id)
    at(monkeypatch, T0 + timedelta(hours=5))
    assert oversight_alerts.sweep(session=session) == {}


def test_a_notification_names_someone_and_is_recorded_once(session, world):
    em = world.stock.em
    incident = report(session, world)
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade="II")
    with pytest.raises(InvalidInput):
        inc.record_notification(session=session, actor=em, incident_id=incident.id)
    extra = inc.record_notification(
        session=session, actor=em, incident_id=incident.id, contact_name="区政府值班室"
    )
    assert extra.rule_id is None and extra.told_at is not None
    from hazchem.domain.errors import Conflict

    with pytest.raises(Conflict):
        inc.record_notification(session=session, actor=em, incident_id=incident.id, notification_id=extra.id)


def test_the_proposal_gives_the_sheets_and_departments_of_a_chemical_in_the_park_catalogue(session, world):
    incident = report(session, world)
    proposal = inc.proposal(session=session, actor=world.stock.em, incident_id=incident.id, grade="II")
    sheets = {s.chemical.name: s for s in proposal.sheets}
    assert sheets["氰化钠"].involved and "次氯酸钠" in sheets["氰化钠"].emergency
    assert "正压式空气呼吸器" in sheets["氰化钠"].protection
    # The facility's stock comes along with its own sheet (none written for methanol).
    assert [(h.name, h.quantity_kg) for h in proposal.holdings] == [("甲醇", 5_000)]
    assert not sheets["甲醇"].involved and sheets["甲醇"].emergency == ""
    kinds = {r.department.kind for r in proposal.departments}
    # 剧毒: public security (purchase permit) beside emergency management and ecology.
    assert {"public_security", "emergency_management", "ecology_environment"} <= kinds
    assert proposal.ratio == "0.250" and proposal.major_hazard is False
    assert [r.resource.name for r in proposal.resources] == ["园区消防救援站"]
    assert [n.within_minutes for n in proposal.notifications] == [30, 60]


def test_the_proposal_leaves_out_public_security_for_an_uncontrolled_chemical(session, world):
    incident = inc.report_incident(
        session=session,
        actor=world.stock.officer,
        description="甲醇泄漏",
        place="甲类仓库A区",
        facility_id=world.stock.warehouse.id,
        substances=[inc.SubstanceInput(chemical_id=world.stock.methanol.id)],
    )
    proposal = inc.proposal(session=session, actor=world.stock.em, incident_id=incident.id)
    kinds = {r.department.kind for r in proposal.departments}
    assert "emergency_management" in kinds and "public_security" not in kinds
    assert proposal.notifications == []  # not graded yet, no grade asked for


def _closed(session, world, monkeypatch, occurred_at, grade="III"):
    em = world.stock.em
    at(monkeypatch, occurred_at + timedelta(minutes=10))
    incident = report(session, world, occurred_at=occurred_at)
    inc.grade_incident(session=session, actor=em, incident_id=incident.id, grade=grade)
    inc.add_step(session=session, actor=em, incident_id=incident.id, description="处置")
    inc.terminate(session=session, actor=em, incident_id=incident.id)
    inc.record_after_action(
        session=session,
        actor=em,
        incident_id=incident.id,
        assessment="较大",
        cause="操作失误",
        responsibility="企业",
    )
    inc.add_corrective_action(
        session=session,
        actor=em,
        incident_id=incident.id,
        text="培训",
        owner="安全部",
        due_on=date(2026, 7, 1),
    )
    return inc.close_incident(session=session, actor=em, incident_id=incident.id)


def test_a_closed_accident_in_the_last_year_raises_the_enterprise_grade_with_the_reason(
    session, world, monkeypatch
):
    today = date(2026, 6, 30)
    ent = world.registry.ent_a.id

    def graded():
        return grading.enterprise_grade(
            session=session, actor=world.registry.users["admin"], enterprise_id=ent, today=today
        )

    before = graded()
    assert before.facts["accidents"] == 0 and "accident" not in {r.rule.id for r in before.assessment.reasons}
    # An accident more than a year ago does not count, nor one still open.
    _closed(session, world, monkeypatch, datetime(2025, 5, 1, 2, tzinfo=UTC))
    at(monkeypatch, T0)
    report(session, world)
    assert graded().facts["accidents"] == 0
    _closed(session, world, monkeypatch, datetime(2026, 3, 1, 2, tzinfo=UTC))
    after = graded()
    assert after.facts["accidents"] == 1 and after.assessment.grade == "A"
    reason = next(r for r in after.assessment.reasons if r.rule.id == "accident")
    assert reason.said.code == "grading.reason.at_least"
    assert reason.said.params["fact"].code == "grading.fact.accidents"


def test_a_major_accident_in_three_years_fails_the_green_park_indicator(session, world, monkeypatch):
    admin = world.registry.users["admin"]

    def evaluated():
        return indicators.park_indicators(session=session, actor=admin, year=2026, today=date(2026, 6, 30))

    _closed(session, world, monkeypatch, datetime(2026, 2, 1, 2, tzinfo=UTC), grade="III")
    _closed(session, world, monkeypatch, datetime(2023, 1, 1, 2, tzinfo=UTC), grade="I")
    assert evaluated().no_major_accident is True
    _closed(session, world, monkeypatch, datetime(2024, 1, 1, 2, tzinfo=UTC), grade="II")
    result = evaluated()
    assert result.no_major_accident is False
    assert [(a.grade, a.occurred_on) for a in result.major_accidents] == [("II", date(2024, 1, 1))]

"""The accident-incident lifecycle as a pure table: order, who acts, notifications due, closure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hazchem.domain import emergency_incidents as rules
from hazchem.domain.emergency_incidents import IncidentAction as A
from hazchem.domain.emergency_incidents import IncidentStatus as S
from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition


def test_the_straight_path_from_report_to_closure():
    status = S.REPORTED.value
    for action, expected in (
        (A.GRADE, S.GRADED),
        (A.NOTIFY, S.GRADED),
        (A.ADD_STEP, S.RESPONDING),
        (A.ADD_READING, S.RESPONDING),
        (A.TERMINATE, S.TERMINATED),
        (A.RECORD_AFTER_ACTION, S.TERMINATED),
        (A.ADD_CORRECTIVE_ACTION, S.TERMINATED),
        (A.CLOSE, S.CLOSED),
    ):
        status = rules.next_status(status, action).value
        assert status == expected.value


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.REPORTED, A.ADD_STEP),
        (S.REPORTED, A.NOTIFY),
        (S.REPORTED, A.TERMINATE),
        (S.GRADED, A.TERMINATE),
        (S.RESPONDING, A.CLOSE),
        (S.RESPONDING, A.RECORD_AFTER_ACTION),
        (S.TERMINATED, A.ADD_STEP),
        (S.TERMINATED, A.GRADE),
        (S.CLOSED, A.ADD_READING),
        (S.CLOSED, A.CLOSE),
    ],
)
def test_a_step_out_of_order_is_refused_with_its_code(status, action):
    with pytest.raises(InvalidTransition) as refused:
        rules.next_status(status.value, action)
    assert refused.value.message_code == "incident.out_of_order"
    assert refused.value.details == [{"status": status.value, "action": action.value}]


def test_the_emergency_office_is_emergency_management_or_the_park():
    assert rules.is_office("park_admin", None)
    assert rules.is_office("regulator", "emergency_management")
    assert not rules.is_office("regulator", "ecology_environment")
    assert not rules.is_office("ehs_officer", None)
    with pytest.raises(Forbidden):
        rules.require_office("regulator", "transport", A.GRADE)
    rules.require_reporter("ehs_officer")
    with pytest.raises(Forbidden):
        rules.require_reporter("driver")


def test_grades_and_major_accidents():
    assert rules.parse_grade(" ii ") is rules.IncidentGrade.II
    with pytest.raises(InvalidInput):
        rules.parse_grade("2")
    assert (
        rules.is_major("I")
        and rules.is_major("II")
        and not rules.is_major("III")
        and not rules.is_major(None)
    )


def test_a_notification_is_overdue_only_past_its_time_and_while_not_made():
    graded = datetime(2026, 6, 1, 2, tzinfo=UTC)
    due = rules.due_by(graded, 30)
    assert due == graded + timedelta(minutes=30)
    assert not rules.notification_overdue(due, None, due)
    assert rules.notification_overdue(due, None, due + timedelta(seconds=1))
    assert not rules.notification_overdue(due, due + timedelta(minutes=5), due + timedelta(hours=1))
    assert not rules.notification_overdue(None, None, due + timedelta(days=1))


def test_closure_needs_the_whole_after_action_record():
    with pytest.raises(InvalidTransition) as refused:
        rules.require_complete(assessment="较大", cause="", responsibility="企业", corrective_actions=0)
    assert refused.value.details == [
        {"missing": ["incident.missing.cause", "incident.missing.corrective_actions"]}
    ]
    rules.require_complete(assessment="较大", cause="阀门", responsibility="企业", corrective_actions=1)


def test_which_licence_types_answer_for_a_substance():
    assert "toxic_purchase" in rules.licence_types_for(
        chemical=True, highly_toxic=True, explosive_precursor=False, waste=False
    )
    plain = rules.licence_types_for(chemical=True, highly_toxic=False, explosive_precursor=False, waste=False)
    assert "toxic_purchase" not in plain and "hc_safe_use" in plain
    assert rules.licence_types_for(
        chemical=False, highly_toxic=False, explosive_precursor=False, waste=True
    ) == ["hw_operating"]

"""Raising an alert is idempotent per condition; acknowledging needs a note and the right department."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput
from hazchem.domain.oversight_messages import ALERT_WEIGHT_DISCREPANCY
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind
from hazchem.models import Alert, Event
from hazchem.services import platform
from hazchem.services.oversight import alerts


def _raise(session, registry, key="weight:1"):
    new = platform.raise_alert(
        session,
        key=key,
        kind=AlertKind.WEIGHT_DISCREPANCY,
        severity=AlertSeverity.WARNING,
        department_kind=DepartmentKind.ECOLOGY_ENVIRONMENT,
        entity="manifest",
        entity_id=1,
        said=ALERT_WEIGHT_DISCREPANCY(manifest="M-1", count=1, tolerance="5", containers="C-1 (8 %)"),
        enterprise_id=registry.ent_a.id,
    )
    session.commit()
    return new


def test_raising_the_same_condition_twice_keeps_one_alert(session, registry):
    assert _raise(session, registry) is True
    assert _raise(session, registry) is False
    assert _raise(session, registry, key="weight:2") is True
    assert len(session.exec(select(Alert)).all()) == 2


def test_an_alert_keeps_its_message_code_beside_the_english_text(session, registry):
    _raise(session, registry)
    alert = session.exec(select(Alert)).one()
    assert alert.message_code == "alert.weight_discrepancy" and alert.message_params["manifest"] == "M-1"
    assert alert.message == (
        "manifest M-1: 1 container(s) weighed more than 5 % off the declared weight: C-1 (8 %)"
    )
    assert str(alert.said) == alert.message


def test_an_alert_raised_before_codes_says_its_stored_text():
    old = Alert(message="weighed 8 % under", message_code="", message_params={})
    assert old.said.code == "" and str(old.said) == "weighed 8 % under"


def test_acknowledgement_needs_a_note_and_is_audited(session, registry):
    _raise(session, registry)
    alert = session.exec(select(Alert)).one()
    with pytest.raises(InvalidInput):
        alerts.acknowledge(
            session=session, actor=registry.users["regulator_eco"], alert_id=alert.id, note=" "
        )
    done = alerts.acknowledge(
        session=session, actor=registry.users["regulator_eco"], alert_id=alert.id, note="phoned the receiver"
    )
    assert done.acknowledged_at is not None and done.ack_note == "phoned the receiver"
    assert session.exec(select(Event).where(Event.action == "alert.acknowledge")).one()
    with pytest.raises(Conflict):
        alerts.acknowledge(session=session, actor=registry.users["admin"], alert_id=alert.id, note="again")
    assert len(session.exec(select(Alert)).all()) == 1


@pytest.mark.parametrize("username", ["regulator_em", "officer_a"])
def test_other_departments_and_enterprises_cannot_acknowledge(session, registry, username):
    _raise(session, registry)
    alert = session.exec(select(Alert)).one()
    with pytest.raises(Forbidden):
        alerts.acknowledge(session=session, actor=registry.users[username], alert_id=alert.id, note="seen")
    session.rollback()
    assert session.get(Alert, alert.id).acknowledged_at is None

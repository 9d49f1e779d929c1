"""Web: the alert list is scoped and filtered; acknowledgement is a CSRF form that needs a note."""

from __future__ import annotations

from sqlmodel import select

from hazchem.domain.alerting import ALERT_DEPARTMENT
from hazchem.domain.errors import said
from hazchem.domain.oversight_messages import ALERT_INCIDENT_AT
from hazchem.domain.vocab import AlertKind, AlertSeverity
from hazchem.models import Alert
from hazchem.services import platform
from tests.web.conftest import csrf_token, login


def raise_one(session, key, kind, enterprise_id):
    platform.raise_alert(
        session,
        key=key,
        kind=kind,
        severity=AlertSeverity.BREACH,
        department_kind=ALERT_DEPARTMENT[kind],
        entity="manifest",
        entity_id=key,
        said=ALERT_INCIDENT_AT(facility=f"message-{key}"),
        enterprise_id=enterprise_id,
    )
    session.commit()
    return session.exec(select(Alert).where(Alert.key == key)).one()


def state(session, alert_id):
    session.rollback()  # end the read snapshot so the app's writes show
    return session.get(Alert, alert_id)


def test_regulator_lists_filters_and_acknowledges_with_a_note(client, session, registry):
    weight = raise_one(session, "w", AlertKind.WEIGHT_DISCREPANCY, registry.ent_a.id)
    raise_one(session, "s", AlertKind.STORAGE_AGE, registry.ent_b.id)
    raise_one(session, "leg", AlertKind.LONG_TRANSPORT_LEG, registry.ent_c.id)
    login(client, "regulator_eco")
    page = client.get("/oversight/alerts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "message-w" in html and "message-s" in html
    assert "message-leg" not in html
    # An alert is said in the reader's language, from its code and parameters.
    assert "在 message-w" in html and "at message-w" not in html
    assert "at message-w" in client.get("/oversight/alerts?lang=en").get_data(as_text=True)
    filtered = client.get(f"/oversight/alerts?kind=storage_age&enterprise_id={registry.ent_b.id}")
    assert "message-s" in filtered.get_data(as_text=True) and "message-w" not in filtered.get_data(
        as_text=True
    )
    url = f"/oversight/alerts/{weight.id}/acknowledge"
    token = csrf_token(html)
    blank = client.post(url, data={"csrf_token": token, "note": " "})
    assert blank.status_code == 400 and state(session, weight.id).acknowledged_at is None
    assert client.post(url, data={"note": "no token"}).status_code == 400
    assert state(session, weight.id).acknowledged_at is None
    done = client.post(
        url, data={"csrf_token": token, "note": "已约谈", "next": "/oversight/alerts?state=all"}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/oversight/alerts?state=all")
    assert state(session, weight.id).ack_note == "已约谈"
    assert "已约谈" in client.get("/oversight/alerts?state=acknowledged").get_data(as_text=True)
    assert client.post(url, data={"csrf_token": token, "note": "again"}).status_code == 409


def test_other_department_cannot_acknowledge_and_enterprises_only_read(client, session, registry):
    weight = raise_one(session, "w", AlertKind.WEIGHT_DISCREPANCY, registry.ent_a.id)
    login(client, "regulator_em")
    html = client.get("/oversight/alerts").get_data(as_text=True)
    assert "message-w" not in html and "没有符合筛选条件的预警。" in html
    resp = client.post(
        f"/oversight/alerts/{weight.id}/acknowledge", data={"csrf_token": csrf_token(html), "note": "x"}
    )
    assert resp.status_code == 403 and state(session, weight.id).acknowledged_at is None
    client.post("/logout", data={"csrf_token": csrf_token(html)})
    login(client, "officer_a")
    mine = client.get("/oversight/alerts").get_data(as_text=True)
    assert "message-w" in mine and f"/oversight/alerts/{weight.id}/acknowledge" not in mine


def test_alerts_link_to_their_manifest_or_container(client, session, registry):
    platform.raise_alert(
        session,
        key="m",
        kind=AlertKind.OVERDUE_CONFIRMATION,
        severity=AlertSeverity.BREACH,
        department_kind="ecology_environment",
        entity="manifest",
        entity_id="20263306000001",
        said=said("late", {}),
        details={"manifest_id": 77},
    )
    platform.raise_alert(
        session,
        key="c",
        kind=AlertKind.STORAGE_AGE,
        severity=AlertSeverity.WARNING,
        department_kind="ecology_environment",
        entity="container",
        entity_id="X" * 37,
        said=said("old", {}),
    )
    session.commit()
    login(client, "admin")
    html = client.get("/oversight/alerts").get_data(as_text=True)
    assert 'href="/manifests/77"' in html and f'href="/l/{"X" * 37}"' in html


def test_drivers_have_no_alert_list(client, session, registry):
    login(client, "driver")
    assert client.get("/oversight/alerts").status_code == 403

"""API: the alert list sweeps, filters, scopes and pages; acknowledgement needs a note and the department."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from hazchem.domain.alerting import ALERT_DEPARTMENT
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.domain.oversight_messages import ALERT_INCIDENT_AT
from hazchem.domain.vocab import AlertKind, AlertSeverity
from hazchem.models import Alert
from hazchem.services import platform
from tests.api.conftest import API
from tests.services.test_audit_search import add_manifest


def raise_one(session, key, kind, enterprise_id):
    platform.raise_alert(
        session,
        key=key,
        kind=kind,
        severity=AlertSeverity.WARNING,
        department_kind=ALERT_DEPARTMENT[kind],
        entity="manifest",
        entity_id=key,
        said=ALERT_INCIDENT_AT(facility=f"message {key}"),
        enterprise_id=enterprise_id,
    )
    session.commit()
    return session.exec(select(Alert).where(Alert.key == key)).one()


def test_list_sweeps_overdue_confirmations_and_filters(client, login, session, registry, chain):
    old = add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 1, 5, 2, tzinfo=UTC),
    )
    raise_one(session, "leg", AlertKind.LONG_TRANSPORT_LEG, registry.ent_c.id)
    eco = login("regulator_eco")
    body = client.get(f"{API}/alerts", headers=eco).get_json()
    assert [a["kind"] for a in body["items"]] == ["overdue_confirmation"]
    assert (
        old.number in body["items"][0]["message"] and body["items"][0]["enterprise_id"] == registry.ent_b.id
    )
    admin = login("admin")
    kinds = {a["kind"] for a in client.get(f"{API}/alerts", headers=admin).get_json()["items"]}
    assert kinds == {"overdue_confirmation", "long_transport_leg"}
    leg = client.get(f"{API}/alerts?department_kind=transport", headers=admin).get_json()["items"][0]
    assert leg["message"] == "at message leg" and leg["message_code"] == "alert.incident_at"
    assert leg["params"] == {"facility": "message leg"}
    in_chinese = client.get(
        f"{API}/alerts?department_kind=transport", headers={**admin, "Accept-Language": "zh-CN"}
    ).get_json()["items"][0]
    assert in_chinese["message"] == "在 message leg" and in_chinese["message_code"] == "alert.incident_at"
    only = client.get(f"{API}/alerts?department_kind=transport", headers=admin).get_json()["items"]
    assert [a["kind"] for a in only] == ["long_transport_leg"]
    mine = client.get(f"{API}/alerts?enterprise_id={registry.ent_b.id}", headers=admin).get_json()["items"]
    assert [a["kind"] for a in mine] == ["overdue_confirmation"]
    assert client.get(f"{API}/alerts?kind=storage_age", headers=admin).get_json()["items"] == []
    assert client.get(f"{API}/alerts?kind=fire", headers=admin).status_code == 400
    assert client.get(f"{API}/alerts?state=closed", headers=admin).status_code == 400


def test_enterprise_officers_read_their_own_drivers_none(client, login, session, registry):
    raise_one(session, "a", AlertKind.WEIGHT_DISCREPANCY, registry.ent_a.id)
    raise_one(session, "b", AlertKind.STORAGE_AGE, registry.ent_b.id)
    items = client.get(f"{API}/alerts", headers=login("officer_a")).get_json()["items"]
    assert [a["entity_id"] for a in items] == ["a"]
    assert client.get(f"{API}/alerts", headers=login("driver")).status_code == 403


def test_acknowledge_needs_a_note_and_the_department(client, login, session, registry):
    alert = raise_one(session, "w", AlertKind.WEIGHT_DISCREPANCY, registry.ent_a.id)
    url = f"{API}/alerts/{alert.id}/acknowledge"
    eco, em, officer = login("regulator_eco"), login("regulator_em"), login("officer_a")
    assert client.post(url, json={"note": ""}, headers=eco).status_code == 400
    assert client.post(url, json={"note": "   "}, headers=eco).status_code == 400
    assert client.post(url, json={"note": "seen"}, headers=em).status_code == 403
    assert client.post(url, json={"note": "seen"}, headers=officer).status_code == 403
    done = client.post(url, json={"note": "已电话核实"}, headers=eco)
    assert done.status_code == 200 and done.get_json()["ack_note"] == "已电话核实"
    assert client.post(url, json={"note": "again"}, headers=eco).status_code == 409
    assert client.post(f"{API}/alerts/999999/acknowledge", json={"note": "x"}, headers=eco).status_code == 404
    listed = client.get(f"{API}/alerts?state=acknowledged", headers=eco).get_json()["items"]
    assert [a["id"] for a in listed] == [alert.id]
    assert client.get(f"{API}/alerts", headers=eco).get_json()["items"] == []


def test_paging_by_cursor(client, login, session, registry):
    for n in range(5):
        raise_one(session, f"k{n}", AlertKind.WEIGHT_DISCREPANCY, registry.ent_a.id)
    admin = login("admin")
    seen, cursor = [], None
    while True:
        url = f"{API}/alerts?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, headers=admin).get_json()
        seen += [a["entity_id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["k4", "k3", "k2", "k1", "k0"]
    assert client.get(f"{API}/alerts?cursor=junk", headers=admin).status_code == 400

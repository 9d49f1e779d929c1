"""Incident pages: reported from a facility page, graded and notified by the emergency office, the
phone page's contents, refusals from both sides, and the PDF brief with its QR code."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from hazchem.models import EmergencyIncident, IncidentNotification
from hazchem.services.platform import clock
from tests.incident_world import T0, make_world
from tests.web.conftest import login, page_token


@pytest.fixture
def world(session, registry, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: T0)
    return make_world(session, registry)


def _report(client, world) -> int:
    login(client, "officer_a")
    facility = client.get(f"/facilities/{world.stock.warehouse.id}").get_data(as_text=True)
    link = re.search(r'href="(/incidents/report\?facility_id=\d+)"', facility)
    assert link, "the facility page links to the report form"
    form = client.get(link.group(1)).get_data(as_text=True)
    assert "甲醇" in form  # the facility's holdings are offered as chemicals involved
    response = client.post(
        "/incidents/report",
        data={
            "csrf_token": page_token(client, link.group(1)),
            "facility_id": str(world.stock.warehouse.id),
            "occurred_at": "2026-06-01T09:40",
            "place": "甲类仓库A区",
            "description": "甲醇桶泄漏",
            "chemical_id": str(world.stock.methanol.id),
            "other_chemical": "143-33-9",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_reported_from_a_facility_page_then_graded_and_notified(app, client, world, session):
    iid = _report(client, world)
    page = client.get(f"/incidents/{iid}").get_data(as_text=True)
    assert "次氯酸钠" in page and "园区消防救援站" in page and "甲醇" in page
    assert f'action="/incidents/{iid}/grade"' not in page  # not the office
    refused = client.post(
        f"/incidents/{iid}/grade", data={"csrf_token": page_token(client, f"/incidents/{iid}"), "grade": "II"}
    )
    assert refused.status_code == 403
    client = app.test_client()
    login(client, "regulator_em")
    token = page_token(client, f"/incidents/{iid}")
    out_of_order = client.post(f"/incidents/{iid}/steps", data={"csrf_token": token, "description": "疏散"})
    assert out_of_order.status_code == 409
    assert (
        client.post(f"/incidents/{iid}/grade", data={"csrf_token": token, "grade": "II"}).status_code == 302
    )
    eco = world.registry.departments["ecology_environment"].id
    told = client.post(
        f"/incidents/{iid}/notifications",
        data={"csrf_token": token, "department_id": str(eco), "told_at": "2026-06-01T10:05", "means": "电话"},
    )
    assert told.status_code == 302
    session.rollback()
    rows = session.exec(select(IncidentNotification).where(IncidentNotification.department_id == eco)).all()
    assert [r.told_at is not None for r in rows] == [True]
    assert session.get(EmergencyIncident, iid).grade == "II"
    brief = client.get(f"/incidents/{iid}/brief.pdf")
    assert brief.status_code == 200 and brief.data.startswith(b"%PDF-")


def test_another_enterprise_does_not_see_the_incident(app, client, world):
    iid = _report(client, world)
    client = app.test_client()
    login(client, "officer_b")
    assert client.get(f"/incidents/{iid}").status_code == 404
    assert client.get(f"/incidents/{iid}/brief.pdf").status_code == 404
    assert "甲醇桶泄漏" not in client.get("/incidents").get_data(as_text=True)


def test_the_driver_has_no_report_form(client, world):
    login(client, "driver")
    assert client.get("/incidents/report").status_code == 403

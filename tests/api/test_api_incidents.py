"""Accident incidents through the API: scopes from both sides, the lifecycle in order, the proposal and
the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hazchem.services.platform import clock
from tests.incident_world import T0, make_world


@pytest.fixture
def world(session, registry, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: T0)
    return make_world(session, registry)


def _report(api, world, user="officer_a"):
    return api.call(
        user,
        "POST",
        "/incidents",
        201,
        json={
            "description": "氰化钠包装破损泄漏",
            "place": "甲类仓库B区",
            "occurred_at": (T0 - timedelta(minutes=15)).isoformat(),
            "facility_id": world.stock.warehouse.id,
            "substances": [{"chemical_id": world.stock.cyanide.id, "quantity_kg": 25}],
        },
    )


def test_incidents_are_scoped_by_enterprise_and_park(api, world):
    created = _report(api, world)
    iid = created["id"]
    assert created["status"] == "reported" and created["substances"][0]["chemical"] == "氰化钠"
    assert created["actions"] == []  # the reporter is not the emergency office
    for user in ("officer_a", "regulator_eco", "regulator_em", "admin"):
        assert [i["id"] for i in api.call(user, "GET", "/incidents")["items"]] == [iid]
        api.call(user, "GET", f"/incidents/{iid}")
    # Another enterprise sees neither the list entry nor the record, nor may report for this facility.
    assert api.call("officer_b", "GET", "/incidents")["items"] == []
    api.call("officer_b", "GET", f"/incidents/{iid}", 404)
    api.call("officer_b", "GET", f"/incidents/{iid}/proposal", 404)
    api.call(
        "officer_b",
        "POST",
        "/incidents",
        404,
        json={"description": "x", "place": "y", "facility_id": world.stock.warehouse.id},
    )
    api.call("driver", "POST", "/incidents", 403, json={"description": "x", "place": "y"})
    api.call("admin", "GET", "/incidents/999999", 404)


def test_the_office_runs_the_lifecycle_and_a_step_out_of_order_is_refused(api, world):
    iid = _report(api, world)["id"]
    refused = api.call("regulator_em", "POST", f"/incidents/{iid}/steps", 409, json={"description": "疏散"})
    assert refused["message_code"] == "incident.out_of_order"
    api.call("officer_a", "POST", f"/incidents/{iid}/grade", 403, json={"grade": "II"})
    api.call("regulator_eco", "POST", f"/incidents/{iid}/grade", 403, json={"grade": "II"})
    api.call("regulator_em", "POST", f"/incidents/{iid}/grade", 400, json={"grade": "VI"})
    graded = api.call("regulator_em", "POST", f"/incidents/{iid}/grade", json={"grade": "II"})
    assert graded["status"] == "graded" and graded["grade"] == "II"
    assert [n["department"] for n in graded["notifications"]] == [
        world.registry.departments["ecology_environment"].name,
        world.registry.departments["emergency_management"].name,
    ]
    first = graded["notifications"][0]["id"]
    told = api.call(
        "regulator_em",
        "POST",
        f"/incidents/{iid}/notifications",
        json={"notification_id": first, "means": "电话"},
    )
    assert told["notifications"][0]["told_at"] is not None
    api.call("regulator_em", "POST", f"/incidents/{iid}/notifications", 409, json={"notification_id": first})
    api.call(
        "regulator_em", "POST", f"/incidents/{iid}/steps", json={"description": "疏散", "by_whom": "消防站"}
    )
    reading = api.call(
        "regulator_em",
        "POST",
        f"/incidents/{iid}/readings",
        json={"pollutant": "氰化氢", "concentration": "0.3", "unit": "mg/m3", "place": "厂界"},
    )
    assert reading["status"] == "responding" and reading["readings"][0]["concentration"] == "0.3"
    api.call("regulator_em", "POST", f"/incidents/{iid}/close", 409)
    api.call("regulator_em", "POST", f"/incidents/{iid}/terminate", json={"note": "险情消除"})
    refused = api.call("regulator_em", "POST", f"/incidents/{iid}/close", 409)
    assert refused["message_code"] == "incident.after_action_incomplete"
    api.call(
        "regulator_em",
        "POST",
        f"/incidents/{iid}/after-action",
        json={
            "assessment": "较大事故",
            "cause": "包装破损",
            "responsibility": "企业仓储部",
            "corrective_actions": [{"text": "更换包装", "owner": "仓储部", "due_on": "2026-07-01"}],
        },
    )
    closed = api.call("regulator_em", "POST", f"/incidents/{iid}/close")
    assert closed["status"] == "closed" and closed["corrective_actions"][0]["owner"] == "仓储部"


def test_the_proposal_names_the_sheets_and_departments(api, world):
    iid = _report(api, world)["id"]
    proposal = api.call("regulator_em", "GET", f"/incidents/{iid}/proposal?grade=II")
    sheet = next(s for s in proposal["sheets"] if s["name"] == "氰化钠")
    assert sheet["involved"] and "次氯酸钠" in sheet["emergency"]
    assert "public_security" in {d["kind"] for d in proposal["departments"]}
    assert [n["within_minutes"] for n in proposal["notifications"]] == [30, 60]
    assert proposal["resources"][0]["name"] == "园区消防救援站"
    api.call("regulator_em", "GET", f"/incidents/{iid}/proposal?grade=X", 400)


def test_the_openapi_document_lists_the_incidents_resource(api):
    doc = api.client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/incidents" in doc["paths"] and "/api/v1/incidents/{incident_id}/grade" in doc["paths"]
    assert "incidents" in {t for op in doc["paths"]["/api/v1/incidents"].values() for t in op.get("tags", [])}

"""The emergency-plans and emergency-resources API: every write and read from both sides of its check
and scope (another enterprise, a regulator of another department, a driver)."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from hazchem.services.platform import clock
from tests.api.conftest import walk

API = "/api/v1"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GRADES = [
    {"grade": "I", "criteria": "特别重大：影响跨设区的市"},
    {"grade": "IV", "criteria": "一般：影响限于企业厂界内"},
]


def create_park_plan(client, headers, **kw):
    body = {"kind": "chemical_accident", "title": "园区危险化学品事故应急预案", "grades": GRADES, **kw}
    return client.post(f"{API}/emergency-plans", json=body, headers=headers)


def test_the_openapi_document_names_both_resources(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    assert "/api/v1/emergency-plans" in paths and "/api/v1/emergency-resources" in paths
    tags = {t for op in paths["/api/v1/emergency-plans"].values() for t in op.get("tags", [])}
    assert tags == {"emergency-plans"}
    assert "/api/v1/emergency-resources/{resource_id}/inspections" in paths


def test_a_plan_goes_from_draft_to_in_force_with_its_tree_file_and_new_version(client, login, registry):
    em = login("regulator_em")
    created = create_park_plan(client, em)
    assert created.status_code == 201, created.get_json()
    plan = created.get_json()
    assert (plan["version"], plan["status"], plan["enterprise_id"], plan["editable"]) == (
        1,
        "draft",
        None,
        True,
    )
    contact = client.post(
        f"{API}/emergency-plans/{plan['id']}/contacts",
        json={"unit": "headquarters", "name": "王总指挥", "role": "总指挥", "phone": "0570-0000001"},
        headers=em,
    )
    assert contact.status_code == 201, contact.get_json()
    rule = client.post(
        f"{API}/emergency-plans/{plan['id']}/notification-rules",
        json={
            "grade": "I",
            "notifier": "园区应急办公室",
            "within_minutes": 30,
            "notified_contact_id": contact.get_json()["id"],
        },
        headers=em,
    )
    assert rule.status_code == 201, rule.get_json()
    eco = registry.departments["ecology_environment"].id
    client.post(
        f"{API}/emergency-plans/{plan['id']}/notification-rules",
        json={
            "grade": "I",
            "notifier": "园区应急办公室",
            "within_minutes": 60,
            "notified_department_id": eco,
        },
        headers=em,
    )
    grade_one = client.get(f"{API}/emergency-plans/{plan['id']}/notification-rules?grade=I", headers=em)
    assert [r["within_minutes"] for r in grade_one.get_json()["items"]] == [30, 60]
    assert (
        client.get(f"{API}/emergency-plans/{plan['id']}/notification-rules?grade=IV", headers=em).get_json()[
            "items"
        ]
        == []
    )
    upload = client.put(
        f"{API}/emergency-plans/{plan['id']}/file",
        json={"file_name": "预案.pdf", "content_base64": base64.b64encode(PDF).decode()},
        headers=em,
    )
    assert upload.status_code == 200, upload.get_json()
    assert upload.get_json()["file_sha256"] == hashlib.sha256(PDF).hexdigest()
    pdf = client.get(f"{API}/emergency-plans/{plan['id']}/file", headers=login("officer_b"))
    assert pdf.status_code == 200 and pdf.data == PDF and pdf.mimetype == "application/pdf"
    assert pdf.headers["X-Content-SHA256"] == hashlib.sha256(PDF).hexdigest()
    in_force = client.post(f"{API}/emergency-plans/{plan['id']}/in-force", json={}, headers=em)
    assert in_force.get_json()["status"] == "in_force"
    again = client.post(f"{API}/emergency-plans/{plan['id']}/in-force", json={}, headers=em)
    assert again.status_code == 409 and again.get_json()["error"] == "invalid_transition"
    sealed = client.put(
        f"{API}/emergency-plans/{plan['id']}/file",
        json={"file_name": "new.pdf", "content_base64": base64.b64encode(PDF).decode()},
        headers=em,
    )
    assert sealed.status_code == 409
    revised = client.post(
        f"{API}/emergency-plans/{plan['id']}/versions", json={"title": "园区预案（修订）"}, headers=em
    )
    assert revised.status_code == 201, revised.get_json()
    second = revised.get_json()
    assert (second["version"], second["status"], len(second["contacts"]), len(second["rules"])) == (
        2,
        "draft",
        1,
        2,
    )
    assert second["file_sha256"] == ""
    client.post(f"{API}/emergency-plans/{second['id']}/in-force", json={}, headers=em)
    first = client.get(f"{API}/emergency-plans/{plan['id']}", headers=em).get_json()
    assert first["status"] == "superseded" and first["versions"] == [second["id"], plan["id"]]
    current = client.get(f"{API}/emergency-plans", headers=em).get_json()["items"]
    assert [p["id"] for p in current] == [second["id"]]
    every = walk(client, f"{API}/emergency-plans?all_versions=true", em, 1)
    assert {p["id"] for p in every} == {plan["id"], second["id"]}


def test_the_file_must_be_a_pdf_in_base64(client, login):
    em = login("regulator_em")
    plan = create_park_plan(client, em).get_json()
    url = f"{API}/emergency-plans/{plan['id']}/file"
    not_b64 = client.put(url, json={"file_name": "a.pdf", "content_base64": "***"}, headers=em)
    assert not_b64.status_code == 400 and not_b64.get_json()["message_code"] == "emergency.file_not_base64"
    not_pdf = client.put(
        url, json={"file_name": "a.pdf", "content_base64": base64.b64encode(b"GIF89a").decode()}, headers=em
    )
    assert not_pdf.status_code == 400 and not_pdf.get_json()["message_code"] == "emergency.file_not_pdf"
    missing = client.get(url, headers=em)
    assert missing.status_code == 404


def test_who_may_write_the_parks_plan(client, login):
    for name in ("regulator_eco", "regulator_ps", "officer_a", "operator_b", "driver"):
        refused = create_park_plan(client, login(name))
        assert refused.status_code == 403, name
    assert create_park_plan(client, login("admin")).status_code == 201


def test_an_enterprise_plan_is_its_officers_and_hidden_from_other_enterprises(client, login, registry):
    body = {
        "kind": "environmental_emergency",
        "title": "甲公司突发环境事件应急预案",
        "grades": GRADES,
        "enterprise_id": registry.ent_a.id,
    }
    assert client.post(f"{API}/emergency-plans", json=body, headers=login("officer_b")).status_code == 403
    assert client.post(f"{API}/emergency-plans", json=body, headers=login("regulator_eco")).status_code == 403
    created = client.post(f"{API}/emergency-plans", json=body, headers=login("officer_a"))
    assert created.status_code == 201
    plan_id = created.get_json()["id"]
    # Another enterprise neither sees nor edits it; a regulator of another area does not see it.
    for name in ("officer_b", "operator_b", "regulator_em", "regulator_tr"):
        assert client.get(f"{API}/emergency-plans/{plan_id}", headers=login(name)).status_code == 404, name
        listed = client.get(f"{API}/emergency-plans", headers=login(name)).get_json()["items"]
        assert plan_id not in {p["id"] for p in listed}
    edit = client.post(
        f"{API}/emergency-plans/{plan_id}/contacts",
        json={"unit": "office", "name": "王"},
        headers=login("officer_b"),
    )
    assert edit.status_code == 404
    # Ecology reads it (its area) but does not keep it; the administrator and the officer do.
    eco = client.get(f"{API}/emergency-plans/{plan_id}", headers=login("regulator_eco"))
    assert eco.status_code == 200 and eco.get_json()["editable"] is False
    refused = client.post(
        f"{API}/emergency-plans/{plan_id}/in-force", json={}, headers=login("regulator_eco")
    )
    assert refused.status_code == 403
    assert (
        client.post(
            f"{API}/emergency-plans/{plan_id}/in-force", json={}, headers=login("officer_a")
        ).status_code
        == 200
    )
    assert client.get(f"{API}/emergency-plans", headers=login("driver")).status_code == 403


def test_drills_and_reviews_are_recorded(client, login):
    em = login("regulator_em")
    plan = create_park_plan(client, em).get_json()
    today = clock.today()
    drill = client.post(
        f"{API}/emergency-plans/{plan['id']}/drills",
        json={"held_on": today.isoformat(), "next_drill_due": (today + timedelta(days=180)).isoformat()},
        headers=em,
    )
    assert drill.status_code == 200 and drill.get_json()["last_drill_on"] == today.isoformat()
    future = client.post(
        f"{API}/emergency-plans/{plan['id']}/reviews",
        json={"reviewed_on": (today + timedelta(days=1)).isoformat(), "next_review_due": "2099-01-01"},
        headers=em,
    )
    assert future.status_code == 400
    officer = client.post(
        f"{API}/emergency-plans/{plan['id']}/drills",
        json={"held_on": today.isoformat(), "next_drill_due": (today + timedelta(days=180)).isoformat()},
        headers=login("officer_a"),
    )
    assert officer.status_code == 403


# --- Resources -----------------------------------------------------------------------------------


def test_resources_are_created_listed_updated_and_inspected(client, login, registry):
    em = login("regulator_em")
    today = clock.today()
    store = client.post(
        f"{API}/emergency-resources",
        json={
            "kind": "store",
            "name": "园区应急物资库",
            "quantity": 100,
            "unit": "套",
            "minimum_quantity": 50,
            "latitude": 30.0,
            "longitude": 120.0,
            "next_inspection_due": (today - timedelta(days=3)).isoformat(),
        },
        headers=em,
    )
    assert store.status_code == 201, store.get_json()
    body = store.get_json()
    assert (
        body["inspection_overdue_days"] == 3 and body["below_minimum"] is False and body["editable"] is True
    )
    pool = client.post(
        f"{API}/emergency-resources",
        json={"kind": "accident_pool", "name": "1号事故应急池", "capacity_m3": 5000},
        headers=em,
    )
    assert pool.status_code == 201
    no_capacity = client.post(
        f"{API}/emergency-resources", json={"kind": "accident_pool", "name": "2号池"}, headers=em
    )
    assert no_capacity.status_code == 400
    duplicate = client.post(
        f"{API}/emergency-resources", json={"kind": "store", "name": "园区应急物资库"}, headers=em
    )
    assert duplicate.status_code == 409
    pools = client.get(f"{API}/emergency-resources?kind=accident_pool", headers=login("admin")).get_json()[
        "items"
    ]
    assert [p["name"] for p in pools] == ["1号事故应急池"]
    patched = client.patch(
        f"{API}/emergency-resources/{body['id']}",
        json={"quantity": 20, "clear": ["latitude", "longitude"]},
        headers=em,
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["below_minimum"] is True and patched.get_json()["latitude"] is None
    inspected = client.post(
        f"{API}/emergency-resources/{body['id']}/inspections",
        json={
            "inspected_on": today.isoformat(),
            "next_inspection_due": (today + timedelta(days=90)).isoformat(),
            "quantity": 60,
        },
        headers=em,
    )
    assert inspected.status_code == 200
    assert inspected.get_json()["inspection_overdue_days"] is None and inspected.get_json()["quantity"] == 60
    alerts = client.get(f"{API}/alerts?kind=resource_below_minimum", headers=em).get_json()["items"]
    assert len(alerts) == 1 and alerts[0]["department_kind"] == "emergency_management"


def test_resource_scope_from_both_sides(client, login, registry):
    team = client.post(
        f"{API}/emergency-resources",
        json={
            "kind": "team",
            "name": "甲公司专职消防队",
            "owner_enterprise_id": registry.ent_a.id,
            "quantity": 12,
            "unit": "人",
            "facility_id": registry.facility_a.id,
        },
        headers=login("officer_a"),
    )
    assert team.status_code == 201, team.get_json()
    team_id = team.get_json()["id"]
    refused = client.post(
        f"{API}/emergency-resources",
        json={"kind": "team", "name": "冒名", "owner_enterprise_id": registry.ent_a.id},
        headers=login("officer_b"),
    )
    assert refused.status_code == 403
    assert (
        client.post(
            f"{API}/emergency-resources", json={"kind": "store", "name": "园区库"}, headers=login("officer_a")
        ).status_code
        == 403
    )
    for name in ("officer_b", "regulator_eco", "regulator_ps"):
        assert client.get(f"{API}/emergency-resources/{team_id}", headers=login(name)).status_code == 404, (
            name
        )
        assert (
            client.patch(
                f"{API}/emergency-resources/{team_id}", json={"quantity": 1}, headers=login(name)
            ).status_code
            == 404
        )
    seen = client.get(f"{API}/emergency-resources/{team_id}", headers=login("regulator_em"))
    assert seen.status_code == 200 and seen.get_json()["editable"] is False
    assert (
        client.patch(
            f"{API}/emergency-resources/{team_id}", json={"quantity": 1}, headers=login("regulator_em")
        ).status_code
        == 403
    )
    assert client.get(f"{API}/emergency-resources", headers=login("driver")).status_code == 403
    at_facility = client.get(
        f"{API}/emergency-resources?facility_id={registry.facility_a.id}", headers=login("officer_a")
    ).get_json()["items"]
    assert [r["id"] for r in at_facility] == [team_id]


def test_nearest_resources(client, login, registry):
    em = login("regulator_em")
    for name, lat in (("近队", 30.001), ("远队", 30.3)):
        client.post(
            f"{API}/emergency-resources",
            json={"kind": "team", "name": name, "latitude": lat, "longitude": 120.0},
            headers=em,
        )
    near = client.get(f"{API}/emergency-resources/nearest?latitude=30&longitude=120&limit=1", headers=em)
    assert near.status_code == 200
    items = near.get_json()["items"]
    assert [i["resource"]["name"] for i in items] == ["近队"] and items[0]["distance_km"] < 1
    assert client.get(f"{API}/emergency-resources/nearest", headers=em).status_code == 400

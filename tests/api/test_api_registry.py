"""Departments, licence types, the responsibility matrix and enterprises through the API."""

from __future__ import annotations

from sqlmodel import Session, func, select

from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import Department, Enterprise, Event, LicenceType, Responsibility
from tests.api.conftest import API


def valid_uscc(body17: str) -> str:
    """A USCC with a correct GB 32100 check character."""
    return body17 + uscc_check_char(body17)


def count(session, model) -> int:
    """Rows of a table, read in a transaction of its own (what the API committed)."""
    with Session(session.get_bind()) as fresh:
        return fresh.exec(select(func.count()).select_from(model)).one()


# --- Departments ---------------------------------------------------------------------------------


def test_departments_list_create_rename(client, login, registry, session):
    resp = client.get(f"{API}/departments", headers=login("officer_a"))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["next_cursor"] is None
    kinds = {d["kind"] for d in body["items"]}
    assert {"ecology_environment", "emergency_management", "park_committee"} <= kinds

    admin = login("admin")
    resp = client.post(
        f"{API}/departments",
        headers=admin,
        json={"kind": "health", "name": "卫生健康局二分局", "name_en": "Health 2"},
    )
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["park_id"] == registry.park.id and created["kind"] == "health"

    resp = client.patch(
        f"{API}/departments/{created['id']}", headers=admin, json={"name": "卫生健康局第二分局"}
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["name"] == "卫生健康局第二分局" and resp.get_json()["name_en"] == "Health 2"


def test_department_writes_are_admin_only_and_validated(client, login, registry, session):
    before = count(session, Department)
    body = {"kind": "health", "name": "某局"}
    for username in ("regulator_eco", "officer_a", "driver"):
        resp = client.post(f"{API}/departments", headers=login(username), json=body)
        assert resp.status_code == 403, username
    dept = registry.departments["ecology_environment"].id
    resp = client.patch(f"{API}/departments/{dept}", headers=login("regulator_eco"), json={"name": "x"})
    assert resp.status_code == 403
    admin = login("admin")
    assert client.post(f"{API}/departments", headers=admin, json={**body, "kind": "army"}).status_code == 400
    assert client.post(f"{API}/departments", headers=admin, json={**body, "extra": 1}).status_code == 400
    assert client.patch(f"{API}/departments/999999", headers=admin, json={"name": "x"}).status_code == 404
    assert count(session, Department) == before


# --- Licence types and the matrix ----------------------------------------------------------------


def test_licence_types_list_get_create(client, login, registry, session):
    officer = login("officer_a")
    resp = client.get(f"{API}/licence-types", headers=officer)
    assert resp.status_code == 200
    codes = {t["code"] for t in resp.get_json()["items"]}
    assert {"hw_operating", "hc_safe_use", "road_dg_transport"} <= codes

    hw = registry.types["hw_operating"]
    resp = client.get(f"{API}/licence-types/{hw.id}", headers=officer)
    assert resp.status_code == 200
    detail = resp.get_json()
    assert detail["scope_kind"] == "waste" and detail["issuer_kind"] == "ecology_environment"
    eco = registry.departments["ecology_environment"].id
    assert {"department_id": eco, "duty": "issues"} in detail["responsibilities"]
    assert client.get(f"{API}/licence-types/999999", headers=officer).status_code == 404

    new = {
        "code": "fire_safety_check",
        "name": "消防安全检查合格证",
        "issuer_kind": "public_security",
        "scope_kind": "none",
        "validity_years": 3,
    }
    before = count(session, LicenceType)
    assert client.post(f"{API}/licence-types", headers=officer, json=new).status_code == 403
    assert client.post(f"{API}/licence-types", headers=login("regulator_em"), json=new).status_code == 403
    assert count(session, LicenceType) == before
    resp = client.post(f"{API}/licence-types", headers=login("admin"), json=new)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["code"] == "fire_safety_check"
    assert client.post(f"{API}/licence-types", headers=login("admin"), json=new).status_code == 409
    bad = {**new, "code": "other", "requires": ["no_such_type"]}
    assert client.post(f"{API}/licence-types", headers=login("admin"), json=bad).status_code == 400
    assert count(session, LicenceType) == before + 1


def test_responsibility_matrix_read_assign_remove(client, login, registry, session):
    resp = client.get(f"{API}/responsibilities", headers=login("driver"))
    assert resp.status_code == 200
    matrix = resp.get_json()
    assert matrix["departments"] and matrix["licence_types"] and matrix["cells"]
    health = registry.departments["health"].id
    hw = registry.types["hw_operating"].id
    cell = {"department_id": health, "licence_type_id": hw, "duty": "supervises"}
    assert cell not in matrix["cells"]

    assert client.put(f"{API}/responsibilities", headers=login("regulator_eco"), json=cell).status_code == 403
    admin = login("admin")
    resp = client.put(f"{API}/responsibilities", headers=admin, json=cell)
    assert resp.status_code == 200 and resp.get_json() == {**cell, "assigned": True, "changed": True}
    assert client.put(f"{API}/responsibilities", headers=admin, json=cell).get_json()["changed"] is False
    assert cell in client.get(f"{API}/responsibilities", headers=admin).get_json()["cells"]

    before = count(session, Responsibility)
    assert client.delete(f"{API}/responsibilities", headers=login("officer_a"), json=cell).status_code == 403
    assert count(session, Responsibility) == before
    resp = client.delete(f"{API}/responsibilities", headers=admin, json=cell)
    assert resp.status_code == 200 and resp.get_json()["changed"] is True
    assert count(session, Responsibility) == before - 1
    assert cell not in client.get(f"{API}/responsibilities", headers=admin).get_json()["cells"]


def test_responsibility_body_is_validated(client, admin, registry):
    health = registry.departments["health"].id
    hw = registry.types["hw_operating"].id
    for method in (client.put, client.delete):
        resp = method(
            f"{API}/responsibilities",
            headers=admin,
            json={"department_id": health, "licence_type_id": hw, "duty": "owns"},
        )
        assert resp.status_code == 400, method
        resp = method(
            f"{API}/responsibilities",
            headers=admin,
            json={"department_id": health, "licence_type_id": hw, "duty": "issues", "x": 1},
        )
        assert resp.status_code == 400
        assert method(f"{API}/responsibilities", headers=admin).status_code == 400
    resp = client.put(
        f"{API}/responsibilities",
        headers=admin,
        json={"department_id": 999999, "licence_type_id": hw, "duty": "issues"},
    )
    assert resp.status_code == 404


# --- Enterprises ---------------------------------------------------------------------------------


def test_enterprise_visibility_by_role(client, login, registry):
    ids = {e.id for e in (registry.ent_a, registry.ent_b, registry.ent_c)}
    for username in ("admin", "regulator_eco", "regulator_em"):
        items = client.get(f"{API}/enterprises", headers=login(username)).get_json()["items"]
        assert {e["id"] for e in items} == ids, username
    for username, own in (
        ("officer_a", registry.ent_a),
        ("operator_b", registry.ent_b),
        ("driver", registry.ent_c),
    ):
        items = client.get(f"{API}/enterprises", headers=login(username)).get_json()["items"]
        assert [e["id"] for e in items] == [own.id], username

    officer = login("officer_a")
    resp = client.get(f"{API}/enterprises/{registry.ent_a.id}", headers=officer)
    assert resp.status_code == 200 and resp.get_json()["uscc"] == registry.ent_a.uscc
    resp = client.get(f"{API}/enterprises/{registry.ent_b.id}", headers=officer)
    assert resp.status_code == 404 and resp.get_json()["error"] == "not_found"


def test_enterprise_filters(client, admin, registry):
    items = client.get(f"{API}/enterprises?role=carrier", headers=admin).get_json()["items"]
    assert [e["id"] for e in items] == [registry.ent_c.id]
    items = client.get(f"{API}/enterprises?q=环保", headers=admin).get_json()["items"]
    assert [e["id"] for e in items] == [registry.ent_b.id]
    items = client.get(f"{API}/enterprises?q={registry.ent_a.uscc[:10]}", headers=admin).get_json()["items"]
    assert registry.ent_a.id in [e["id"] for e in items]
    assert client.get(f"{API}/enterprises?role=pirate", headers=admin).status_code == 400
    assert client.get(f"{API}/enterprises?limit=0", headers=admin).status_code == 400
    assert client.get(f"{API}/enterprises?limit=abc", headers=admin).status_code == 400


def test_create_enterprise(client, login, registry, session):
    uscc = valid_uscc("91330604MA2D00001")
    body = {
        "uscc": uscc,
        "name": "丁新材料股份有限公司",
        "region_code": "330604",
        "roles": ["chemical_user", "waste_generator"],
        "contact_name": "李工",
        "grade": "A",
    }
    before = count(session, Enterprise)
    resp = client.post(f"{API}/enterprises", headers=login("officer_a"), json=body)
    assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
    assert client.post(f"{API}/enterprises", headers=login("regulator_eco"), json=body).status_code == 403
    assert count(session, Enterprise) == before

    resp = client.post(f"{API}/enterprises", headers=login("admin"), json=body)
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["uscc"] == uscc and created["park_id"] == registry.park.id
    assert created["roles"] == ["chemical_user", "waste_generator"]
    resp = client.post(f"{API}/enterprises", headers=login("admin"), json=body)
    assert resp.status_code == 409
    assert count(session, Enterprise) == before + 1


def test_create_enterprise_validation(client, admin, registry, session):
    good = valid_uscc("91330604MA2D00002")
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    base = {"name": "戊公司", "region_code": "330604"}
    before_events = count(session, Event)
    before = count(session, Enterprise)

    resp = client.post(f"{API}/enterprises", headers=admin, json={**base, "uscc": wrong_check})
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["error"] == "invalid_input" and "check character" in body["message"]
    assert body["details"][0]["expected"] == good[17]

    for bad, why in (("12345", "18 characters"), ("91330604MA2D0000IO", "outside GB 32100")):
        resp = client.post(f"{API}/enterprises", headers=admin, json={**base, "uscc": bad})
        assert resp.status_code == 400 and why in resp.get_json()["message"], bad
    resp = client.post(
        f"{API}/enterprises", headers=admin, json={**base, "uscc": good, "region_code": "999999"}
    )
    assert resp.status_code == 400 and resp.get_json()["details"][0]["field"] == "region_code"
    resp = client.post(f"{API}/enterprises", headers=admin, json={**base, "uscc": good, "roles": ["pirate"]})
    assert resp.status_code == 400
    resp = client.post(f"{API}/enterprises", headers=admin, json={**base, "uscc": good, "owner": "x"})
    assert resp.status_code == 400 and resp.get_json()["details"][0]["field"] == "owner"
    resp = client.post(f"{API}/enterprises", headers=admin, json={"uscc": good})
    assert resp.status_code == 400
    resp = client.post(f"{API}/enterprises", headers=admin, data="not json", content_type="application/json")
    assert resp.status_code == 400
    resp = client.post(f"{API}/enterprises", headers=admin, data={**base, "uscc": good})
    assert resp.status_code == 400 and "JSON" in resp.get_json()["message"]
    assert count(session, Enterprise) == before
    assert count(session, Event) == before_events


def test_update_enterprise_admin_and_own_officer(client, login, registry):
    url = f"{API}/enterprises/{registry.ent_a.id}"
    officer = login("officer_a")
    resp = client.patch(url, headers=officer, json={"contact_name": "张工", "contact_phone": "0575-88000000"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["contact_name"] == "张工"
    assert resp.get_json()["name"] == registry.ent_a.name

    resp = client.patch(url, headers=officer, json={"name": "改名公司"})
    assert resp.status_code == 403
    resp = client.patch(f"{API}/enterprises/{registry.ent_b.id}", headers=officer, json={"contact_name": "x"})
    assert resp.status_code == 403
    assert client.patch(url, headers=login("regulator_eco"), json={"contact_name": "x"}).status_code == 403

    admin = login("admin")
    resp = client.patch(url, headers=admin, json={"grade": "B", "roles": ["chemical_user"]})
    assert resp.status_code == 200
    assert resp.get_json()["grade"] == "B" and resp.get_json()["roles"] == ["chemical_user"]
    assert resp.get_json()["contact_name"] == "张工"
    assert client.patch(url, headers=admin, json={"uscc": "91330604MA2D00001X"}).status_code == 400
    assert client.patch(url, headers=admin, json={"colour": "red"}).status_code == 400
    assert client.get(url, headers=admin).get_json()["name"] == registry.ent_a.name

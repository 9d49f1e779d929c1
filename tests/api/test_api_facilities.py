"""Facilities with capacities in tonnes, declared chemicals, and carriers' vehicles and drivers."""

from __future__ import annotations

from sqlmodel import Session, func, select

from hazchem.models import Driver, Facility, FacilityChemical, Vehicle
from tests.api.conftest import API


def count(session, model) -> int:
    """Rows of a table, read in a transaction of its own."""
    with Session(session.get_bind()) as fresh:
        return fresh.exec(select(func.count()).select_from(model)).one()


def ids(resp) -> set[int]:
    assert resp.status_code == 200, resp.get_json()
    return {item["id"] for item in resp.get_json()["items"]}


def test_facility_visibility(client, login, registry):
    fa, fb = registry.facility_a.id, registry.facility_b.id
    assert ids(client.get(f"{API}/facilities", headers=login("admin"))) == {fa, fb}
    assert ids(client.get(f"{API}/facilities", headers=login("regulator_eco"))) == {fa, fb}
    # Both are waste facilities: emergency management (chemical stock) sees neither, transport is refused.
    assert ids(client.get(f"{API}/facilities", headers=login("regulator_em"))) == set()
    assert client.get(f"{API}/facilities", headers=login("regulator_tr")).status_code == 403
    assert ids(client.get(f"{API}/facilities", headers=login("officer_a"))) == {fa}
    assert ids(client.get(f"{API}/facilities", headers=login("operator_b"))) == {fb}
    assert ids(client.get(f"{API}/facilities", headers=login("driver"))) == set()
    assert ids(client.get(f"{API}/facilities?kind=incinerator", headers=login("admin"))) == {fb}
    assert ids(client.get(f"{API}/facilities?enterprise_id={registry.ent_a.id}", headers=login("admin"))) == {
        fa
    }
    assert client.get(f"{API}/facilities?kind=volcano", headers=login("admin")).status_code == 400

    resp = client.get(f"{API}/facilities/{fb}", headers=login("officer_b"))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["annual_capacity_tpa"] == "30000" and body["storage_capacity_t"] == "3000"
    assert body["daily_capacity_tpd"] is None and body["chemicals"] == []
    assert client.get(f"{API}/facilities/{fb}", headers=login("officer_a")).status_code == 404


def test_create_facility_in_tonnes(client, login, registry, session):
    body = {
        "enterprise_id": registry.ent_a.id,
        "name": "焚烧线二期",
        "kind": "incinerator",
        "daily_capacity_tpd": 70,
        "storage_capacity_t": "3000",
        "annual_capacity_tpa": 1.5,
    }
    resp = client.post(f"{API}/facilities", headers=login("officer_a"), json=body)
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["daily_capacity_tpd"] == "70"
    assert created["storage_capacity_t"] == "3000"
    assert created["annual_capacity_tpa"] == "1.5"
    with Session(session.get_bind()) as fresh:
        row = fresh.get(Facility, created["id"])
        assert (row.daily_capacity_kg, row.storage_capacity_kg, row.annual_capacity_kg) == (
            70_000,
            3_000_000,
            1_500,
        )


def test_facility_refusals_leave_nothing(client, login, registry, session):
    before = count(session, Facility)
    base = {
        "enterprise_id": registry.ent_a.id,
        "name": "库",
        "kind": "waste_store",
        "storage_capacity_t": "10",
    }
    resp = client.post(f"{API}/facilities", headers=login("officer_b"), json=base)
    assert resp.status_code == 403
    assert client.post(f"{API}/facilities", headers=login("regulator_eco"), json=base).status_code == 403
    admin = login("admin")
    for overrides in (
        {"storage_capacity_t": "0.0001"},
        {"storage_capacity_t": "ten"},
        {"storage_capacity_t": -1},
        {"storage_capacity_t": True},
        {"storage_capacity_t": None},
        {"kind": "volcano"},
        {"enterprise_id": 999999},
        {"capacity": "10"},
    ):
        resp = client.post(f"{API}/facilities", headers=admin, json={**base, **overrides})
        assert resp.status_code == 400, (overrides, resp.get_json())
    assert count(session, Facility) == before


def test_facility_chemicals(client, login, registry, session):
    url = f"{API}/facilities/{registry.facility_a.id}/chemicals"
    body = {"chemical_id": registry.chemical.id, "max_quantity_t": "20"}
    assert client.post(url, headers=login("officer_b"), json=body).status_code == 403
    assert (
        client.post(url, headers=login("officer_a"), json={**body, "chemical_id": 999999}).status_code == 400
    )
    assert (
        client.post(url, headers=login("officer_a"), json={**body, "max_quantity_t": "0.0005"}).status_code
        == 400
    )
    assert count(session, FacilityChemical) == 0
    resp = client.post(url, headers=login("officer_a"), json=body)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["max_quantity_t"] == "20"
    assert client.post(url, headers=login("officer_a"), json=body).status_code == 409
    assert (
        client.post(f"{API}/facilities/999999/chemicals", headers=login("admin"), json=body).status_code
        == 404
    )
    detail = client.get(f"{API}/facilities/{registry.facility_a.id}", headers=login("officer_a")).get_json()
    assert [(c["chemical_id"], c["max_quantity_t"]) for c in detail["chemicals"]] == [
        (registry.chemical.id, "20")
    ]


def test_vehicles_and_drivers_visible_to_their_carrier(client, login, registry):
    vehicle, driver = registry.vehicle.id, registry.driver.id
    for username in ("admin", "regulator_tr", "regulator_pc", "driver"):
        assert ids(client.get(f"{API}/vehicles", headers=login(username))) == {vehicle}, username
        assert ids(client.get(f"{API}/drivers", headers=login(username))) == {driver}, username
    for username in ("regulator_em", "regulator_eco", "regulator_ps"):
        assert client.get(f"{API}/vehicles", headers=login(username)).status_code == 403, username
        assert client.get(f"{API}/drivers", headers=login(username)).status_code == 403, username
    for username in ("officer_a", "operator_b"):
        assert ids(client.get(f"{API}/vehicles", headers=login(username))) == set(), username
        assert ids(client.get(f"{API}/drivers", headers=login(username))) == set(), username
    resp = client.get(f"{API}/vehicles?carrier_id={registry.ent_c.id}", headers=login("driver"))
    [item] = resp.get_json()["items"]
    assert item["plate"] == "浙D12345" and item["dg_classes"] == ["3", "8", "9"]
    assert ids(client.get(f"{API}/vehicles?carrier_id={registry.ent_a.id}", headers=login("admin"))) == set()


def test_create_vehicle_and_driver(client, login, registry, session):
    carrier = registry.ent_c.id
    vehicle = {
        "carrier_id": carrier,
        "plate": "浙D54321",
        "certificate_no": "浙交运管许可绍字330600000002号",
        "dg_classes": ["3", "6.1"],
        "valid_to": "2029-01-31",
    }
    driver = {
        "carrier_id": carrier,
        "name": "赵师傅",
        "certificate_no": "330600000000000002",
        "valid_to": "2029-06-30",
    }
    before = (count(session, Vehicle), count(session, Driver))
    for username in ("officer_a", "regulator_em"):
        assert client.post(f"{API}/vehicles", headers=login(username), json=vehicle).status_code == 403
        assert client.post(f"{API}/drivers", headers=login(username), json=driver).status_code == 403
    admin = login("admin")
    for overrides in (
        {"plate": "ABC123"},
        {"dg_classes": ["10"]},
        {"dg_classes": []},
        {"carrier_id": registry.ent_a.id},
        {"valid_to": "someday"},
        {"colour": "white"},
    ):
        resp = client.post(f"{API}/vehicles", headers=admin, json={**vehicle, **overrides})
        assert resp.status_code == 400, overrides
    assert (
        client.post(
            f"{API}/drivers", headers=admin, json={**driver, "carrier_id": registry.ent_b.id}
        ).status_code
        == 400
    )
    assert (count(session, Vehicle), count(session, Driver)) == before

    resp = client.post(f"{API}/vehicles", headers=admin, json=vehicle)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["dg_classes"] == ["3", "6.1"]
    assert client.post(f"{API}/vehicles", headers=admin, json=vehicle).status_code == 409
    resp = client.post(f"{API}/drivers", headers=admin, json=driver)
    assert resp.status_code == 201, resp.get_json()
    assert client.post(f"{API}/drivers", headers=admin, json=driver).status_code == 409
    assert len(client.get(f"{API}/vehicles", headers=login("driver")).get_json()["items"]) == 2

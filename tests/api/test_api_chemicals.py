"""Chemical-stock API: storage units, movements with their refusals, discards, major hazards, holdings."""

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import RuleViolation
from hazchem.models import Container, StockMovement, WasteStream
from hazchem.services import waste
from tests.api.conftest import API, walk
from tests.chem_setup import make_stock


@pytest.fixture
def stock(session, registry):
    return make_stock(session, registry)


def movement(client, headers, stock, kind, chem, tonnes, unit=None, **extra):
    body = {"kind": kind, "unit_id": (unit or stock.area1).id, "chemical_id": chem.id, "quantity_t": tonnes}
    if kind == "receipt":
        body["supplier"] = "供应商"
    body.update(extra)
    return client.post(f"{API}/stock-movements", json=body, headers=headers)


def test_receipt_transfer_and_ledger(client, login, stock):
    officer = login("officer_a")
    resp = movement(client, officer, stock, "receipt", stock.methanol, "12.5")
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["movement"]["balance_t"] == "12.5" and body["facilities"][0]["ratio"] == "0.625"
    resp = movement(client, officer, stock, "transfer", stock.methanol, 2, to_unit_id=stock.tank.id)
    assert resp.status_code == 201
    assert resp.get_json()["movement"]["to_balance_t"] == "2"
    stock_resp = client.get(f"{API}/storage-units/{stock.tank.id}/stock", headers=officer)
    assert stock_resp.get_json()["items"] == [
        {"chemical_id": stock.methanol.id, "chemical": "甲醇", "quantity_t": "2"}
    ]
    for _ in range(3):
        movement(client, officer, stock, "issue", stock.methanol, "0.5")
    items = walk(client, f"{API}/stock-movements", officer, limit=2)
    assert [i["kind"] for i in items] == ["issue", "issue", "issue", "transfer", "receipt"]


def test_refusals_carry_the_rule_and_the_licence(client, login, session, stock):
    officer = login("officer_a")
    resp = movement(client, officer, stock, "receipt", stock.cyanide, "1.001")
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["rule"] == "permit.quantity" and body["details"][0]["issuer"].startswith("公安局")
    resp = movement(client, officer, stock, "receipt", stock.nitric, "0.1")
    assert resp.get_json()["rule"] == "permit.explosive_registration"
    resp = movement(client, officer, stock, "receipt", stock.hcl, "100.001")
    assert resp.get_json()["rule"] == "stock.facility_capacity"
    resp = movement(client, officer, stock, "receipt", stock.hcl, "0.0001")
    assert resp.status_code == 400
    resp = movement(client, officer, stock, "receipt", stock.hcl, "1", unexpected=True)
    assert resp.status_code == 400
    session.rollback()
    assert session.exec(select(func.count()).select_from(StockMovement)).one() == 0


def test_discard_returns_the_containers_digital_id(client, login, stock, registry, session):
    officer = login("officer_a")
    movement(client, officer, stock, "receipt", stock.toluene, "1")
    resp = movement(
        client, officer, stock, "discard", stock.toluene, "0.2", packaging="200L钢桶", volume_l=200
    )
    assert resp.status_code == 201, resp.get_json()
    digital_id = resp.get_json()["container_digital_id"]
    assert digital_id.startswith(registry.ent_a.uscc + "90099949")
    # The stream made for the discard waits for its transport data; no vehicle loads it before.
    session.rollback()
    container = session.exec(select(Container).where(Container.digital_id == digital_id)).one()
    stream = session.get(WasteStream, container.stream_id)
    assert not waste.transport_data(stream).recorded
    with pytest.raises(RuleViolation) as refused:
        waste.check_vehicle_load(registry.vehicle, stream)
    assert refused.value.rule == "transport.stream_unclassified"
    resp = movement(client, officer, stock, "discard", stock.toluene, "0.2")
    assert resp.status_code == 400 and resp.get_json()["error"] == "invalid_input"


def test_storage_units_by_role(client, login, stock):
    officer = login("officer_a")
    resp = client.post(
        f"{API}/storage-units",
        json={"facility_id": stock.tanks.id, "name": "T-102", "kind": "tank", "capacity_t": 50},
        headers=officer,
    )
    assert resp.status_code == 201 and resp.get_json()["capacity_t"] == "50"
    resp = client.post(
        f"{API}/storage-units",
        json={"facility_id": stock.tanks.id, "name": "T-103", "kind": "tank"},
        headers=login("officer_b"),
    )
    assert resp.status_code == 403
    assert len(client.get(f"{API}/storage-units", headers=officer).get_json()["items"]) == 4
    assert client.get(f"{API}/storage-units", headers=login("officer_b")).get_json()["items"] == []
    assert len(client.get(f"{API}/storage-units", headers=login("regulator_em")).get_json()["items"]) == 4
    assert client.get(f"{API}/storage-units", headers=login("regulator_eco")).status_code == 403


def test_major_hazards_for_emergency_management(client, login, stock):
    officer = login("officer_a")
    resp = movement(client, officer, stock, "receipt", stock.methanol, "20")
    assert resp.get_json()["crossings"] == [{"facility_id": stock.warehouse.id, "direction": "up"}]
    body = client.get(f"{API}/major-hazards?only_major=true", headers=login("regulator_em")).get_json()
    assert body["items"][0]["ratio"] == "1.000" and body["items"][0]["major_hazard"] is True
    assert body["items"][0]["substances"][0]["critical_quantity_t"] == "20"
    assert len(body["items"][0]["open_alert_ids"]) == 1
    assert client.get(f"{API}/major-hazards", headers=officer).status_code == 403


def test_emergency_management_enters_q_and_exposed_people(client, login, stock):
    officer, em = login("officer_a"), login("regulator_em")
    movement(client, officer, stock, "receipt", stock.hcl, "30")
    body = client.get(f"{API}/major-hazards", headers=em).get_json()
    assert [u["chemical"] for u in body["unknown_quantities"]] == ["盐酸"]
    url = f"{API}/chemicals/{stock.hcl.id}/critical-quantity"
    entry = {"critical_quantity_t": "20", "source": "省应急管理厅认定", "categories": "J5"}
    assert client.put(url, json=entry, headers=officer).status_code == 403
    assert client.put(url, json={**entry, "categories": "Z9"}, headers=em).status_code == 400
    assert client.put(url, json={**entry, "critical_quantity_t": "-1"}, headers=em).status_code == 400
    assert client.put(f"{API}/chemicals/999999/critical-quantity", json=entry, headers=em).status_code == 404
    resp = client.put(url, json=entry, headers=em)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {
        "chemical_id": stock.hcl.id,
        "name": "盐酸",
        "critical_quantity_t": "20",
        "source": "省应急管理厅认定",
        "categories": "J5",
    }
    people = f"{API}/facilities/{stock.warehouse.id}/exposed-people"
    assert client.put(people, json={"people": -1}, headers=em).status_code == 400
    assert client.put(people, json={"people": 40}, headers=officer).status_code == 403
    assert client.put(people, json={"people": 40}, headers=em).get_json() == {
        "facility_id": stock.warehouse.id,
        "exposed_people": 40,
    }
    [item] = client.get(f"{API}/major-hazards", headers=em).get_json()["items"]
    # Σq/Q = 30/20 = 1.5; β(J5) = 1, α(30–49) = 1.2: R = 1.8, 四级.
    assert item["ratio"] == "1.500" and item["major_hazard"] is True
    assert (item["exposed_people"], item["alpha"], item["r"], item["grade"]) == (40, "1.2", "1.80", "四级")
    assert item["substances"][0]["beta"] == "1" and item["assumed_beta"] == []


def test_controlled_holdings_for_public_security(client, login, session, stock):
    officer = login("officer_a")
    movement(client, officer, stock, "receipt", stock.cyanide, "0.25")
    police = login("police")
    body = client.get(f"{API}/controlled-holdings", headers=police).get_json()
    assert body["items"][0]["chemical"] == "氰化钠" and body["items"][0]["quantity_t"] == "0.25"
    assert client.get(f"{API}/controlled-holdings", headers=login("regulator_em")).status_code == 403


def test_openapi_lists_the_chemical_stock_paths(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths[f"{API}/stock-movements"])
    assert {"get", "post"} <= set(paths[f"{API}/storage-units"])
    assert "get" in paths[f"{API}/major-hazards"] and "get" in paths[f"{API}/controlled-holdings"]

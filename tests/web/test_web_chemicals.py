"""Chemical stock pages: storage units, movements, discard, the ledger, major hazards, controlled holdings."""

import pytest
from sqlmodel import func, select

from hazchem.models import Container, StockMovement, StorageUnit, UnitStock
from tests.chem_setup import make_stock
from tests.web.conftest import login, post


def logout(client):
    post(client, "/logout")


@pytest.fixture
def stock(session, registry):
    return make_stock(session, registry)


def receipt(client, stock, chem, tonnes, unit=None, **extra):
    data = {
        "kind": "receipt",
        "unit_id": (unit or stock.area1).id,
        "chemical_id": chem.id,
        "quantity_t": tonnes,
        "supplier": "浙江示例化工贸易有限公司",
        **extra,
    }
    return post(client, "/chemicals/movements/new", data, token_from="/chemicals/movements/new")


def test_officer_adds_a_unit_records_a_receipt_and_sees_the_stock(client, session, stock):
    login(client, "officer_a")
    page = client.get("/chemicals/stock").get_data(as_text=True)
    assert "甲类仓库" in page and "A区" in page
    resp = post(
        client,
        "/chemicals/units",
        {"facility_id": stock.warehouse.id, "name": "C区", "kind": "cabinet", "capacity_t": "2"},
        token_from="/chemicals/stock",
    )
    assert resp.status_code == 302
    session.rollback()
    assert session.exec(select(StorageUnit).where(StorageUnit.name == "C区")).one().capacity_kg == 2_000
    resp = receipt(client, stock, stock.toluene, "1.5")
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "甲苯" in page and "1.5" in page and "浙江示例化工贸易有限公司" in page
    session.rollback()
    assert session.get(UnitStock, (stock.area1.id, stock.toluene.id)).quantity_kg == 1_500


def test_a_refused_receipt_shows_the_rule_and_writes_nothing(client, session, stock):
    login(client, "officer_a")
    resp = receipt(client, stock, stock.cyanide, "2")  # the permit allows 1 t
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "permit.quantity" in page and "浙公剧购字[2026]0001" in page
    resp = receipt(client, stock, stock.nitric, "0.1")
    assert resp.status_code == 422 and "易制爆危险化学品从业单位备案" in resp.get_data(as_text=True)
    session.rollback()
    assert session.exec(select(func.count()).select_from(StockMovement)).one() == 0


def test_bad_quantity_is_a_form_error(client, stock):
    login(client, "officer_a")
    assert receipt(client, stock, stock.toluene, "abc").status_code == 400
    assert receipt(client, stock, stock.toluene, "0").status_code == 400


def test_a_double_submitted_movement_records_once(client, session, stock):
    login(client, "officer_a")
    data = {
        "kind": "receipt",
        "unit_id": stock.area1.id,
        "chemical_id": stock.toluene.id,
        "quantity_t": "1",
        "supplier": "供应商",
        "idem": "same-key-0001",
    }
    post(client, "/chemicals/movements/new", data, token_from="/chemicals/movements/new")
    post(client, "/chemicals/movements/new", data, token_from="/chemicals/movements/new")
    session.rollback()
    assert session.exec(select(func.count()).select_from(StockMovement)).one() == 1


def test_discard_opens_the_new_containers_label_page(client, session, stock):
    login(client, "officer_a")
    receipt(client, stock, stock.toluene, "1")
    resp = post(
        client,
        "/chemicals/discard",
        {
            "unit_id": stock.area1.id,
            "chemical_id": stock.toluene.id,
            "quantity_t": "0.2",
            "waste_code": "900-999-49",
            "packaging": "200L钢桶",
            "volume_l": "200",
            "form": "liquid",
        },
        token_from="/chemicals/discard",
    )
    session.rollback()
    container = session.exec(select(Container)).one()
    assert resp.status_code == 302 and resp.headers["Location"].endswith(
        f"/containers/labels?ids={container.id}"
    )
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert container.digital_id in page
    pdf = client.get(f"/containers/labels.pdf?ids={container.id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_other_enterprises_and_regulators_cannot_record(client, stock):
    login(client, "officer_b")
    assert receipt(client, stock, stock.toluene, "1").status_code == 403
    logout(client)
    login(client, "regulator_em")
    resp = client.get(f"/chemicals/stock?enterprise_id={stock.area1.enterprise_id}")
    assert resp.status_code == 200 and "A区" in resp.get_data(as_text=True)


def test_emergency_management_sees_major_hazards_others_do_not(client, session, stock):
    login(client, "officer_a")
    receipt(client, stock, stock.methanol, "20")
    logout(client)
    login(client, "regulator_em")
    page = client.get("/chemicals/major-hazards").get_data(as_text=True)
    assert "甲类仓库" in page and "1.000" in page and "甲醇" in page
    assert "alert-major-hazard" in page
    assert "构成重大危险源" in page and "became a major hazard" not in page
    logout(client)
    login(client, "regulator_eco")
    assert client.get("/chemicals/major-hazards").status_code == 403
    assert client.get("/chemicals/controlled").status_code == 403


def test_emergency_management_enters_q_and_people_on_the_major_hazard_page(client, session, stock):
    login(client, "officer_a")
    receipt(client, stock, stock.hcl, "30")
    resp = post(
        client, f"/chemicals/{stock.hcl.id}/critical-quantity", {"critical_quantity_t": "20", "source": "x"}
    )
    assert resp.status_code == 403
    logout(client)
    login(client, "regulator_em")
    page = client.get("/chemicals/major-hazards").get_data(as_text=True)
    assert 'id="unknown-quantities"' in page and "盐酸" in page
    refused = post(
        client, f"/chemicals/{stock.hcl.id}/critical-quantity", {"critical_quantity_t": "abc", "source": "x"}
    )
    assert refused.status_code == 400 and "critical_quantity_t" in refused.get_data(as_text=True)
    saved = post(
        client,
        f"/chemicals/{stock.hcl.id}/critical-quantity",
        {"critical_quantity_t": "20", "source": "省应急管理厅认定", "categories": "J5"},
    )
    assert saved.status_code == 302
    assert (
        post(client, f"/facilities/{stock.warehouse.id}/exposed-people", {"people": "-3"}).status_code == 400
    )
    assert (
        post(client, f"/facilities/{stock.warehouse.id}/exposed-people", {"people": "40"}).status_code == 302
    )
    page = client.get("/chemicals/major-hazards").get_data(as_text=True)
    assert 'id="unknown-quantities"' not in page
    assert "1.500" in page and 'R = <strong class="rating">1.80</strong>' in page and "四级" in page


def test_public_security_sees_controlled_holdings(client, stock):
    login(client, "officer_a")
    receipt(client, stock, stock.cyanide, "0.5")
    logout(client)
    login(client, "police")
    page = client.get("/chemicals/controlled").get_data(as_text=True)
    assert "氰化钠" in page and "0.5" in page
    assert client.get("/chemicals/major-hazards").status_code == 403

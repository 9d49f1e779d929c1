"""Chemical stock: movements and running totals, every refusal from both sides, discards that become
labelled waste containers, and the GB 18218 Σq/Q crossing 1 and back."""

from datetime import date

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from hazchem.models import (
    Alert,
    Container,
    EnterpriseChemicalStock,
    Event,
    FacilityChemicalStock,
    FacilityHazard,
    LicenceScopeLine,
    PermitUsage,
    StockMovement,
    UnitStock,
    WasteStream,
)
from hazchem.render.labels import label_pdf
from hazchem.services import chemicals, lists
from hazchem.services import registry as reg
from hazchem.services.waste import documents
from tests.chem_setup import add_registration, make_stock


@pytest.fixture
def stock(session, registry):
    return make_stock(session, registry)


def move(session, stock, kind, unit, chem, kg, **kw):
    if kind == "receipt":
        kw.setdefault("supplier", "浙江示例化工贸易有限公司")
    return chemicals.record_movement(
        session=session,
        actor=kw.pop("actor", stock.officer),
        kind=kind,
        unit_id=unit.id,
        chemical_id=chem.id,
        quantity_kg=kg,
        **kw,
    )


def state(session):
    """Everything a movement may change, to prove a refusal changed nothing."""
    session.rollback()
    session.expire_all()

    def rows(model):
        return sorted(tuple(sorted(r.model_dump().items())) for r in session.exec(select(model)))

    return {
        "unit": rows(UnitStock),
        "facility_chemical": rows(FacilityChemicalStock),
        "facility": rows(FacilityHazard),
        "enterprise": rows(EnterpriseChemicalStock),
        "permit": rows(PermitUsage),
        "movements": session.exec(select(func.count()).select_from(StockMovement)).one(),
        "events": session.exec(select(func.count()).select_from(Event)).one(),
        "alerts": session.exec(select(func.count()).select_from(Alert)).one(),
        "containers": session.exec(select(func.count()).select_from(Container)).one(),
        "streams": session.exec(select(func.count()).select_from(WasteStream)).one(),
    }


def refused(session, call, rule):
    """Run a call that must be refused by `rule` and prove nothing changed."""
    before = state(session)
    with pytest.raises(RuleViolation) as caught:
        call()
    assert caught.value.rule == rule, caught.value.message
    assert state(session) == before
    return caught.value


def qty(session, unit, chem):
    session.rollback()
    session.expire_all()
    row = session.get(UnitStock, (unit.id, chem.id))
    return row.quantity_kg if row else 0


# --- Movements and running totals ---------------------------------------------------------------


def test_movements_keep_running_totals_per_unit_facility_and_enterprise(session, stock, registry):
    r = move(session, stock, "receipt", stock.area1, stock.methanol, 8_000)
    assert r.movement.balance_kg == 8_000 and r.movement.supplier
    move(session, stock, "issue", stock.area1, stock.methanol, 1_500)
    move(session, stock, "transfer", stock.area1, stock.methanol, 2_000, to_unit_id=stock.tank.id)
    t = move(session, stock, "return", stock.area1, stock.methanol, 500)
    assert t.movement.balance_kg == 5_000
    assert qty(session, stock.area1, stock.methanol) == 5_000
    assert qty(session, stock.tank, stock.methanol) == 2_000
    assert session.get(FacilityHazard, stock.warehouse.id).stock_kg == 5_000
    assert session.get(FacilityHazard, stock.tanks.id).stock_kg == 2_000
    assert session.get(EnterpriseChemicalStock, (registry.ent_a.id, stock.methanol.id)).quantity_kg == 7_000
    assert (
        session.get(FacilityChemicalStock, (stock.warehouse.id, stock.methanol.id)).ratio_ppb == 250_000_000
    )
    ledger = chemicals.list_movements(session=session, actor=stock.officer, unit_id=stock.area1.id)
    assert [m.kind for m in ledger.items] == ["return", "transfer", "issue", "receipt"]
    transfer = ledger.items[1]
    assert transfer.balance_kg == 4_500 and transfer.to_balance_kg == 2_000
    actions = session.exec(
        select(Event.action).where(Event.entity == "stockmovement").order_by(Event.id)
    ).all()
    assert actions == ["stock.receipt", "stock.issue", "stock.transfer", "stock.return"]


def test_ledger_pages_by_cursor(session, stock):
    for _ in range(5):
        move(session, stock, "receipt", stock.area1, stock.toluene, 100)
    first = chemicals.list_movements(session=session, actor=stock.officer, limit=2)
    second = chemicals.list_movements(session=session, actor=stock.officer, limit=2, before=first.next_before)
    third = chemicals.list_movements(session=session, actor=stock.officer, limit=2, before=second.next_before)
    ids = [m.id for m in first.items + second.items + third.items]
    assert len(ids) == 5 == len(set(ids)) and ids == sorted(ids, reverse=True)
    assert third.next_before is None


def test_bad_input_is_refused_before_anything_is_written(session, stock):
    before = state(session)
    for kwargs in (
        {"kind": "receipt", "quantity_kg": 0},
        {"kind": "receipt", "quantity_kg": -5},
        {"kind": "receipt", "quantity_kg": 10, "supplier": "  "},
        {"kind": "steal", "quantity_kg": 10},
        {"kind": "transfer", "quantity_kg": 10},
        {"kind": "issue", "quantity_kg": 10, "to_unit_id": stock.area2.id},
        {"kind": "discard", "quantity_kg": 10},
    ):
        kwargs.setdefault("supplier", "供应商")
        with pytest.raises(InvalidInput):
            chemicals.record_movement(
                session=session,
                actor=stock.officer,
                unit_id=stock.area1.id,
                chemical_id=stock.hcl.id,
                **kwargs,
            )
    with pytest.raises(InvalidInput):
        move(session, stock, "transfer", stock.area1, stock.hcl, 10, to_unit_id=stock.area1.id)
    with pytest.raises(InvalidInput):
        chemicals.record_movement(
            session=session,
            actor=stock.officer,
            kind="receipt",
            unit_id=stock.area1.id,
            chemical_id=999_999,
            quantity_kg=1,
            supplier="x",
        )
    assert state(session) == before


def test_taking_out_more_than_the_unit_holds_is_refused(session, stock):
    move(session, stock, "receipt", stock.area1, stock.hcl, 300)
    refused(session, lambda: move(session, stock, "issue", stock.area1, stock.hcl, 301), "stock.insufficient")
    move(session, stock, "issue", stock.area1, stock.hcl, 300)
    assert qty(session, stock.area1, stock.hcl) == 0


def test_only_the_enterprise_officers_record_movements_and_regulators_read_by_area(session, stock, registry):
    with pytest.raises(Forbidden):
        move(session, stock, "receipt", stock.area1, stock.hcl, 1, actor=registry.users["officer_b"])
    with pytest.raises(Forbidden):
        move(session, stock, "receipt", stock.area1, stock.hcl, 1, actor=stock.em)
    move(session, stock, "receipt", stock.area1, stock.hcl, 1, actor=registry.users["admin"])
    assert chemicals.list_movements(session=session, actor=stock.em).items
    assert not chemicals.list_movements(session=session, actor=registry.users["officer_b"]).items
    with pytest.raises(Forbidden):
        chemicals.list_movements(session=session, actor=registry.users["regulator_eco"])
    with pytest.raises(NotFound):
        chemicals.unit_stock(session=session, actor=registry.users["officer_b"], unit_id=stock.area1.id)
    assert chemicals.unit_stock(session=session, actor=stock.em, unit_id=stock.area1.id)[0].quantity_kg == 1


def test_storage_units_belong_to_the_officers_own_facilities(session, stock, registry):
    with pytest.raises(Forbidden):
        chemicals.create_storage_unit(
            session=session,
            actor=registry.users["officer_b"],
            facility_id=stock.warehouse.id,
            name="C区",
            kind="warehouse_area",
        )
    with pytest.raises(InvalidInput):
        chemicals.create_storage_unit(
            session=session, actor=stock.officer, facility_id=stock.warehouse.id, name="C区", kind="silo"
        )
    unit = chemicals.create_storage_unit(
        session=session, actor=stock.officer, facility_id=stock.warehouse.id, name="C区", kind="cabinet"
    )
    assert unit.enterprise_id == registry.ent_a.id
    names = [u.name for u in chemicals.list_units(session=session, actor=stock.officer)]
    assert {"A区", "B区", "C区", "T-101"} == set(names)


# --- Capacity and segregation -------------------------------------------------------------------


def test_facility_capacity_refuses_past_it_and_allows_up_to_it(session, stock):
    move(session, stock, "receipt", stock.area1, stock.hcl, 60_000)
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area2, stock.hcl, 40_001),
        "stock.facility_capacity",
    )
    assert "甲类仓库" in error.message and "100 t" in error.message
    move(session, stock, "receipt", stock.area2, stock.hcl, 40_000)
    assert session.get(FacilityHazard, stock.warehouse.id).stock_kg == 100_000


def test_transfer_into_a_full_facility_is_refused_but_within_one_facility_is_not(session, stock):
    move(session, stock, "receipt", stock.area1, stock.hcl, 100_000)
    move(session, stock, "transfer", stock.area1, stock.hcl, 30_000, to_unit_id=stock.area2.id)
    move(session, stock, "receipt", stock.tank, stock.toluene, 1_000)
    refused(
        session,
        lambda: move(session, stock, "transfer", stock.tank, stock.toluene, 1, to_unit_id=stock.area1.id),
        "stock.facility_capacity",
    )


def test_unit_capacity_refuses_past_it(session, stock):
    move(session, stock, "receipt", stock.tank, stock.toluene, 39_000)
    refused(
        session,
        lambda: move(session, stock, "receipt", stock.tank, stock.toluene, 1_001),
        "stock.unit_capacity",
    )
    move(session, stock, "receipt", stock.tank, stock.toluene, 1_000)


def test_facility_without_a_capacity_takes_nothing(session, stock, registry):

    bare = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="反应釜",
        kind="production_unit",
        annual_capacity_kg=1_000,
    )
    unit = chemicals.create_storage_unit(
        session=session, actor=stock.officer, facility_id=bare.id, name="X", kind="warehouse_area"
    )
    refused(session, lambda: move(session, stock, "receipt", unit, stock.hcl, 1), "stock.facility_capacity")


def test_facility_design_maximum_for_a_chemical_is_enforced(session, stock, registry):

    reg.add_facility_chemical(
        session=session,
        actor=None,
        facility_id=stock.warehouse.id,
        chemical_id=stock.toluene.id,
        max_quantity_kg=5_000,
    )
    move(session, stock, "receipt", stock.area1, stock.toluene, 5_000)
    refused(
        session,
        lambda: move(session, stock, "receipt", stock.area2, stock.toluene, 1),
        "stock.facility_chemical_capacity",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [("nitric", "methanol"), ("methanol", "nitric"), ("hcl", "cyanide"), ("cyanide", "hcl")],
)
def test_incompatible_classes_never_share_a_unit(session, stock, registry, first, second):
    add_registration(session, registry, stock)
    move(session, stock, "receipt", stock.area1, getattr(stock, first), 100)
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, getattr(stock, second), 100),
        "stock.segregation",
    )
    assert "A区" in error.message
    # The other area of the same warehouse takes it.
    move(session, stock, "receipt", stock.area2, getattr(stock, second), 100)


def test_a_transfer_is_checked_for_segregation_at_its_destination(session, stock, registry):
    move(session, stock, "receipt", stock.area1, stock.hcl, 100)
    move(session, stock, "receipt", stock.area2, stock.cyanide, 100)
    refused(
        session,
        lambda: move(session, stock, "transfer", stock.area2, stock.cyanide, 50, to_unit_id=stock.area1.id),
        "stock.segregation",
    )
    # Once the acid is gone the unit takes the cyanide.
    move(session, stock, "issue", stock.area1, stock.hcl, 100)
    move(session, stock, "transfer", stock.area2, stock.cyanide, 50, to_unit_id=stock.area1.id)


def test_the_matrix_is_configurable(session, stock, tmp_path):
    from hazchem.domain.chemicals import parse_class_matrix

    matrix = parse_class_matrix(
        {
            "classes": {"x": {"cas": ["7647-01-0"]}, "y": {"cas": ["108-88-3"]}},
            "pairs": [{"a": "x", "b": "y"}],
        }
    )
    move(session, stock, "receipt", stock.area1, stock.hcl, 10)
    refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, stock.toluene, 10, matrix=matrix),
        "stock.segregation",
    )
    move(session, stock, "receipt", stock.area1, stock.toluene, 10)


# --- Permits ------------------------------------------------------------------------------------


def test_highly_toxic_receipt_needs_a_purchase_permit(session, stock, registry):
    session.get(LicenceScopeLine, stock.permit.lines[0].id)
    line = session.get(LicenceScopeLine, stock.permit.lines[0].id)
    session.delete(line)
    session.commit()
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, stock.cyanide, 10),
        "permit.toxic_purchase",
    )
    assert "剧毒化学品购买许可证" in error.message and "公安局" in error.message
    assert error.details[0]["issuer"].startswith("公安局")


def test_highly_toxic_receipt_without_any_permit_names_it(session, stock, registry):
    from hazchem.models import Licence

    licence = session.get(Licence, stock.permit.licence.id)
    licence.status = "revoked"
    session.add(licence)
    session.commit()
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, stock.cyanide, 10),
        "permit.toxic_purchase",
    )
    assert "revoked" in error.message


def test_purchase_permit_quantity_is_consumed_and_never_exceeded(session, stock):
    first = move(session, stock, "receipt", stock.area1, stock.cyanide, 600)
    assert first.movement.permit_line_id == stock.permit.lines[0].id
    error = refused(
        session, lambda: move(session, stock, "receipt", stock.area1, stock.cyanide, 401), "permit.quantity"
    )
    assert "浙公剧购字[2026]0001" in error.message and error.details[0]["used_kg"] == 600
    move(session, stock, "receipt", stock.area1, stock.cyanide, 400)
    assert session.get(PermitUsage, stock.permit.lines[0].id).used_kg == 1_000
    # Issuing does not give the permit back: it counts purchases.
    move(session, stock, "issue", stock.area1, stock.cyanide, 1_000)
    refused(
        session, lambda: move(session, stock, "receipt", stock.area1, stock.cyanide, 1), "permit.quantity"
    )


def test_a_return_of_a_highly_toxic_chemical_needs_no_new_permit(session, stock):
    move(session, stock, "receipt", stock.area1, stock.cyanide, 1_000)
    move(session, stock, "issue", stock.area1, stock.cyanide, 200)
    move(session, stock, "return", stock.area1, stock.cyanide, 200)
    assert session.get(PermitUsage, stock.permit.lines[0].id).used_kg == 1_000


def test_explosive_precursor_receipt_needs_the_registration(session, stock, registry):
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, stock.nitric, 100),
        "permit.explosive_registration",
    )
    assert "易制爆危险化学品从业单位备案" in error.message and "公安局" in error.message
    add_registration(session, registry, stock)
    move(session, stock, "receipt", stock.area1, stock.nitric, 100)


def test_an_expired_registration_does_not_count(session, stock, registry):
    add_registration(session, registry, stock, valid_to=date(2026, 2, 1))
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, stock.nitric, 100),
        "permit.explosive_registration",
    )
    assert "expired" in error.message


def test_holding_above_the_licensed_quantity_is_refused(session, stock, registry):
    ammonia = registry.chemical  # the safe-use licence covers 50 t of ammonia
    move(session, stock, "receipt", stock.tank, ammonia, 30_000)
    error = refused(
        session,
        lambda: move(session, stock, "receipt", stock.area1, ammonia, 20_001),
        "licence.licensed_quantity",
    )
    assert "危险化学品安全使用许可证" in error.message and "应急管理局" in error.message
    move(session, stock, "receipt", stock.area1, ammonia, 20_000)
    # A return also raises what the enterprise holds.
    move(session, stock, "issue", stock.area1, ammonia, 1_000)
    move(session, stock, "return", stock.area1, ammonia, 1_000)
    refused(
        session, lambda: move(session, stock, "return", stock.area1, ammonia, 1), "licence.licensed_quantity"
    )


# --- GB 18218: Σq/Q -----------------------------------------------------------------------------


def test_major_hazard_status_crosses_one_and_back_with_one_alert_per_crossing(session, stock, registry):
    move(session, stock, "receipt", stock.area1, stock.methanol, 15_000)  # 0.75
    assert session.get(FacilityHazard, stock.warehouse.id).major_hazard is False
    r = move(session, stock, "receipt", stock.area2, stock.toluene, 15_000)  # + 0.3 = 1.05
    assert r.crossings == [(stock.warehouse.id, "up")]
    hazard = session.get(FacilityHazard, stock.warehouse.id)
    assert hazard.major_hazard and hazard.ratio_ppb == 1_050_000_000
    alerts = session.exec(select(Alert).where(Alert.kind == "major_hazard")).all()
    assert len(alerts) == 1
    assert alerts[0].department_kind == "emergency_management" and alerts[0].entity_id == str(
        stock.warehouse.id
    )
    assert "甲醇" in alerts[0].message and "甲苯" in alerts[0].message
    # Staying above: no new alert.
    move(session, stock, "receipt", stock.area1, stock.methanol, 1_000)
    assert session.exec(select(func.count()).select_from(Alert)).one() == 1
    # Back below 1.
    down = move(session, stock, "issue", stock.area1, stock.methanol, 10_000)
    assert down.crossings == [(stock.warehouse.id, "down")]
    assert session.get(FacilityHazard, stock.warehouse.id).major_hazard is False
    assert session.exec(select(func.count()).select_from(Alert)).one() == 1
    # Crossing again raises a second alert.
    move(session, stock, "receipt", stock.area1, stock.methanol, 10_000)
    alerts = session.exec(select(Alert).where(Alert.kind == "major_hazard").order_by(Alert.id)).all()
    assert len(alerts) == 2 and alerts[1].key.endswith(":2")
    views = chemicals.major_hazards(session=session, actor=stock.em)
    assert views[0].facility.id == stock.warehouse.id and views[0].ratio == "1.100"
    assert [s["name"] for s in views[0].substances] == ["甲醇", "甲苯"]
    assert len(views[0].alerts) == 2


def test_exactly_the_critical_quantity_is_a_major_hazard(session, stock):
    move(session, stock, "receipt", stock.area1, stock.methanol, 19_999)
    assert not session.get(FacilityHazard, stock.warehouse.id).major_hazard
    move(session, stock, "receipt", stock.area1, stock.methanol, 1)
    assert session.get(FacilityHazard, stock.warehouse.id).major_hazard


def test_a_transfer_moves_the_ratio_between_facilities(session, stock):
    move(session, stock, "receipt", stock.area1, stock.methanol, 20_000)
    move(session, stock, "transfer", stock.area1, stock.methanol, 20_000, to_unit_id=stock.tank.id)
    assert not session.get(FacilityHazard, stock.warehouse.id).major_hazard
    assert session.get(FacilityHazard, stock.tanks.id).major_hazard
    assert session.exec(select(func.count()).select_from(Alert)).one() == 2


def test_substances_without_a_critical_quantity_do_not_count(session, stock):
    move(session, stock, "receipt", stock.area1, stock.hcl, 90_000)
    assert session.get(FacilityHazard, stock.warehouse.id).ratio_ppb == 0


def test_only_emergency_management_and_the_park_see_major_hazards(session, stock, registry):
    chemicals.major_hazards(session=session, actor=registry.users["admin"])
    for who in (stock.police, registry.users["regulator_eco"], stock.officer):
        with pytest.raises(Forbidden):
            chemicals.major_hazards(session=session, actor=who)


def test_public_security_sees_the_controlled_holdings_only(session, stock, registry):
    add_registration(session, registry, stock)
    move(session, stock, "receipt", stock.area1, stock.cyanide, 500)
    move(session, stock, "receipt", stock.area2, stock.nitric, 200)
    move(session, stock, "receipt", stock.tank, stock.toluene, 200)
    holdings = chemicals.controlled_holdings(session=session, actor=stock.police)
    assert {(h.chemical.name, h.quantity_kg) for h in holdings} == {("氰化钠", 500), ("硝酸", 200)}
    for who in (stock.em, stock.officer, stock.transport):
        with pytest.raises(Forbidden):
            chemicals.controlled_holdings(session=session, actor=who)
    with pytest.raises(Forbidden):
        chemicals.list_movements(session=session, actor=stock.police)


# --- Discard ------------------------------------------------------------------------------------


def test_discard_becomes_a_labelled_waste_container(session, stock, registry):
    move(session, stock, "receipt", stock.area1, stock.toluene, 500)
    result = chemicals.discard(
        session=session,
        actor=stock.officer,
        unit_id=stock.area1.id,
        chemical_id=stock.toluene.id,
        quantity_kg=180,
        packaging="200L钢桶",
        volume_l=200,
    )
    container = result.container
    assert container.digital_id.startswith(registry.ent_a.uscc + "90099949")
    assert container.net_weight_g == 180_000 and container.status == "generated"
    assert container.generating_facility_id == stock.warehouse.id
    assert result.movement.container_id == container.id and result.movement.kind == "discard"
    assert qty(session, stock.area1, stock.toluene) == 320
    stream = session.get(WasteStream, container.stream_id)
    assert stream.waste_code == "900-999-49" and "甲苯" in stream.name
    assert "flammable" in stream.tags
    events = session.exec(select(Event.action).where(Event.entity_id == container.digital_id)).all()
    assert events == ["container.generate"]
    pdf = label_pdf([documents.label_data(session, container, "http://127.0.0.1:5000")])
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    # A second discard of the same chemical reuses the stream.
    again = chemicals.discard(
        session=session,
        actor=stock.officer,
        unit_id=stock.area1.id,
        chemical_id=stock.toluene.id,
        quantity_kg=20,
        packaging="200L钢桶",
        volume_l=200,
    )
    assert again.container.stream_id == stream.id and again.container.serial == container.serial + 1


def test_discard_under_the_code_the_enterprise_chooses(session, stock, registry):
    move(session, stock, "receipt", stock.area1, stock.toluene, 500)
    result = chemicals.discard(
        session=session,
        actor=stock.officer,
        unit_id=stock.area1.id,
        chemical_id=stock.toluene.id,
        quantity_kg=100,
        packaging="200L钢桶",
        volume_l=200,
        waste_code="900-249-08",
    )
    assert result.container.waste_digits == "90024908"


def test_a_refused_discard_leaves_no_container(session, stock):
    move(session, stock, "receipt", stock.area1, stock.toluene, 50)
    refused(
        session,
        lambda: chemicals.discard(
            session=session,
            actor=stock.officer,
            unit_id=stock.area1.id,
            chemical_id=stock.toluene.id,
            quantity_kg=51,
            packaging="桶",
            volume_l=60,
        ),
        "stock.insufficient",
    )
    before = state(session)
    with pytest.raises(InvalidInput):
        chemicals.discard(
            session=session,
            actor=stock.officer,
            unit_id=stock.area1.id,
            chemical_id=stock.toluene.id,
            quantity_kg=10,
            packaging="桶",
            volume_l=60,
            waste_code="999-999-99",
        )
    assert state(session) == before


def test_loading_gb18218_sets_missing_critical_quantities_only(session, registry):
    from hazchem.models import Chemical, Event
    from tests.chem_setup import chemical

    methanol = chemical(session, 1022, "甲醇", "67-56-1")
    toluene = chemical(session, 1014, "甲苯", "108-88-3", critical_quantity_kg=123_000)
    report = lists.load_gb18218(session=session)
    assert sorted(report.changed_ids) == sorted([methanol.id, registry.chemical.id])
    session.expire_all()
    assert session.get(Chemical, methanol.id).critical_quantity_kg == 500_000
    assert session.get(Chemical, toluene.id).critical_quantity_kg == 123_000  # the park's own value stays
    assert session.get(Chemical, registry.chemical.id).critical_quantity_kg == 10_000  # 氨, Table 1 row 1
    events = session.exec(select(func.count()).select_from(Event)).one()
    assert lists.load_gb18218(session=session).changed_ids == []
    assert session.exec(select(func.count()).select_from(Event)).one() == events

"""GB 18218-2018 from the shipped tables: critical quantities loaded and entered, and the grade by R."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import select

from hazchem.domain import gb18218 as std
from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.models import Alert, Chemical, Event, FacilityHazard, LicenceScopeLine
from hazchem.services import chemicals, lists
from tests.chem_setup import chemical, make_stock


@pytest.fixture
def stock(session, registry):
    return make_stock(session, registry)


@pytest.fixture
def ammonia_tank(session, stock, registry):
    """A 200 t tank of enterprise A, whose safe-use licence is raised to 200 t of ammonia."""
    session.execute(
        update(LicenceScopeLine)
        .where(LicenceScopeLine.chemical_id == registry.chemical.id)
        .values(max_quantity_kg=200_000)
    )
    session.commit()
    return chemicals.create_storage_unit(
        session=session, actor=stock.officer, facility_id=stock.tanks.id, name="液氨罐 V-201", kind="tank"
    )


def receive(session, stock, unit, chem, kg):
    return chemicals.record_movement(
        session=session,
        actor=stock.officer,
        kind="receipt",
        unit_id=unit.id,
        chemical_id=chem.id,
        quantity_kg=kg,
        supplier="浙江示例化工贸易有限公司",
    )


def test_liquid_ammonia_makes_a_major_hazard_graded_by_r(session, stock, registry, ammonia_tank):
    # Before the standard is loaded, 100 t of ammonia counts for nothing and is named as unknown.
    receive(session, stock, ammonia_tank, registry.chemical, 100_000)
    assert session.get(FacilityHazard, stock.tanks.id).ratio_ppb == 0
    unknown = chemicals.unknown_quantities(session=session, actor=stock.em)
    assert [(u.chemical.name, u.quantity_kg) for u in unknown] == [("氨", 100_000)]

    report = lists.load_gb18218(session=session)
    chemicals.refresh_ratios(session=session, chemical_ids=report.changed_ids)
    session.expire_all()
    ammonia = session.get(Chemical, registry.chemical.id)
    assert (
        ammonia.critical_quantity_kg == 10_000
        and ammonia.critical_quantity_source == "GB 18218-2018 表1 序号1"
    )
    hazard = session.get(FacilityHazard, stock.tanks.id)
    assert hazard.major_hazard and hazard.ratio_ppb == 10 * 1_000_000_000
    assert session.exec(select(Alert).where(Alert.kind == "major_hazard")).all()
    assert chemicals.unknown_quantities(session=session, actor=stock.em) == []

    [view] = [
        v for v in chemicals.major_hazards(session=session, actor=stock.em) if v.facility.id == stock.tanks.id
    ]
    assert view.ratio == "10.000" and view.rating is None  # no exposed population yet
    chemicals.set_exposed_people(session=session, actor=stock.em, facility_id=stock.tanks.id, people=60)
    [view] = [
        v for v in chemicals.major_hazards(session=session, actor=stock.em) if v.facility.id == stock.tanks.id
    ]
    # β(氨) = 2 (Table 3), α(50–99 people) = 1.5: R = 1.5 × 2 × 100/10 = 30, grade 三级 (10 ≤ R < 50).
    assert view.substances[0]["beta"] == 2
    assert view.rating.alpha == 1.5 and view.rating.r_text == "30.00" and view.rating.grade == "三级"
    chemicals.set_exposed_people(session=session, actor=stock.em, facility_id=stock.tanks.id, people=100)
    [view] = [
        v for v in chemicals.major_hazards(session=session, actor=stock.em) if v.facility.id == stock.tanks.id
    ]
    assert view.rating.r_text == "40.00" and view.rating.grade == "三级"


def test_entering_a_critical_quantity_recounts_the_holders_and_is_audited(
    session, stock, registry, ammonia_tank
):
    receive(session, stock, ammonia_tank, registry.chemical, 6_000)
    chemicals.set_critical_quantity(
        session=session,
        actor=stock.em,
        chemical_id=registry.chemical.id,
        critical_quantity_kg=5_000,
        source="省应急厅函",
    )
    session.expire_all()
    hazard = session.get(FacilityHazard, stock.tanks.id)
    assert hazard.major_hazard and hazard.ratio_ppb == 1_200_000_000
    event = session.exec(select(Event).where(Event.action == "chemical.critical_quantity")).one()
    assert event.after["critical_quantity_kg"] == 5_000 and event.after["source"] == "省应急厅函"
    # A value emergency management entered is the park's own: loading the standard keeps it.
    lists.load_gb18218(session=session)
    session.expire_all()
    assert session.get(Chemical, registry.chemical.id).critical_quantity_kg == 5_000
    # Correcting it upwards takes the facility back below the threshold.
    chemicals.set_critical_quantity(
        session=session,
        actor=stock.em,
        chemical_id=registry.chemical.id,
        critical_quantity_kg=10_000,
        source="GB 18218",
    )
    session.expire_all()
    assert not session.get(FacilityHazard, stock.tanks.id).major_hazard


def test_only_emergency_management_and_the_park_enter_quantities(session, stock, registry):
    for who in (stock.officer, stock.police, registry.users["regulator_eco"]):
        with pytest.raises(Forbidden):
            chemicals.set_critical_quantity(
                session=session,
                actor=who,
                chemical_id=registry.chemical.id,
                critical_quantity_kg=1,
                source="x",
            )
        with pytest.raises(Forbidden):
            chemicals.set_exposed_people(session=session, actor=who, facility_id=stock.tanks.id, people=1)
    session.rollback()
    chemicals.set_exposed_people(
        session=session, actor=registry.users["admin"], facility_id=stock.tanks.id, people=3
    )
    assert (
        chemicals.set_critical_quantity(
            session=session,
            actor=stock.em,
            chemical_id=registry.chemical.id,
            critical_quantity_kg=10_000,
            source="GB",
        ).critical_quantity_kg
        == 10_000
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"critical_quantity_kg": 0, "source": "x"}, "critical_quantity_t"),
        ({"critical_quantity_kg": 10**13, "source": "x"}, "critical_quantity_t"),
        ({"critical_quantity_kg": 5_000, "source": "  "}, "source"),
        ({"critical_quantity_kg": 5_000, "source": "x", "categories": "J1 X9"}, "categories"),
    ],
)
def test_bad_critical_quantities_are_refused_and_change_nothing(session, stock, registry, kwargs, field):
    with pytest.raises(InvalidInput) as refused:
        chemicals.set_critical_quantity(
            session=session, actor=stock.em, chemical_id=registry.chemical.id, **kwargs
        )
    assert refused.value.details[0]["field"] == field
    session.rollback()
    assert session.get(Chemical, registry.chemical.id).critical_quantity_kg is None


def test_bad_exposed_populations_and_unknown_records_are_refused(session, stock, registry):
    with pytest.raises(InvalidInput):
        chemicals.set_exposed_people(session=session, actor=stock.em, facility_id=stock.tanks.id, people=-1)
    with pytest.raises(NotFound):
        chemicals.set_exposed_people(session=session, actor=stock.em, facility_id=999_999, people=1)
    with pytest.raises(NotFound):
        chemicals.set_critical_quantity(
            session=session, actor=stock.em, chemical_id=999_999, critical_quantity_kg=1, source="x"
        )


def test_hazard_categories_give_table_2_quantities_and_table_4_betas(session, stock):
    gas = chemical(session, 9001, "某有毒易燃气体", "64-19-7")
    lists.load_gb18218(session=session)
    assert session.get(Chemical, gas.id).critical_quantity_kg is None  # in neither table yet
    chemicals.set_critical_quantity(
        session=session,
        actor=stock.em,
        chemical_id=gas.id,
        critical_quantity_kg=None,
        source="企业安全技术说明书",
        categories="J1、W2",
    )
    lists.load_gb18218(session=session)
    session.expire_all()
    entry = session.get(Chemical, gas.id)
    # Table 2 takes the smallest Q of its categories (J1 5 t, W2 10 t); Table 4 the largest β (4, 1.5).
    assert entry.ghs_categories == "J1 W2"
    assert (entry.critical_quantity_kg, entry.critical_quantity_source) == (5_000, "GB 18218-2018 表2 J1")
    assert std.beta_for(entry.name, (), ["J1", "W2"], lists.standard_tables()) == 4

"""The information centre and supervision grades on stock recorded by real movements."""

from __future__ import annotations

from sqlmodel import select

from hazchem.models import Alert
from hazchem.services import chemicals
from hazchem.services.chemicals import infocentre
from hazchem.services.oversight import grading
from tests.chem_setup import add_registration, make_stock


def _receive(session, stock, unit, chem, kg):
    chemicals.record_movement(
        session=session,
        actor=stock.officer,
        kind="receipt",
        unit_id=unit.id,
        chemical_id=chem.id,
        quantity_kg=kg,
        supplier="浙江示例化工贸易有限公司",
    )


def _grade(session, registry):
    return grading.enterprise_grade(
        session=session, actor=registry.users["admin"], enterprise_id=registry.ent_a.id
    )


def test_grade_and_centre_follow_the_movements(session, registry):
    stock = make_stock(session, registry)
    add_registration(session, registry, stock)
    assert _grade(session, registry).assessment.grade == "C"

    _receive(session, stock, stock.tank, stock.nitric, 500)
    view = _grade(session, registry)
    assert [r.rule.id for r in view.assessment.reasons] == ["explosive_precursor"]
    assert view.assessment.grade == "B"

    _receive(session, stock, stock.area1, stock.methanol, 15_000)  # Σq/Q 0.75
    assert _grade(session, registry).facts["major_hazard_installations"] == 0
    _receive(session, stock, stock.area2, stock.toluene, 15_000)  # + 0.3 = 1.05: a major hazard
    assert session.exec(select(Alert).where(Alert.kind == "major_hazard")).first() is not None
    view = _grade(session, registry)
    assert view.facts["major_hazard_installations"] == 1
    assert view.assessment.grade == "A"
    assert [r.rule.id for r in view.assessment.reasons] == ["major_hazard", "explosive_precursor"]

    chemicals.record_movement(
        session=session,
        actor=stock.officer,
        kind="issue",
        unit_id=stock.area1.id,
        chemical_id=stock.methanol.id,
        quantity_kg=10_000,
    )
    assert _grade(session, registry).assessment.grade == "B"

    entries = {e.chemical.name: e for e in infocentre.centre(session=session, actor=stock.em)}
    assert set(entries) == {"硝酸", "甲醇", "甲苯"}
    assert [(h.facility, h.unit, h.quantity_kg) for h in entries["甲醇"].holdings] == [
        ("甲类仓库", "A区", 5_000)
    ]
    police = {e.chemical.name: e for e in infocentre.centre(session=session, actor=stock.police)}
    assert [h.quantity_kg for h in police["硝酸"].holdings] == [500] and police["甲醇"].holdings == []
    transport = infocentre.centre(session=session, actor=stock.transport)
    assert all(not e.holdings for e in transport)

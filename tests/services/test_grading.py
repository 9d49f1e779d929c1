"""Supervision grades from real data: each fact from both sides, the reasons, and park overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.models import EnterpriseChemicalStock, Event, FacilityHazard, GradeOverride, Manifest
from hazchem.services import waste
from hazchem.services.oversight import grading
from hazchem.services.platform import clock
from tests.cheminfo_support import add_chemicals, add_user
from tests.services.conftest import make_stored

TODAY = date(2026, 6, 30)


def _facts(session, enterprise_id):
    return grading.gather_facts(session=session, enterprise_ids=[enterprise_id], today=TODAY)[enterprise_id]


def _grade(session, actor, enterprise_id):
    return grading.enterprise_grade(session=session, actor=actor, enterprise_id=enterprise_id, today=TODAY)


def test_no_facts_gives_the_default_grade(session, registry):
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert view.assessment.grade == "C" and view.assessment.reasons == () and view.effective == "C"
    assert set(view.facts.values()) == {0}


def test_major_hazard_installation(session, registry):
    hazard = FacilityHazard(facility_id=registry.facility_a.id, major_hazard=False, ratio_ppb=900_000_000)
    session.add(hazard)
    session.commit()
    assert _facts(session, registry.ent_a.id)["major_hazard_installations"] == 0
    hazard.major_hazard = True
    session.add(hazard)
    session.commit()
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert view.facts["major_hazard_installations"] == 1
    assert view.assessment.grade == "A"
    assert [r.rule.id for r in view.assessment.reasons] == ["major_hazard"]
    assert _facts(session, registry.ent_b.id)["major_hazard_installations"] == 0


def test_highly_toxic_and_explosive_precursor_holdings(session, registry):
    chems = add_chemicals(session)
    stock = {
        name: EnterpriseChemicalStock(
            enterprise_id=registry.ent_a.id, chemical_id=chems[name].id, quantity_kg=0
        )
        for name in ("chlorine", "nitric", "methanol")
    }
    session.add_all(stock.values())
    session.commit()
    facts = _facts(session, registry.ent_a.id)
    assert (facts["highly_toxic_holdings"], facts["explosive_precursor_holdings"]) == (0, 0)
    stock["nitric"].quantity_kg = 5
    stock["methanol"].quantity_kg = 5_000
    session.add_all(stock.values())
    session.commit()
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert (view.facts["highly_toxic_holdings"], view.facts["explosive_precursor_holdings"]) == (0, 1)
    assert view.assessment.grade == "B"
    stock["chlorine"].quantity_kg = 1
    session.add(stock["chlorine"])
    session.commit()
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert view.assessment.grade == "A"
    assert [r.rule.id for r in view.assessment.reasons] == ["highly_toxic", "explosive_precursor"]


def test_key_hazardous_waste_generator_counts_the_last_365_days(session, registry, chain, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 30, 4, tzinfo=UTC))

    def make(weight_kg: str, day: date) -> None:
        waste.create_containers(
            session=session,
            actor=chain.officer,
            stream_id=chain.oil.id,
            packaging="储罐",
            volume_l=1000,
            net_weight_kg=weight_kg,
            gen_date=day,
        )

    make("50000", date(2026, 1, 10))
    make("50000", date(2026, 6, 1))
    make("30000", TODAY - timedelta(days=365))  # a year ago: outside the period
    facts = _facts(session, registry.ent_a.id)
    assert facts["waste_generated_kg"] == 100_000
    assert _grade(session, registry.users["admin"], registry.ent_a.id).assessment.grade == "C"
    make("1", date(2026, 6, 2))
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert view.facts["waste_generated_kg"] == 100_001
    assert [r.rule.id for r in view.assessment.reasons] == ["key_waste_generator"]
    assert view.assessment.grade == "B"


def _manifest(chain, registry, number: str, **fields) -> Manifest:
    return Manifest(
        number=number,
        status=fields.pop("status", "delivered"),
        waste_code="900-249-08",
        stream_id=chain.oil.id,
        generator_id=registry.ent_a.id,
        receiver_id=registry.ent_b.id,
        receiver_facility_id=registry.facility_b.id,
        mode="dispose",
        transfer_date=date(2026, 6, 1),
        declared_g=1_000_000,
        created_at=datetime(2026, 6, 1, tzinfo=UTC),
        **fields,
    )


def test_overdue_receipt_confirmations_count_for_the_receiver(session, registry, chain):
    session.add(
        _manifest(chain, registry, "20263306000001", delivered_at=datetime(2026, 6, 29, 2, tzinfo=UTC))
    )
    session.commit()
    assert _facts(session, registry.ent_b.id)["overdue_manifests"] == 0
    session.add(
        _manifest(chain, registry, "20263306000002", delivered_at=datetime(2026, 6, 1, 2, tzinfo=UTC))
    )
    session.commit()
    view = _grade(session, registry.users["admin"], registry.ent_b.id)
    assert view.facts["overdue_manifests"] == 1
    assert [r.rule.id for r in view.assessment.reasons] == ["overdue_manifests"]
    assert _facts(session, registry.ent_a.id)["overdue_manifests"] == 0


def test_three_anomalies_within_a_year(session, registry, chain):
    accepted = datetime(2026, 5, 1, tzinfo=UTC)
    for serial, at in ((1, accepted), (2, accepted), (3, datetime(2025, 5, 1, tzinfo=UTC))):
        session.add(
            _manifest(
                chain, registry, f"2026330600010{serial}", status="accepted", anomaly=True, accepted_at=at
            )
        )
    session.add(_manifest(chain, registry, "20263306000200", status="accepted", accepted_at=accepted))
    session.commit()
    assert _facts(session, registry.ent_a.id)["anomaly_manifests"] == 2
    assert _grade(session, registry.users["admin"], registry.ent_a.id).assessment.grade == "C"
    session.add(
        _manifest(chain, registry, "20263306000104", status="accepted", anomaly=True, accepted_at=accepted)
    )
    session.commit()
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert view.facts["anomaly_manifests"] == 3 and view.assessment.grade == "B"


def test_enterprises_see_only_their_own_grade(session, registry):
    officer = registry.users["officer_a"]
    assert [g.enterprise.id for g in grading.grades(session=session, actor=officer, today=TODAY)] == [
        registry.ent_a.id
    ]
    with pytest.raises(NotFound):
        _grade(session, officer, registry.ent_b.id)
    everyone = grading.grades(session=session, actor=registry.users["regulator_eco"], today=TODAY)
    assert len(everyone) == 3


def test_overrides_keep_their_history_and_can_be_withdrawn(session, registry):
    committee = add_user(session, registry, "committee", "park_committee")
    admin = registry.users["admin"]
    ent = registry.ent_a.id
    grading.override_grade(
        session=session, actor=committee, enterprise_id=ent, grade="A", note="园区重点关注企业"
    )
    view = _grade(session, admin, ent)
    assert view.assessment.grade == "C" and view.effective == "A"
    assert view.override.note == "园区重点关注企业"
    assert view.enterprise.grade == ""  # the registered classification is not the supervision grade
    grading.override_grade(
        session=session, actor=admin, enterprise_id=ent, grade="", note="整改完成，恢复计算等级"
    )
    view = _grade(session, admin, ent)
    assert view.effective == "C" and view.override.grade == ""
    assert [(o.grade, who) for o, who in view.history] == [("", "admin"), ("A", "committee")]
    assert len(session.exec(select(GradeOverride)).all()) == 2
    events = session.exec(
        select(Event).where(Event.action == "enterprise.grade_override").order_by(Event.id)
    ).all()
    assert [e.after["grade"] for e in events] == ["A", ""]
    listed = {g.enterprise.id: g for g in grading.grades(session=session, actor=admin, today=TODAY)}
    assert listed[ent].override.grade == "" and listed[ent].effective == "C"


def test_override_refusals(session, registry):
    ent = registry.ent_a.id
    em = registry.users["regulator_em"]
    for actor in (em, registry.users["officer_a"], add_user(session, registry, "police", "public_security")):
        with pytest.raises(Forbidden):
            grading.override_grade(session=session, actor=actor, enterprise_id=ent, grade="A", note="越权")
    admin = registry.users["admin"]
    for grade, note in (("Z", "未知等级"), ("A", ""), ("A", "  "), ("", "没有可撤销的调整")):
        with pytest.raises(InvalidInput):
            grading.override_grade(session=session, actor=admin, enterprise_id=ent, grade=grade, note=note)
    with pytest.raises(NotFound):
        grading.override_grade(session=session, actor=admin, enterprise_id=999_999, grade="A", note="不存在")
    assert session.exec(select(GradeOverride)).all() == []


def test_waste_stored_past_the_limit(session, registry, chain):
    stored = make_stored(session, chain, count=2)
    limit = datetime(2026, 6, 30, 4, tzinfo=UTC) - timedelta(days=365)  # Beijing noon, a year ago
    stored[0].stored_at = limit  # exactly 365 days: at the limit, not past it
    session.add(stored[0])
    session.commit()
    assert _facts(session, registry.ent_a.id)["overdue_storage"] == 0
    stored[1].stored_at = limit - timedelta(days=1)
    session.add(stored[1])
    session.commit()
    view = _grade(session, registry.users["admin"], registry.ent_a.id)
    assert view.facts["overdue_storage"] == 1
    assert [r.rule.id for r in view.assessment.reasons] == ["overdue_storage"]
    assert view.assessment.grade == "B"

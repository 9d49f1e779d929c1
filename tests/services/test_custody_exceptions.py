"""Custody exceptions: gate refusal, redirect, return, leg change, incident and cancellation after
pick-up, each allowed to its party and refused to the others, with the weights balancing throughout."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, RuleViolation
from hazchem.models import (
    Alert,
    Container,
    CustodyRequest,
    FacilityStock,
    GateRefusal,
    Incident,
    LicenceLineUsage,
    Manifest,
    TransportLeg,
)
from hazchem.services import waste
from tests.services.conftest import TRANSFER_DATE
from tests.services.exc_world import alternate, on_the_road, refused, second_crew


def fresh(session, model, id_):
    session.expire_all()
    return session.get(model, id_)


def stock(session, facility_id):
    session.expire_all()
    row = session.get(FacilityStock, facility_id)
    return row.stock_g if row else 0


def in_flight(session, line_id, year):
    session.expire_all()
    row = session.get(LicenceLineUsage, (line_id, year))
    return row.in_flight_g if row else 0


def balance(session, manifest_id):
    session.expire_all()
    return waste.weight_balance(session, session.get(Manifest, manifest_id))


def actions(session, actor, manifest_id):
    session.expire_all()
    return set(waste.manifest_actions_for(session, actor, manifest_id))


# --- The stranded scenarios -----------------------------------------------------------------------


def test_delivery_refused_for_capacity_then_gate_refusal_redirect_and_acceptance(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=2, weight="200")
    plant = fresh(session, type(chain.plant_b), chain.plant_b.id)
    plant.storage_capacity_kg = 300
    session.add(plant)
    session.commit()
    with pytest.raises(RuleViolation) as full:
        waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    assert full.value.rule == "arrival.receiver_storage_capacity"
    # No longer stranded: the receiver may refuse the load at its gate.
    assert {"refuse", "refuse_part"} <= actions(session, chain.operator, manifest.id)
    line = registry.hw_licence.lines[0].id
    assert in_flight(session, line, TRANSFER_DATE.year) == 400_000

    waste.refuse_at_gate(
        session=session, actor=chain.operator, manifest_id=manifest.id, reason="over_capacity", note="库满"
    )
    assert fresh(session, Manifest, manifest.id).status == "refused"
    assert in_flight(session, line, TRANSFER_DATE.year) == 0  # released on refusal
    assert {fresh(session, Container, c).status for c in _container_ids(session, manifest.id)} == {
        "in_transit"
    }
    refusal = session.exec(select(GateRefusal)).one()
    assert (refusal.reason, refusal.note, refusal.containers) == ("over_capacity", "库满", sorted(ids))
    assert refusal.receiver_facility_id == chain.plant_b.id and refusal.refused_g == 400_000
    assert {"redirect", "return", "request_cancel"} <= actions(session, chain.officer, manifest.id)
    assert "propose_redirect" in actions(session, chain.driver, manifest.id)

    alt, alt_store = alternate(session, registry)
    outcome = waste.redirect(
        session=session,
        actor=chain.officer,
        manifest_id=manifest.id,
        facility_id=alt_store.id,
        reason="改送丁公司",
    )
    assert outcome.manifest.status == "in_transit"
    moved = fresh(session, Manifest, manifest.id)
    assert (moved.receiver_id, moved.receiver_facility_id) == (alt.id, alt_store.id)
    assert moved.reserved_g == 400_000 and moved.licence_line_id != line
    legs = session.exec(select(TransportLeg).where(TransportLeg.manifest_id == manifest.id)).all()
    assert [leg.seq for leg in legs] == [1, 2]
    # The refusing receiver is no longer the one that receives; the alternate's staff are.
    alt_user = _user(session, "operator_d", "receiver_operator", enterprise_id=alt.id)
    assert "deliver" not in actions(session, chain.operator, manifest.id)
    waste.deliver(session=session, actor=alt_user, manifest_id=manifest.id, scanned=ids)
    waste.record_receipt(
        session=session, actor=alt_user, manifest_id=manifest.id, weights_kg={i: "200" for i in ids}
    )
    accepted = fresh(session, Manifest, manifest.id)
    assert accepted.status == "accepted" and accepted.accepted_g == 400_000
    assert stock(session, alt_store.id) == 400_000
    # The original receiver's refusal stays on the record beside the new receiver's section.
    record = waste.custody_record(session, accepted)
    assert [r.receiver_id for r in record.refusals] == [registry.ent_b.id]
    assert record.balance.balances and record.balance.accepted_g == 400_000 and record.balance.open_g == 0


def test_return_to_the_generator_ends_returned_with_the_waste_back_in_store(session, registry, chain):
    manifest, ids = refused(session, chain, count=2, weight="50")
    assert stock(session, chain.store_a.id) == 0
    waste.return_to_generator(session=session, actor=chain.officer, manifest_id=manifest.id, reason="退回")
    assert fresh(session, Manifest, manifest.id).status == "returning"
    assert "receive_return" in actions(session, chain.officer, manifest.id)
    waste.receive_return(
        session=session,
        actor=chain.officer,
        manifest_id=manifest.id,
        facility_id=chain.store_a.id,
        scanned=ids,
    )
    done = fresh(session, Manifest, manifest.id)
    assert done.status == "returned" and done.closed_at is not None
    assert actions(session, chain.officer, manifest.id) == set()
    assert stock(session, chain.store_a.id) == 100_000
    containers = session.exec(select(Container).where(Container.digital_id.in_(ids))).all()
    assert {(c.status, c.facility_id) for c in containers} == {("stored", chain.store_a.id)}
    b = balance(session, manifest.id)
    assert b.balances and b.returned_g == 100_000 and b.open_g == 0
    # The returned waste may be shipped again on a new manifest.
    again = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
    )
    assert again.declared_g == 100_000


def test_a_partial_refusal_splits_the_refused_containers_off(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=3, weight="100")
    outcome = waste.refuse_at_gate(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        reason="damaged_packaging",
        containers=[ids[0]],
    )
    parent = outcome.manifest
    assert parent.status == "in_transit" and parent.declared_g == 200_000 and parent.reserved_g == 200_000
    refusal = session.exec(select(GateRefusal)).one()
    child = fresh(session, Manifest, refusal.refused_manifest_id)
    assert child.id != parent.id and child.status == "refused" and child.declared_g == 100_000
    assert child.number != parent.number and child.reserved_g == 0
    record = waste.custody_record(session, child)
    assert record.split_from.id == parent.id and record.refusals[0].containers == [ids[0]]
    assert waste.custody_record(session, parent).split_off[0].id == child.id
    waste.deliver(session=session, actor=chain.operator, manifest_id=parent.id, scanned=ids[1:])
    assert stock(session, chain.plant_b.id) == 200_000
    waste.return_to_generator(
        session=session, actor=chain.officer, manifest_id=child.id, reason="包装破损退回"
    )
    waste.receive_return(
        session=session,
        actor=chain.officer,
        manifest_id=child.id,
        facility_id=chain.store_a.id,
        scanned=[ids[0]],
    )
    b_parent, b_child = balance(session, parent.id), balance(session, child.id)
    assert b_parent.declared_g == 300_000 and b_parent.refused_g == 100_000 and b_parent.balances
    assert b_child.returned_g == 100_000 and b_child.balances


# --- Refusal at the gate, from both sides ---------------------------------------------------------


def test_only_the_receiver_refuses_and_only_on_the_road(session, registry, chain):
    manifest, ids = on_the_road(session, chain)
    for other in (chain.officer, chain.driver, registry.users["regulator_eco"]):
        with pytest.raises(Forbidden):
            waste.refuse_at_gate(session=session, actor=other, manifest_id=manifest.id, reason="wrong_waste")
    with pytest.raises(InvalidInput):
        waste.refuse_at_gate(
            session=session, actor=chain.operator, manifest_id=manifest.id, reason="too_late"
        )
    with pytest.raises(InvalidInput):
        waste.refuse_at_gate(
            session=session,
            actor=chain.operator,
            manifest_id=manifest.id,
            reason="wrong_waste",
            containers=["330604" + "0" * 31],
        )
    assert fresh(session, Manifest, manifest.id).status == "in_transit"
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    with pytest.raises(InvalidTransition):
        waste.refuse_at_gate(
            session=session, actor=chain.operator, manifest_id=manifest.id, reason="wrong_waste"
        )
    assert session.exec(select(GateRefusal)).all() == []


# --- Redirect, from both sides --------------------------------------------------------------------


def test_redirect_is_the_generators_and_only_from_a_refusal(session, registry, chain):
    manifest, _ = on_the_road(session, chain)
    _, alt_store = alternate(session, registry)
    with pytest.raises(InvalidTransition):
        waste.redirect(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            facility_id=alt_store.id,
            reason="x",
        )
    waste.refuse_at_gate(session=session, actor=chain.operator, manifest_id=manifest.id, reason="wrong_waste")
    for other in (chain.driver, chain.operator):
        with pytest.raises(Forbidden):
            waste.redirect(
                session=session, actor=other, manifest_id=manifest.id, facility_id=alt_store.id, reason="x"
            )
    with pytest.raises(InvalidInput):
        waste.redirect(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            facility_id=alt_store.id,
            reason=" ",
        )
    assert fresh(session, Manifest, manifest.id).status == "refused"


def test_alternate_receiver_checks_licence_capacity_and_the_refusing_facility(session, registry, chain):
    manifest, _ = refused(session, chain, count=2, weight="100")
    _, unlicensed = alternate(session, registry, licensed=False, uscc="91330604000000017", name="戊公司")
    _, tiny = alternate(session, registry, capacity_kg=150, uscc="91330604000000025", name="己公司")
    cases = [
        (unlicensed.id, "redirect.receiver_licence"),
        (tiny.id, "receiver.free_capacity"),
        (chain.plant_b.id, "redirect.same_receiver"),
    ]
    for facility_id, rule in cases:
        with pytest.raises(RuleViolation) as refusal:
            waste.redirect(
                session=session,
                actor=chain.officer,
                manifest_id=manifest.id,
                facility_id=facility_id,
                reason="x",
            )
        assert refusal.value.rule == rule
        assert fresh(session, Manifest, manifest.id).status == "refused"
    with pytest.raises(InvalidInput):
        waste.redirect(
            session=session, actor=chain.officer, manifest_id=manifest.id, facility_id=999_999, reason="x"
        )


def reserved(session, facility_id):
    session.expire_all()
    row = session.get(FacilityStock, facility_id)
    return row.reserved_g if row else 0


def test_receiver_reservations_follow_the_load_through_refusal_and_redirect(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=3, weight="100")
    plant = chain.plant_b.id
    assert reserved(session, plant) == 300_000
    # A partial refusal gives back the refused part; the split-off manifest holds nothing there.
    waste.refuse_at_gate(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        reason="wrong_waste",
        containers=[ids[0]],
    )
    assert reserved(session, plant) == 200_000
    child_id = session.exec(select(GateRefusal.refused_manifest_id)).one()
    assert fresh(session, Manifest, child_id).facility_reserved_g == 0
    # Redirected, the refused container is held on the alternate store instead.
    _, alt_store = alternate(session, registry)
    waste.redirect(
        session=session, actor=chain.officer, manifest_id=child_id, facility_id=alt_store.id, reason="改送"
    )
    assert (reserved(session, alt_store.id), reserved(session, plant)) == (100_000, 200_000)
    # A whole refusal of the rest gives back everything it held on the first receiver.
    waste.refuse_at_gate(
        session=session, actor=chain.operator, manifest_id=manifest.id, reason="over_capacity"
    )
    assert reserved(session, plant) == 0


def test_the_carrier_proposes_and_the_generator_confirms_or_declines(session, registry, chain):
    manifest, _ = refused(session, chain)
    _, alt_store = alternate(session, registry)
    with pytest.raises(Forbidden):
        waste.propose_redirect(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            facility_id=alt_store.id,
            reason="x",
        )
    proposal = waste.propose_redirect(
        session=session,
        actor=chain.driver,
        manifest_id=manifest.id,
        facility_id=alt_store.id,
        reason="就近处置",
    )
    assert fresh(session, Manifest, manifest.id).status == "refused"  # nothing moves until confirmed
    with pytest.raises(RuleViolation) as twice:
        waste.propose_redirect(
            session=session, actor=chain.driver, manifest_id=manifest.id, facility_id=alt_store.id, reason="x"
        )
    assert twice.value.rule == "redirect.proposal_open"
    assert "propose_redirect" not in actions(session, chain.driver, manifest.id)
    for other in (chain.driver, chain.operator):
        with pytest.raises(Forbidden):
            waste.decide_redirect(session=session, actor=other, request_id=proposal.id, approve=True)
    waste.decide_redirect(
        session=session, actor=chain.officer, request_id=proposal.id, approve=False, note="另议"
    )
    assert fresh(session, CustodyRequest, proposal.id).status == "declined"
    assert fresh(session, Manifest, manifest.id).status == "refused"
    with pytest.raises(InvalidTransition):
        waste.decide_redirect(session=session, actor=chain.officer, request_id=proposal.id, approve=True)
    again = waste.propose_redirect(
        session=session, actor=chain.driver, manifest_id=manifest.id, facility_id=alt_store.id, reason="再议"
    )
    outcome = waste.decide_redirect(session=session, actor=chain.officer, request_id=again.id, approve=True)
    assert outcome.manifest.status == "in_transit" and outcome.manifest.receiver_facility_id == alt_store.id
    decided = fresh(session, CustodyRequest, again.id)
    assert decided.status == "approved" and decided.decided_by == chain.officer.user_id


# --- Return, from both sides ----------------------------------------------------------------------


def test_return_checks_who_where_and_what(session, registry, chain):
    manifest, ids = refused(session, chain, count=2, weight="100")
    for other in (chain.driver, chain.operator):
        with pytest.raises(Forbidden):
            waste.return_to_generator(session=session, actor=other, manifest_id=manifest.id, reason="x")
    waste.return_to_generator(session=session, actor=chain.officer, manifest_id=manifest.id, reason="退回")
    with pytest.raises(RuleViolation) as wrong_set:
        waste.receive_return(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            facility_id=chain.store_a.id,
            scanned=ids[:1],
        )
    assert wrong_set.value.rule == "return.container_set"
    with pytest.raises(Forbidden):
        waste.receive_return(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            facility_id=chain.store_b.id,
            scanned=ids,
        )
    store = fresh(session, type(chain.store_a), chain.store_a.id)
    store.storage_capacity_kg = 150
    session.add(store)
    session.commit()
    with pytest.raises(RuleViolation) as full:
        waste.receive_return(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            facility_id=chain.store_a.id,
            scanned=ids,
        )
    assert full.value.rule == "storage.capacity"
    assert fresh(session, Manifest, manifest.id).status == "returning"
    assert stock(session, chain.store_a.id) == 0


# --- Change of vehicle or driver ------------------------------------------------------------------


def test_a_breakdown_moves_the_load_to_a_new_leg(session, registry, chain):
    manifest, ids = on_the_road(session, chain)
    crew = second_crew(session, registry)
    with pytest.raises(Forbidden):
        waste.change_leg(
            session=session, actor=chain.operator, manifest_id=manifest.id, leg=crew, scanned=ids, reason="x"
        )
    with pytest.raises(RuleViolation) as partial:
        waste.change_leg(
            session=session,
            actor=chain.driver,
            manifest_id=manifest.id,
            leg=crew,
            scanned=ids[:1],
            reason="抛锚",
        )
    assert partial.value.rule == "leg.container_set"
    waste.change_leg(
        session=session, actor=chain.driver, manifest_id=manifest.id, leg=crew, scanned=ids, reason="抛锚"
    )
    legs = session.exec(
        select(TransportLeg).where(TransportLeg.manifest_id == manifest.id).order_by(TransportLeg.seq)
    ).all()
    assert [(leg.seq, leg.driver_id) for leg in legs] == [(1, registry.driver.id), (2, crew.driver_id)]
    assert legs[0].delivered_at is not None and legs[1].picked_up_at is not None
    assert fresh(session, Manifest, manifest.id).status == "in_transit"


def test_a_lapsed_driver_cannot_take_over(session, registry, chain):
    manifest, ids = on_the_road(session, chain)
    crew = second_crew(session, registry, driver_valid_to=date(2025, 1, 1))
    with pytest.raises(RuleViolation) as lapsed:
        waste.change_leg(
            session=session, actor=chain.driver, manifest_id=manifest.id, leg=crew, scanned=ids, reason="换班"
        )
    assert lapsed.value.rule == "pickup.driver_qualification"
    assert len(session.exec(select(TransportLeg).where(TransportLeg.manifest_id == manifest.id)).all()) == 1


def test_a_vehicle_not_approved_for_the_waste_cannot_take_over(session, registry, chain):
    manifest, ids = on_the_road(session, chain)
    crew = second_crew(session, registry, dg_classes=("6.1", "8"))
    with pytest.raises(RuleViolation) as narrow:
        waste.change_leg(
            session=session, actor=chain.driver, manifest_id=manifest.id, leg=crew, scanned=ids, reason="抛锚"
        )
    assert narrow.value.rule == "transport.vehicle_dg_class"
    assert len(session.exec(select(TransportLeg).where(TransportLeg.manifest_id == manifest.id)).all()) == 1


# --- Incidents ------------------------------------------------------------------------------------


def test_an_incident_on_the_road_alerts_three_departments_and_accounts_for_losses(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=3, weight="100")
    with pytest.raises(Forbidden):
        waste.report_incident(
            session=session, actor=chain.officer, manifest_id=manifest.id, kind="spill", description="x"
        )
    with pytest.raises(InvalidInput):
        waste.report_incident(
            session=session, actor=chain.driver, manifest_id=manifest.id, kind="meteor", description="x"
        )
    waste.report_incident(
        session=session,
        actor=chain.driver,
        manifest_id=manifest.id,
        kind="spill",
        description="侧翻泄漏",
        place="G92 K12",
        lost=[ids[0]],
    )
    incident = session.exec(select(Incident)).one()
    assert incident.lost == [ids[0]] and incident.lost_g == 100_000 and incident.leg_seq == 1
    alerts = session.exec(select(Alert).where(Alert.kind == "incident")).all()
    assert {a.department_kind for a in alerts} == {"ecology_environment", "emergency_management", "transport"}
    assert fresh(session, Manifest, manifest.id).reserved_g == 200_000
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids[1:])
    assert stock(session, chain.plant_b.id) == 200_000
    waste.record_receipt(
        session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg={i: "100" for i in ids[1:]}
    )
    b = balance(session, manifest.id)
    assert (b.accepted_g, b.lost_g, b.declared_g) == (200_000, 100_000, 300_000) and b.balances


def test_losing_everything_closes_the_manifest(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=2, weight="100")
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    with pytest.raises(Forbidden):
        waste.report_incident(
            session=session, actor=chain.driver, manifest_id=manifest.id, kind="fire", description="x"
        )
    waste.report_incident(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        kind="fire",
        description="库区火灾",
        lost=ids,
    )
    done = fresh(session, Manifest, manifest.id)
    assert done.status == "closed" and done.reserved_g == 0
    assert stock(session, chain.plant_b.id) == 0
    b = balance(session, manifest.id)
    assert b.lost_g == 200_000 and b.balances and b.open_g == 0
    assert session.exec(select(Incident)).one().facility_id == chain.plant_b.id


# --- Cancellation after pick-up -------------------------------------------------------------------


def test_cancellation_after_pickup_needs_the_ecology_regulator(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=2, weight="100")
    with pytest.raises(InvalidTransition):
        waste.cancel(session=session, actor=chain.officer, manifest_id=manifest.id, reason="x")
    with pytest.raises(Forbidden):
        waste.request_cancellation(
            session=session,
            actor=chain.driver,
            manifest_id=manifest.id,
            reason="x",
            whereabouts="x",
            facility_id=chain.store_a.id,
        )
    with pytest.raises(InvalidInput) as missing:
        waste.request_cancellation(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            reason="误填",
            whereabouts="",
            facility_id=chain.store_a.id,
        )
    assert missing.value.as_dict()["params"] == {
        "what": {"message_code": "incident.whereabouts", "params": {}}
    }
    request = waste.request_cancellation(
        session=session,
        actor=chain.officer,
        manifest_id=manifest.id,
        reason="误填联单",
        whereabouts="车辆已返回甲公司厂区",
        facility_id=chain.store_a.id,
    )
    eco, em = registry.users["regulator_eco"], registry.users["regulator_em"]
    assert "approve_cancel" in actions(session, eco, manifest.id)
    assert "approve_cancel" not in actions(session, em, manifest.id)
    assert "request_cancel" not in actions(session, chain.officer, manifest.id)
    with pytest.raises(RuleViolation):
        waste.request_cancellation(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            reason="x",
            whereabouts="x",
            facility_id=chain.store_a.id,
        )
    for other in (chain.officer, em, registry.users["admin"]):
        with pytest.raises(Forbidden):
            waste.decide_cancellation(session=session, actor=other, request_id=request.id, approve=True)
    waste.decide_cancellation(session=session, actor=eco, request_id=request.id, approve=True, note="同意")
    done = fresh(session, Manifest, manifest.id)
    assert done.status == "cancelled" and done.reserved_g == 0
    assert stock(session, chain.store_a.id) == 200_000
    containers = session.exec(select(Container).where(Container.digital_id.in_(ids))).all()
    assert {(c.status, c.manifest_id) for c in containers} == {("stored", None)}
    assert balance(session, manifest.id).returned_g == 200_000


def test_a_declined_cancellation_leaves_the_manifest_as_it_was(session, registry, chain):
    manifest, _ = on_the_road(session, chain)
    request = waste.request_cancellation(
        session=session,
        actor=chain.officer,
        manifest_id=manifest.id,
        reason="x",
        whereabouts="在途",
        facility_id=chain.store_a.id,
    )
    eco = registry.users["regulator_eco"]
    waste.decide_cancellation(
        session=session, actor=eco, request_id=request.id, approve=False, note="继续运输"
    )
    assert fresh(session, Manifest, manifest.id).status == "in_transit"
    assert fresh(session, CustodyRequest, request.id).status == "declined"
    assert "approve_cancel" not in actions(session, eco, manifest.id)
    with pytest.raises(InvalidTransition):
        waste.decide_cancellation(session=session, actor=eco, request_id=request.id, approve=True)


# --- helpers --------------------------------------------------------------------------------------


def _container_ids(session, manifest_id):
    return [mc.container_id for mc, _ in waste.manifest_containers(session, manifest_id)]


def _user(session, username, role, **binding):
    from hazchem.models import User
    from hazchem.services.platform import auth
    from tests.conftest import _password_hash

    user = User(username=username, password_hash=_password_hash(), role=role, **binding)
    session.add(user)
    session.commit()
    actor = auth.build_actor(session, user)
    session.rollback()
    return actor

"""Manifests: the whole chain, every refusal from both sides, running totals and revisions."""

from datetime import date

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, RuleViolation
from hazchem.models import Container, LicenceLineUsage, Manifest, Revision, Signature, TransferApproval
from hazchem.services import platform, waste
from hazchem.services import registry as reg
from tests.services.conftest import TRANSFER_DATE, far_receiver, make_stored


def draft(session, chain, containers, **kwargs):
    args = {
        "receiver_facility_id": chain.plant_b.id,
        "legs": [chain.leg],
        "transfer_date": TRANSFER_DATE,
        "planned_method": "D10",
    }
    args.update(kwargs)
    return waste.create_manifest(
        session=session, actor=chain.officer, container_ids=[c.id for c in containers], **args
    )


def usage(session, manifest_or_line, year=TRANSFER_DATE.year):
    line_id = manifest_or_line if isinstance(manifest_or_line, int) else manifest_or_line.licence_line_id
    session.expire_all()
    row = session.get(LicenceLineUsage, (line_id, year))
    return (row.accepted_g, row.in_flight_g) if row else (0, 0)


def line_id(registry):
    return registry.hw_licence.lines[0].id


def fresh(session, model, id_):
    session.expire_all()
    return session.get(model, id_)


def test_the_whole_chain_from_generation_to_closing(session, registry, chain):
    containers = make_stored(session, chain, count=2, weight="200")
    ids = [c.digital_id for c in containers]
    assert waste.stock_g(session, chain.store_a.id) == 400_000

    manifest = draft(session, chain, containers)
    assert (
        manifest.status == "draft" and len(manifest.number) == 14 and manifest.number.startswith("20263306")
    )
    assert manifest.declared_g == 400_000 and not manifest.cross_province

    outcome = waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert outcome.manifest.status == "submitted" and outcome.warnings == []
    assert usage(session, line_id(registry)) == (0, 400_000)

    # The driver scans the label URLs at pick-up.
    urls = [f"https://hazchem.example/l/{cid}" for cid in ids]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=urls)
    assert fresh(session, Manifest, manifest.id).status == "in_transit"
    assert {fresh(session, Container, c.id).status for c in containers} == {"in_transit"}
    assert waste.stock_g(session, chain.store_a.id) == 0

    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    assert fresh(session, Manifest, manifest.id).status == "delivered"
    assert waste.stock_g(session, chain.plant_b.id) == 400_000

    weights = {ids[0]: "201", ids[1]: "199.5"}  # within 5 %
    outcome = waste.record_receipt(
        session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg=weights
    )
    assert outcome.manifest.status == "accepted" and not outcome.manifest.anomaly
    assert outcome.manifest.accepted_g == 400_500
    assert usage(session, line_id(registry)) == (400_500, 0)
    assert waste.stock_g(session, chain.plant_b.id) == 400_500

    waste.record_treatment(
        session=session, actor=chain.operator, manifest_id=manifest.id, method_code="d10"
    )
    assert {fresh(session, Container, c.id).status for c in containers} == {"treated"}
    assert waste.stock_g(session, chain.plant_b.id) == 0
    waste.close(session=session, actor=chain.operator, manifest_id=manifest.id)
    closed = fresh(session, Manifest, manifest.id)
    assert closed.status == "closed" and closed.treatment_method == "D10"
    sections = [
        s.section
        for s in session.exec(
            select(Signature).where(Signature.manifest_id == manifest.id).order_by(Signature.id)
        )
    ]
    assert sections == ["generator", "carrier", "receiver", "receiver", "treatment", "treatment"]


# --- Creation ------------------------------------------------------------------------------------


def test_one_waste_code_per_manifest(session, chain):
    oil = make_stored(session, chain, count=1)
    acid = make_stored(session, chain, count=1, stream=chain.acid)
    with pytest.raises(RuleViolation) as refused:
        draft(session, chain, oil + acid)
    assert refused.value.rule == "manifest.one_waste_code"
    assert session.exec(select(Manifest)).all() == []


def test_only_stored_containers_and_only_once(session, chain):
    loose = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="10",
        gen_date=date(2026, 5, 1),
    )
    with pytest.raises(RuleViolation, match="not in storage"):
        draft(session, chain, loose)
    stored = make_stored(session, chain, count=1)
    first = draft(session, chain, stored)
    with pytest.raises(RuleViolation) as refused:
        draft(session, chain, stored)
    assert refused.value.rule == "manifest.container_taken" and first.number in refused.value.message


def test_only_the_generators_officer_prepares_it(session, registry, chain):
    stored = make_stored(session, chain, count=1)
    with pytest.raises(Forbidden):
        waste.create_manifest(
            session=session,
            actor=registry.users["officer_b"],
            container_ids=[stored[0].id],
            receiver_facility_id=chain.plant_b.id,
            legs=[chain.leg],
            transfer_date=TRANSFER_DATE,
        )


def test_numbers_are_unique_and_sequential(session, chain):
    numbers = [draft(session, chain, make_stored(session, chain, count=1)).number for _ in range(3)]
    assert len(set(numbers)) == 3
    assert [int(n[-6:]) for n in numbers] == [1, 2, 3]


def test_leg_vehicle_must_belong_to_the_carrier(session, registry, chain):
    stored = make_stored(session, chain, count=1)
    bad_leg = waste.LegInput(
        carrier_id=registry.ent_b.id, vehicle_id=registry.vehicle.id, driver_id=registry.driver.id
    )
    with pytest.raises(InvalidInput, match="must belong"):
        draft(session, chain, stored, legs=[bad_leg])


# --- Submission checks ---------------------------------------------------------------------------


def assert_nothing_reserved(session, registry, manifest):
    m = fresh(session, Manifest, manifest.id)
    assert m.status == "draft" and m.reserved_g == 0 and m.licence_line_id is None
    assert usage(session, line_id(registry)) == (0, 0)
    assert session.exec(select(Signature).where(Signature.manifest_id == manifest.id)).all() == []


def test_receiver_licence_expired_on_the_transfer_date(session, registry, chain):
    manifest = draft(session, chain, make_stored(session, chain, count=1), transfer_date=date(2029, 1, 10))
    with pytest.raises(RuleViolation) as refused:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert refused.value.rule == "submit.receiver_licence"
    assert "expired on 2028-12-31" in refused.value.message
    assert_nothing_reserved(session, registry, manifest)


@pytest.mark.parametrize(
    ("kwargs", "reason"), [({"mode": "utilise"}, "out_of_scope"), ({"planned_method": "D1"}, "out_of_scope")]
)
def test_receiver_licence_scope(session, registry, chain, kwargs, reason):
    manifest = draft(session, chain, make_stored(session, chain, count=1), **kwargs)
    with pytest.raises(RuleViolation) as refused:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert refused.value.details[0]["code"] == reason
    assert_nothing_reserved(session, registry, manifest)


def test_suspended_receiver_licence(session, registry, chain):
    reg.change_licence_status(
        session=session,
        actor=registry.users["regulator_eco"],
        licence_id=registry.hw_licence.licence.id,
        status="suspended",
        reason="整改",
    )
    manifest = draft(session, chain, make_stored(session, chain, count=1))
    with pytest.raises(RuleViolation, match="suspended"):
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert_nothing_reserved(session, registry, manifest)


def _set_usage(session, registry, accepted_g):
    platform.ensure_row(
        session,
        LicenceLineUsage,
        line_id=line_id(registry),
        year=TRANSFER_DATE.year,
        accepted_g=0,
        in_flight_g=0,
    )
    row = session.get(LicenceLineUsage, (line_id(registry), TRANSFER_DATE.year))
    row.accepted_g = accepted_g
    session.add(row)
    session.commit()


def test_annual_scale_refused_beyond_100_percent(session, registry, chain):
    _set_usage(session, registry, 30_000_000_000 - 300_000)  # 0.3 t left of 30,000 t
    manifest = draft(session, chain, make_stored(session, chain, count=2, weight="200"))
    with pytest.raises(RuleViolation) as refused:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert refused.value.rule == "licence.annual_scale"
    assert "30000 t" in refused.value.message and "0.4 t" in refused.value.message
    assert usage(session, line_id(registry)) == (30_000_000_000 - 300_000, 0)


def test_annual_scale_warns_from_80_percent(session, registry, chain):
    _set_usage(session, registry, 24_000_000_000)
    manifest = draft(session, chain, make_stored(session, chain, count=1))
    outcome = waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert outcome.manifest.status == "submitted"
    assert outcome.warnings[0]["rule"] == "licence.annual_scale"
    assert outcome.warnings[0]["share_percent"] == "80.0"


def test_carrier_without_a_valid_transport_licence(session, registry, chain):
    reg.change_licence_status(
        session=session,
        actor=registry.users["admin"],
        licence_id=chain.transport.licence.id,
        status="revoked",
        reason="吊销",
    )
    manifest = draft(session, chain, make_stored(session, chain, count=1))
    with pytest.raises(RuleViolation) as refused:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert refused.value.rule == "submit.carrier_licence"
    assert_nothing_reserved(session, registry, manifest)


def test_cross_province_needs_an_approval_with_quota(session, registry, chain):
    far, plant = far_receiver(session, registry)
    manifest = draft(
        session, chain, make_stored(session, chain, count=2, weight="200"), receiver_facility_id=plant.id
    )
    assert manifest.cross_province
    with pytest.raises(RuleViolation) as refused:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert refused.value.rule == "submit.cross_province_approval" and "no approval" in refused.value.message
    approval = waste.create_approval(
        session=session,
        actor=registry.users["regulator_eco"],
        number="跨省审批1",
        generator_id=registry.ent_a.id,
        receiver_id=far.id,
        waste_code="900-249-08",
        quota_t="0.3",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    with pytest.raises(RuleViolation, match="quota is used up"):
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    approval.quota_g = 1_000_000
    session.add(approval)
    session.commit()
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert fresh(session, TransferApproval, approval.id).used_g == 400_000
    waste.cancel(session=session, actor=chain.officer, manifest_id=manifest.id, reason="改期")
    assert fresh(session, TransferApproval, approval.id).used_g == 0


def test_only_ecology_environment_records_approvals(session, registry, chain):
    with pytest.raises(Forbidden):
        waste.create_approval(
            session=session,
            actor=registry.users["regulator_em"],
            number="x",
            generator_id=registry.ent_a.id,
            receiver_id=registry.ent_b.id,
            waste_code="900-249-08",
            quota_t="1",
            valid_from=date(2026, 1, 1),
            valid_to=date(2026, 12, 31),
        )


def test_only_the_generator_signs_the_generator_section(session, registry, chain):
    manifest = draft(session, chain, make_stored(session, chain, count=1))
    for user in ("driver", "operator_b", "officer_b"):
        with pytest.raises(Forbidden):
            waste.submit(session=session, actor=registry.users[user], manifest_id=manifest.id)


# --- Pick-up -------------------------------------------------------------------------------------


def submitted(session, chain, count=2, weight="200"):
    containers = make_stored(session, chain, count=count, weight=weight)
    manifest = draft(session, chain, containers)
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    return manifest, containers


def assert_nothing_moved(session, chain, manifest, containers):
    assert fresh(session, Manifest, manifest.id).status == "submitted"
    assert {fresh(session, Container, c.id).status for c in containers} == {"stored"}
    assert waste.stock_g(session, chain.store_a.id) == sum(c.net_weight_g for c in containers)


def test_pickup_refuses_a_missing_container_by_its_id(session, chain):
    manifest, containers = submitted(session, chain)
    with pytest.raises(RuleViolation) as refused:
        waste.pick_up(
            session=session, actor=chain.driver, manifest_id=manifest.id, scanned=[containers[0].digital_id]
        )
    assert refused.value.rule == "pickup.container_set"
    assert containers[1].digital_id in refused.value.message
    assert_nothing_moved(session, chain, manifest, containers)


def test_pickup_refuses_an_extra_container_by_its_id(session, chain):
    manifest, containers = submitted(session, chain)
    stray = make_stored(session, chain, count=1)[0]
    with pytest.raises(RuleViolation) as refused:
        waste.pick_up(
            session=session,
            actor=chain.driver,
            manifest_id=manifest.id,
            scanned=[c.digital_id for c in [*containers, stray]],
        )
    assert stray.digital_id in refused.value.message and "not on this manifest" in refused.value.message
    assert fresh(session, Manifest, manifest.id).status == "submitted"


@pytest.mark.parametrize("lapsed", ["vehicle", "driver"])
def test_pickup_needs_a_qualified_vehicle_and_driver(session, registry, chain, lapsed):
    manifest, containers = submitted(session, chain)
    on = date(2030, 1, 1)
    # Only the record under test lapses on that date; the other one stays qualified.
    valid = registry.driver if lapsed == "vehicle" else registry.vehicle
    valid.valid_to = date(2031, 1, 1)
    session.add(valid)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        waste.pick_up(
            session=session,
            actor=chain.driver,
            manifest_id=manifest.id,
            scanned=[c.digital_id for c in containers],
            on=on,
        )
    assert refused.value.rule == f"pickup.{lapsed}_qualification"
    assert_nothing_moved(session, chain, manifest, containers)


def test_only_the_carrier_signs_the_pickup(session, chain):
    manifest, containers = submitted(session, chain)
    with pytest.raises(Forbidden):
        waste.pick_up(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            scanned=[c.digital_id for c in containers],
        )
    assert_nothing_moved(session, chain, manifest, containers)


def test_cancel_only_before_pickup_and_it_releases_everything(session, registry, chain):
    manifest, containers = submitted(session, chain)
    with pytest.raises(InvalidInput):
        waste.cancel(session=session, actor=chain.officer, manifest_id=manifest.id, reason="")
    waste.cancel(session=session, actor=chain.officer, manifest_id=manifest.id, reason="客户改期")
    assert usage(session, line_id(registry)) == (0, 0)
    assert all(fresh(session, Container, c.id).manifest_id is None for c in containers)
    again = draft(session, chain, containers)  # the containers can go on a new manifest
    waste.submit(session=session, actor=chain.officer, manifest_id=again.id)
    waste.pick_up(
        session=session, actor=chain.driver, manifest_id=again.id, scanned=[c.digital_id for c in containers]
    )
    with pytest.raises(InvalidTransition) as refused:
        waste.cancel(session=session, actor=chain.officer, manifest_id=again.id, reason="太晚")
    assert refused.value.rule == "manifest.cancel_before_pickup"


# --- Arrival, receipt, treatment -----------------------------------------------------------------


def delivered(session, chain, count=2, weight="200"):
    manifest, containers = submitted(session, chain, count=count, weight=weight)
    ids = [c.digital_id for c in containers]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids)
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    return manifest, containers, ids


def test_arrival_checks_the_receivers_storage_capacity(session, registry, chain):
    manifest, containers = submitted(session, chain, count=2, weight="200")
    ids = [c.digital_id for c in containers]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids)
    plant = fresh(session, type(chain.plant_b), chain.plant_b.id)
    plant.storage_capacity_kg = 300
    session.add(plant)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    assert refused.value.rule == "arrival.receiver_storage_capacity"
    assert fresh(session, Manifest, manifest.id).status == "in_transit"
    assert waste.stock_g(session, chain.plant_b.id) == 0


def test_weight_beyond_tolerance_needs_a_note(session, registry, chain):
    manifest, _, ids = delivered(session, chain)
    weights = {ids[0]: "200", ids[1]: "215"}  # 7.5 % over
    with pytest.raises(RuleViolation) as refused:
        waste.record_receipt(
            session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg=weights
        )
    assert refused.value.rule == "receipt.weight_tolerance" and ids[1] in refused.value.message
    assert fresh(session, Manifest, manifest.id).status == "delivered"
    assert usage(session, line_id(registry)) == (0, 400_000)
    outcome = waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        weights_kg=weights,
        anomaly_note="复磅确认，含水率偏高",
    )
    assert outcome.manifest.anomaly and outcome.warnings[0]["container"] == ids[1]


def test_partial_acceptance_returns_rejected_containers_to_storage(session, registry, chain):
    manifest, containers, ids = delivered(session, chain)
    with pytest.raises(InvalidInput, match="reason"):
        waste.record_receipt(
            session=session,
            actor=chain.operator,
            manifest_id=manifest.id,
            weights_kg={i: "200" for i in ids},
            rejected={ids[1]: ""},
        )
    outcome = waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        weights_kg={i: "200" for i in ids},
        rejected={ids[1]: "包装破损渗漏"},
    )
    assert outcome.manifest.status == "partially_accepted"
    assert usage(session, line_id(registry)) == (200_000, 0)
    rejected = fresh(session, Container, containers[1].id)
    assert rejected.status == "rejected"
    assert waste.stock_g(session, chain.plant_b.id) == 200_000
    waste.put_away(
        session=session, actor=chain.operator, container_id=rejected.id, facility_id=chain.store_b.id
    )
    assert fresh(session, Container, rejected.id).status == "stored"
    with pytest.raises(RuleViolation) as refused:
        waste.record_treatment(
            session=session, actor=chain.operator, manifest_id=manifest.id, method_code="D1"
        )
    assert refused.value.rule == "treatment.method_scope" and "D10" in refused.value.message
    waste.record_treatment(
        session=session, actor=chain.operator, manifest_id=manifest.id, method_code="D10"
    )
    assert fresh(session, Container, containers[0].id).status == "treated"
    assert fresh(session, Container, rejected.id).status == "stored"


def test_full_rejection_closes_without_treatment(session, registry, chain):
    manifest, _, ids = delivered(session, chain)
    outcome = waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        weights_kg={i: "200" for i in ids},
        rejected={i: "与申报不符" for i in ids},
    )
    assert outcome.manifest.status == "rejected"
    assert usage(session, line_id(registry)) == (0, 0)
    with pytest.raises(InvalidTransition):
        waste.record_treatment(
            session=session, actor=chain.operator, manifest_id=manifest.id, method_code="D10"
        )
    waste.close(session=session, actor=chain.operator, manifest_id=manifest.id)


def test_receipt_must_weigh_exactly_the_manifests_containers(session, chain):
    manifest, _, ids = delivered(session, chain)
    with pytest.raises(InvalidInput, match="weigh every container"):
        waste.record_receipt(
            session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg={ids[0]: "200"}
        )


# --- Visibility and revisions --------------------------------------------------------------------


def test_parties_and_regulators_see_a_manifest_others_do_not(session, registry, chain):
    manifest, _ = submitted(session, chain)
    for user in ("officer_a", "operator_b", "driver", "regulator_eco", "admin"):
        assert waste.get_manifest(session=session, actor=registry.users[user], manifest_id=manifest.id)
    outsider = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="91330604MA2BCDEF1M",
        name="无关公司",
        region_code="330604",
    )
    from hazchem.services.platform import auth

    user = auth.create_user(
        session=session,
        actor=None,
        username="outsider",
        password="x" * 12,
        role="ehs_officer",
        enterprise_id=outsider.id,
    )
    actor = auth.build_actor(session, user)
    with pytest.raises(Exception, match="not found"):
        waste.get_manifest(session=session, actor=actor, manifest_id=manifest.id)
    assert waste.list_manifests(session=session, actor=actor) == []
    assert len(waste.list_manifests(session=session, actor=chain.driver)) == 1


def test_revision_keeps_the_original_beside_the_new_value(session, chain):
    containers = make_stored(session, chain, count=1)
    manifest = draft(session, chain, containers, note="首批")
    with pytest.raises(RuleViolation, match="not signed"):
        waste.revise(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            field_name="note",
            new_value="x",
            reason="y",
        )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    with pytest.raises(InvalidInput):
        waste.revise(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            field_name="note",
            new_value="第一批",
            reason="",
        )
    with pytest.raises(InvalidInput):
        waste.revise(
            session=session,
            actor=chain.officer,
            manifest_id=manifest.id,
            field_name="declared_g",
            new_value="1",
            reason="x",
        )
    waste.revise(
        session=session,
        actor=chain.officer,
        manifest_id=manifest.id,
        field_name="note",
        new_value="第一批",
        reason="笔误",
    )
    revision = session.exec(select(Revision)).one()
    assert (revision.old_value, revision.new_value, revision.reason) == ("首批", "第一批", "笔误")
    assert fresh(session, Manifest, manifest.id).note == "第一批"

"""Checks before the waste moves: the receiving facility and the vehicle, at submit and at pick-up."""

from datetime import date

import pytest
from sqlmodel import select

from hazchem.domain.errors import InvalidInput, NotFound, RuleViolation
from hazchem.models import Facility, FacilityStock, Licence, Manifest, Vehicle, WasteStream
from hazchem.services import registry as reg
from hazchem.services import waste
from tests.services.conftest import TRANSFER_DATE, make_stored


def draft(session, chain, containers, facility=None, **kwargs):
    args = {
        "receiver_facility_id": (facility or chain.plant_b).id,
        "legs": [chain.leg],
        "transfer_date": TRANSFER_DATE,
        "planned_method": "D10",
    }
    args.update(kwargs)
    return waste.create_manifest(
        session=session, actor=chain.officer, container_ids=[c.id for c in containers], **args
    )


def fresh(session, model, id_):
    session.expire_all()
    return session.get(model, id_)


def reserved(session, facility_id):
    session.expire_all()
    row = session.get(FacilityStock, facility_id)
    return row.reserved_g if row else 0


def incinerator(session, registry, **capacities):
    return reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_b.id,
        name="焚烧处置车间",
        kind="incinerator",
        annual_capacity_kg=30_000_000,
        **capacities,
    )


def submit(session, chain, manifest):
    return waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)


def pick_up(session, chain, manifest, containers, on=None):
    ids = [c.digital_id for c in containers]
    return waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids, on=on)


# --- The facility can receive ------------------------------------------------------------------


def test_an_incinerator_with_no_storage_and_no_intake_is_refused_at_submit(session, registry, chain):
    burner = incinerator(session, registry)
    manifest = draft(session, chain, make_stored(session, chain, count=1), facility=burner)
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, manifest)
    assert refused.value.rule == "receiver.cannot_receive"
    assert "焚烧处置车间" in refused.value.message and "intake" in refused.value.message
    assert fresh(session, Manifest, manifest.id).status == "draft"
    assert reserved(session, burner.id) == 0


def test_a_direct_feed_incinerator_receives_within_its_daily_intake(session, registry, chain):
    burner = incinerator(session, registry, intake_rate_kg_per_day=500)
    containers = make_stored(session, chain, count=2, weight="200")
    manifest = draft(session, chain, containers, facility=burner)
    assert submit(session, chain, manifest).manifest.status == "submitted"
    assert reserved(session, burner.id) == 400_000
    pick_up(session, chain, manifest, containers)
    ids = [c.digital_id for c in containers]
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    assert waste.stock_g(session, burner.id) == 400_000 and reserved(session, burner.id) == 0
    # One more 200 kg would pass the 500 kg a day the feed takes.
    more = draft(session, chain, make_stored(session, chain, count=1, weight="200"), facility=burner)
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, more)
    assert refused.value.rule == "receiver.free_capacity"


# --- Free capacity less reservations -----------------------------------------------------------


def test_submit_reserves_capacity_and_refuses_what_others_reserved(session, registry, chain):
    plant = fresh(session, Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 500
    session.add(plant)
    session.commit()
    first_containers = make_stored(session, chain, count=2, weight="200")
    first = draft(session, chain, first_containers)
    submit(session, chain, first)
    assert reserved(session, plant.id) == 400_000
    assert fresh(session, Manifest, first.id).facility_reserved_g == 400_000
    second = draft(session, chain, make_stored(session, chain, count=1, weight="200"))
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, second)
    assert refused.value.rule == "receiver.free_capacity"
    figures = refused.value.details[0]
    assert (figures["free_g"], figures["reserved_g"], figures["asked_g"]) == (500_000, 400_000, 200_000)
    assert "乙公司" not in refused.value.message and "焚烧车间" in refused.value.message
    assert "0.4 t reserved" in refused.value.message and "0.2 t asked" in refused.value.message
    # A smaller load still fits beside the reservation.
    small = draft(session, chain, make_stored(session, chain, count=1, weight="100"))
    assert submit(session, chain, small).manifest.status == "submitted"
    assert reserved(session, plant.id) == 500_000


def test_cancelling_releases_the_reservation(session, registry, chain):
    plant = fresh(session, Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 300
    session.add(plant)
    session.commit()
    first = draft(session, chain, make_stored(session, chain, count=1, weight="200"))
    submit(session, chain, first)
    second = draft(session, chain, make_stored(session, chain, count=1, weight="200"))
    with pytest.raises(RuleViolation):
        submit(session, chain, second)
    waste.cancel(session=session, actor=chain.officer, manifest_id=first.id, reason="车辆改期")
    assert reserved(session, plant.id) == 0
    assert fresh(session, Manifest, first.id).facility_reserved_g == 0
    assert submit(session, chain, second).manifest.status == "submitted"
    assert reserved(session, plant.id) == 200_000


def test_arrival_turns_the_reservation_into_stock_and_acceptance_keeps_it_so(session, registry, chain):
    containers = make_stored(session, chain, count=2, weight="200")
    manifest = draft(session, chain, containers)
    submit(session, chain, manifest)
    pick_up(session, chain, manifest, containers)
    assert reserved(session, chain.plant_b.id) == 400_000  # still on the road
    ids = [c.digital_id for c in containers]
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    assert reserved(session, chain.plant_b.id) == 0
    assert waste.stock_g(session, chain.plant_b.id) == 400_000
    waste.record_receipt(
        session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg={i: "200" for i in ids}
    )
    assert reserved(session, chain.plant_b.id) == 0
    assert fresh(session, Manifest, manifest.id).facility_reserved_g == 0


def test_pickup_counts_the_manifests_own_reservation_but_not_a_shrunk_store(session, registry, chain):
    plant = fresh(session, Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 400
    session.add(plant)
    session.commit()
    containers = make_stored(session, chain, count=2, weight="200")
    manifest = draft(session, chain, containers)
    submit(session, chain, manifest)
    # The store is exactly full with this manifest's own reservation: pick-up goes ahead.
    assert pick_up(session, chain, manifest, containers).manifest.status == "in_transit"

    other_containers = make_stored(session, chain, count=1, weight="100")
    other = draft(session, chain, other_containers)
    plant = fresh(session, Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 600
    session.add(plant)
    session.commit()
    submit(session, chain, other)
    plant = fresh(session, Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 450  # the receiver re-declared a smaller store after submission
    session.add(plant)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        pick_up(session, chain, other, other_containers)
    assert refused.value.rule == "receiver.free_capacity"
    assert fresh(session, Manifest, other.id).status == "submitted"


def test_release_receiver_reservation_is_safe_to_call_twice(session, registry, chain):
    manifest = draft(session, chain, make_stored(session, chain, count=1, weight="200"))
    submit(session, chain, manifest)
    row = session.get(Manifest, manifest.id)
    waste.release_receiver_reservation(session, row)
    waste.release_receiver_reservation(session, row)
    session.commit()
    assert reserved(session, chain.plant_b.id) == 0


def test_a_manifest_submitted_before_reservations_takes_its_share_at_pickup(session, registry, chain):
    containers = make_stored(session, chain, count=1, weight="200")
    manifest = draft(session, chain, containers)
    submit(session, chain, manifest)
    # As a manifest in flight when reservations were introduced: it holds nothing yet.
    row, stock = fresh(session, Manifest, manifest.id), session.get(FacilityStock, chain.plant_b.id)
    row.facility_reserved_g, stock.reserved_g = 0, 0
    session.add_all([row, stock])
    session.commit()
    pick_up(session, chain, manifest, containers)
    assert reserved(session, chain.plant_b.id) == 200_000


# --- The method the facility can perform -------------------------------------------------------


def test_a_store_cannot_perform_incineration(session, registry, chain):
    manifest = draft(session, chain, make_stored(session, chain, count=1), facility=chain.store_b)
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, manifest)
    assert refused.value.rule == "receiver.method_facility"
    assert "D10" in refused.value.message and "乙公司危废库" in refused.value.message
    # Stored there without a planned method, the store receives it.
    stored = draft(
        session, chain, make_stored(session, chain, count=1), facility=chain.store_b, planned_method=None
    )
    assert submit(session, chain, stored).manifest.status == "submitted"


def test_a_method_outside_the_licence_is_refused_even_where_the_kind_could(session, registry, chain):
    manifest = draft(session, chain, make_stored(session, chain, count=1), planned_method="R1")
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, manifest)
    assert refused.value.rule == "submit.receiver_licence"


def test_check_receiving_facility_takes_plain_fields_for_another_receiver(session, registry, chain):
    ask = waste.Consignment(waste_code="900-249-08", mode="dispose", planned_method="D10", quantity_g=1_000)
    checked = waste.check_receiving_facility(
        session, consignment=ask, facility=chain.plant_b, on=TRANSFER_DATE, stage="redirect"
    )
    assert checked.coverage.licence.number == "浙危废经第3306000001号"
    with pytest.raises(RuleViolation) as refused:
        waste.check_receiving_facility(
            session, consignment=ask, facility=chain.plant_b, on=date(2029, 1, 1), stage="redirect"
        )
    assert refused.value.rule == "redirect.receiver_licence"
    session.rollback()


def test_pickup_rechecks_the_receivers_licence_on_the_pickup_date(session, registry, chain):
    containers = make_stored(session, chain, count=1)
    manifest = draft(session, chain, containers)
    submit(session, chain, manifest)
    with pytest.raises(RuleViolation) as refused:
        pick_up(session, chain, manifest, containers, on=date(2029, 1, 2))
    assert refused.value.rule in {"pickup.receiver_licence", "pickup.vehicle_qualification"}
    licence = session.get(Licence, registry.hw_licence.licence.id)
    licence.valid_to = date(2026, 6, 10)
    session.add(licence)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        pick_up(session, chain, manifest, containers, on=date(2026, 6, 11))
    assert refused.value.rule == "pickup.receiver_licence"
    assert pick_up(session, chain, manifest, containers, on=date(2026, 6, 10)).manifest.status == "in_transit"


# --- The vehicle fits the load -----------------------------------------------------------------


def toxic_stream(session, registry, chain, transport=None):
    return waste.create_stream(
        session=session,
        actor=chain.officer,
        enterprise_id=registry.ent_a.id,
        waste_code="900-249-08",
        name="含氰废油",
        form="liquid",
        **(
            transport
            if transport is not None
            else {"dg_class": "6.1", "un_number": "2810", "packing_group": "II"}
        ),
    )


def test_a_vehicle_whose_classes_do_not_cover_the_stream_is_refused_at_submit(session, registry, chain):
    stream = toxic_stream(session, registry, chain)
    manifest = draft(session, chain, make_stored(session, chain, count=1, stream=stream))
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, manifest)
    assert refused.value.rule == "transport.vehicle_dg_class"
    assert "浙D12345" in refused.value.message and "6.1" in refused.value.message
    assert refused.value.details[0]["vehicle_classes"] == ["3", "8", "9"]
    vehicle = session.get(Vehicle, registry.vehicle.id)
    vehicle.dg_classes = ["3", "6.1", "8", "9"]
    session.add(vehicle)
    session.commit()
    # The vehicle is approved now; the carrier's licence must still cover 6.1.
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, manifest)
    assert refused.value.rule == "submit.carrier_licence"


def test_the_vehicle_is_checked_again_at_pickup(session, registry, chain):
    containers = make_stored(session, chain, count=1)
    manifest = draft(session, chain, containers)
    submit(session, chain, manifest)
    vehicle = session.get(Vehicle, registry.vehicle.id)
    vehicle.dg_classes = ["6.1", "8"]
    session.add(vehicle)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        pick_up(session, chain, manifest, containers)
    assert refused.value.rule == "transport.vehicle_dg_class"
    vehicle = session.get(Vehicle, registry.vehicle.id)
    vehicle.dg_classes = ["3"]
    session.add(vehicle)
    session.commit()
    assert pick_up(session, chain, manifest, containers).manifest.status == "in_transit"


def test_a_stream_without_transport_data_is_refused_and_not_dg_is_carried(session, registry, chain):
    containers = make_stored(session, chain, count=1)
    manifest = draft(session, chain, containers)
    stream = session.get(WasteStream, chain.oil.id)
    stream.dg_class = stream.un_number = stream.packing_group = None  # as registered before the data
    session.add(stream)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        submit(session, chain, manifest)
    assert refused.value.rule == "transport.stream_unclassified"
    waste.set_stream_transport(
        session=session, actor=chain.officer, stream_id=chain.oil.id, not_dg_reason="闪点高于60 °C"
    )
    assert submit(session, chain, manifest).manifest.status == "submitted"


def test_the_carriers_licence_is_checked_again_on_the_pickup_date(session, registry, chain):
    containers = make_stored(session, chain, count=1)
    manifest = draft(session, chain, containers)
    submit(session, chain, manifest)
    licence = session.get(Licence, chain.transport.licence.id)
    licence.valid_to = date(2026, 6, 3)
    session.add(licence)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        pick_up(session, chain, manifest, containers, on=date(2026, 6, 4))
    assert refused.value.rule == "pickup.carrier_licence"
    assert "2026-06-04" in refused.value.message
    assert pick_up(session, chain, manifest, containers, on=date(2026, 6, 3)).manifest.status == "in_transit"


# --- Streams record their transport data -------------------------------------------------------


def test_stream_transport_data_is_validated(session, registry, chain):
    for bad, field in (
        ({}, "dg_class"),
        ({"dg_class": "3", "not_dg_reason": "x"}, "not_dg_reason"),
        ({"dg_class": "3.1"}, "dg_class"),
        ({"dg_class": "6.1", "un_number": "281"}, "un_number"),
        ({"dg_class": "8", "packing_group": "IV"}, "packing_group"),
        ({"dg_class": "2.1", "packing_group": "II"}, "packing_group"),
        ({"not_dg_reason": "x", "un_number": "1993"}, "un_number"),
    ):
        with pytest.raises(InvalidInput) as refused:
            toxic_stream(session, registry, chain, bad)
        assert refused.value.details[0]["field"] == field, bad
        session.rollback()
    good = toxic_stream(
        session, registry, chain, {"dg_class": "6.1", "un_number": "UN 2810", "packing_group": "ii"}
    )
    assert (good.dg_class, good.un_number, good.packing_group) == ("6.1", "2810", "II")


def test_only_the_streams_own_officers_change_its_transport_data(session, registry, chain):
    with pytest.raises(NotFound):
        waste.set_stream_transport(
            session=session, actor=registry.users["officer_b"], stream_id=chain.oil.id, dg_class="9"
        )
    session.rollback()
    changed = waste.set_stream_transport(
        session=session, actor=chain.officer, stream_id=chain.oil.id, dg_class="9", un_number="3082"
    )
    assert (changed.dg_class, changed.un_number, changed.packing_group) == ("9", "3082", None)
    assert session.exec(select(WasteStream).where(WasteStream.id == chain.oil.id)).one().dg_class == "9"


def test_a_put_away_cannot_take_capacity_reserved_for_waste_on_its_way(session, registry, chain):
    store = fresh(session, Facility, chain.store_b.id)
    store.storage_capacity_kg = 500
    session.add(store)
    session.commit()
    manifest = draft(
        session,
        chain,
        make_stored(session, chain, count=2, weight="200"),
        facility=chain.store_b,
        planned_method=None,
    )
    submit(session, chain, manifest)
    own_officer = registry.users["officer_b"]
    own_stream = waste.create_stream(
        session=session,
        actor=own_officer,
        enterprise_id=registry.ent_b.id,
        waste_code="900-249-08",
        name="设备检修废油",
        form="liquid",
        dg_class="3",
    )

    def own_container(kg):
        (made,) = waste.create_containers(
            session=session,
            actor=own_officer,
            stream_id=own_stream.id,
            packaging="钢桶",
            volume_l=200,
            net_weight_kg=kg,
            gen_date=date(2026, 5, 1),
        )
        return made

    big = own_container("150")
    with pytest.raises(RuleViolation) as refused:
        waste.put_away(session=session, actor=own_officer, container_id=big.id, facility_id=chain.store_b.id)
    assert refused.value.rule == "storage.capacity" and "reserved for manifests in flight 0.4 t" in (
        refused.value.message
    )
    small = own_container("100")
    waste.put_away(session=session, actor=own_officer, container_id=small.id, facility_id=chain.store_b.id)
    assert waste.stock_g(session, chain.store_b.id) == 100_000

"""Twenty simultaneous deliveries into a nearly full 3 t store: exactly the ones that fit are taken in,
nothing is over-booked, and every other manifest has a way forward, which the test then walks."""

from sqlmodel import select

from hazchem.domain.errors import HazchemError
from hazchem.models import Facility, FacilityStock, Manifest
from hazchem.services import waste
from tests.services.conftest import TRANSFER_DATE, make_stored
from tests.services.exc_world import alternate, operator_of
from tests.services.test_concurrency import run_together

CLIENTS = 20


def test_twenty_deliveries_into_a_nearly_full_store_leave_none_stranded(session, db, registry, chain):
    plant = session.get(Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 10_000  # room for all twenty when they are submitted and picked up
    session.add(plant)
    session.add(FacilityStock(facility_id=plant.id, stock_g=1_000_000))
    session.commit()
    loads = []
    for _ in range(CLIENTS):
        container = make_stored(session, chain, count=1, weight="200")[0]
        manifest = waste.create_manifest(
            session=session,
            actor=chain.officer,
            container_ids=[container.id],
            receiver_facility_id=plant.id,
            legs=[chain.leg],
            transfer_date=TRANSFER_DATE,
            planned_method="D10",
        )
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
        waste.pick_up(
            session=session, actor=chain.driver, manifest_id=manifest.id, scanned=[container.digital_id]
        )
        loads.append((manifest.id, container.digital_id))
    # While they are on the road the store shrinks to 3 t, 1 t of it taken: room for ten 200 kg loads.
    plant = session.get(Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 3000
    session.add(plant)
    session.commit()
    operator = chain.operator
    results = run_together(
        db,
        [
            (
                lambda own, mid=mid, cid=cid: waste.deliver(
                    session=own, actor=operator, manifest_id=mid, scanned=[cid]
                )
            )
            for mid, cid in loads
        ],
    )
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, HazchemError)]
    refused = [loads[i] for i, r in enumerate(results) if isinstance(r, HazchemError)]
    assert {r.rule for r in results if isinstance(r, HazchemError)} == {"arrival.receiver_storage_capacity"}
    assert len(refused) == CLIENTS - 10
    session.rollback()  # end the read snapshot taken before the threads wrote
    session.expire_all()
    assert session.get(FacilityStock, plant.id).stock_g == 3_000_000  # full, never over
    parties = [chain.officer, chain.driver, chain.operator]
    for mid, _ in refused:
        assert "refuse" in waste.manifest_actions_for(session, chain.operator, mid)

    # Walk every manifest forward: half the refused loads to an alternate receiver, half back home.
    alt, alt_store = alternate(session, registry)
    alt_operator = operator_of(session, alt)
    for index, (mid, cid) in enumerate(refused):
        waste.refuse_at_gate(session=session, actor=chain.operator, manifest_id=mid, reason="over_capacity")
        if index % 2:
            waste.return_to_generator(session=session, actor=chain.officer, manifest_id=mid, reason="退回")
            waste.receive_return(
                session=session,
                actor=chain.officer,
                manifest_id=mid,
                facility_id=chain.store_a.id,
                scanned=[cid],
            )
        else:
            waste.redirect(
                session=session, actor=chain.officer, manifest_id=mid, facility_id=alt_store.id, reason="改送"
            )
            _finish(session, alt_operator, mid, cid)
    for mid, cid in loads:
        if (mid, cid) not in refused:
            _finish(session, chain.operator, mid, cid)
    session.expire_all()
    manifests = session.exec(select(Manifest)).all()
    assert {m.status for m in manifests} == {"closed", "returned"}
    assert all(waste.weight_balance(session, m).balances for m in manifests)
    assert all(waste.actionable(session, m, [*parties, alt_operator]) for m in manifests)


def _finish(session, operator, manifest_id, digital_id):
    manifest = session.get(Manifest, manifest_id)
    if manifest.status == "in_transit":
        waste.deliver(session=session, actor=operator, manifest_id=manifest_id, scanned=[digital_id])
    waste.record_receipt(
        session=session, actor=operator, manifest_id=manifest_id, weights_kg={digital_id: "200"}
    )
    waste.record_treatment(session=session, actor=operator, manifest_id=manifest_id, method_code="D10")
    waste.close(session=session, actor=operator, manifest_id=manifest_id)

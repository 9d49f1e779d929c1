"""Concurrent clients never book more than a licence line allows, and a pick-up happens once."""

import threading

from sqlmodel import Session, func, select

from hazchem.domain.errors import HazchemError
from hazchem.models import (
    Event,
    Facility,
    FacilityStock,
    LicenceLineUsage,
    LicenceScopeLine,
    Manifest,
    Signature,
)
from hazchem.services import waste
from tests.services.conftest import TRANSFER_DATE, make_stored

CLIENTS = 12


def run_together(engine, calls):
    """Run each call in its own thread and session, released at the same moment."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                results[index] = call(own)
            except HazchemError as exc:
                results[index] = exc
            except Exception as exc:  # surfaced by the assertions below, not lost in the thread
                results[index] = exc

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_submissions_never_exceed_the_licensed_scale(session, db, registry, chain):
    line = session.get(LicenceScopeLine, registry.hw_licence.lines[0].id)
    line.annual_scale_kg = 1000  # room for exactly five 200 kg manifests
    session.add(line)
    session.commit()
    drafts = []
    for _ in range(CLIENTS):
        containers = make_stored(session, chain, count=1, weight="200")
        drafts.append(
            waste.create_manifest(
                session=session,
                actor=chain.officer,
                container_ids=[containers[0].id],
                receiver_facility_id=chain.plant_b.id,
                legs=[chain.leg],
                transfer_date=TRANSFER_DATE,
            )
        )
    officer = chain.officer
    ids = [m.id for m in drafts]  # read here: the threads must not touch this test's session
    results = run_together(
        db,
        [(lambda own, mid=mid: waste.submit(session=own, actor=officer, manifest_id=mid)) for mid in ids],
    )
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, HazchemError)]
    refused = [r for r in results if isinstance(r, HazchemError)]
    assert len(refused) == CLIENTS - 5
    assert {getattr(r, "rule", None) for r in refused} == {"licence.annual_scale"}
    session.rollback()  # end the read snapshot taken before the threads wrote
    session.expire_all()
    usage = session.get(LicenceLineUsage, (line.id, TRANSFER_DATE.year))
    assert usage.in_flight_g == 1_000_000
    submitted = session.exec(select(func.sum(Manifest.reserved_g))).one()
    assert submitted == usage.in_flight_g


def test_two_simultaneous_pickup_scans_record_one_transition(session, db, registry, chain):
    containers = make_stored(session, chain, count=2, weight="100")
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    ids = [c.digital_id for c in containers]
    driver, manifest_id = chain.driver, manifest.id  # the threads must not touch this test's session
    results = run_together(
        db,
        [
            (lambda own: waste.pick_up(session=own, actor=driver, manifest_id=manifest_id, scanned=ids))
            for _ in range(2)
        ],
    )
    assert [type(r).__name__ for r in results].count("Outcome") == 1
    assert [type(r).__name__ for r in results].count("InvalidTransition") == 1
    session.rollback()  # end the read snapshot taken before the threads wrote
    session.expire_all()
    assert session.get(Manifest, manifest.id).status == "in_transit"
    carrier_signatures = session.exec(
        select(Signature).where(Signature.manifest_id == manifest.id, Signature.section == "carrier")
    ).all()
    assert len(carrier_signatures) == 1
    loads = session.exec(
        select(func.count()).select_from(Event).where(Event.action == "container.load")
    ).one()
    assert loads == 2


def test_audit_chain_stays_linear_under_concurrent_writers(session, db, registry, chain):
    from hazchem.services.platform import audit

    drafts = []
    for _ in range(6):
        containers = make_stored(session, chain, count=1, weight="10")
        drafts.append(
            waste.create_manifest(
                session=session,
                actor=chain.officer,
                container_ids=[containers[0].id],
                receiver_facility_id=chain.plant_b.id,
                legs=[chain.leg],
                transfer_date=TRANSFER_DATE,
            )
        )
    officer = chain.officer
    ids = [m.id for m in drafts]
    run_together(
        db,
        [(lambda own, mid=mid: waste.submit(session=own, actor=officer, manifest_id=mid)) for mid in ids],
    )
    session.rollback()  # end the read snapshot taken before the threads wrote
    session.expire_all()
    assert audit.verify_chain(session=session).ok


def test_two_submissions_racing_for_the_last_capacity_book_it_once(session, db, registry, chain):
    plant = session.get(Facility, chain.plant_b.id)
    plant.storage_capacity_kg = 300  # room for one 200 kg manifest
    session.add(plant)
    session.commit()
    drafts = []
    for _ in range(2):
        containers = make_stored(session, chain, count=1, weight="200")
        drafts.append(
            waste.create_manifest(
                session=session,
                actor=chain.officer,
                container_ids=[containers[0].id],
                receiver_facility_id=chain.plant_b.id,
                legs=[chain.leg],
                transfer_date=TRANSFER_DATE,
            )
        )
    officer, facility_id = chain.officer, chain.plant_b.id
    ids = [m.id for m in drafts]
    results = run_together(
        db,
        [(lambda own, mid=mid: waste.submit(session=own, actor=officer, manifest_id=mid)) for mid in ids],
    )
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, HazchemError)]
    refused = [r for r in results if isinstance(r, HazchemError)]
    assert [getattr(r, "rule", None) for r in refused] == ["receiver.free_capacity"]
    session.rollback()
    session.expire_all()
    assert session.get(FacilityStock, facility_id).reserved_g == 200_000
    held = session.exec(select(func.sum(Manifest.facility_reserved_g))).one()
    assert held == 200_000

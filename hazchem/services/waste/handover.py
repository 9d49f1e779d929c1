"""Hand-overs: pick-up by the carrier, arrival, weighing and acceptance, treatment and closing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session

from hazchem.domain import custody as rules
from hazchem.domain.alerting import DEFAULT_LONG_LEG_HOURS
from hazchem.domain.errors import InvalidInput, RuleViolation
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.domain.lifecycle import (
    ContainerAction,
    ManifestAction,
    next_container_status,
)
from hazchem.domain.receiving import receiving_limit_kg
from hazchem.domain.units import kg_to_g
from hazchem.models import (
    Driver,
    Facility,
    LicenceScopeLine,
    Vehicle,
    WasteStream,
)
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.alerts import facility_use, long_leg, weight_discrepancy
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg
from hazchem.services.waste.containers import locked_stock, record_container_event
from hazchem.services.waste.manifests import (
    Outcome,
    live_containers,
    lock_manifest,
    manifest_legs,
    release_reservation,
    sign,
    transition,
)
from hazchem.services.waste.receiving import (
    check_receiving_facility,
    release_receiver_reservation,
    reserve_receiver_capacity,
)
from hazchem.services.waste.transport import check_carrier_licence, check_vehicle_load


def _scanned_ids(scanned: Sequence[str]) -> list[str]:
    return [str(digital_id_from_scan(s)) for s in scanned]


@use_case("manifest.*", "container.*")
def pick_up(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    scanned: Sequence[str],
    leg_seq: int = 1,
    on: date | None = None,
) -> Outcome:
    """The carrier scans exactly the manifest's containers; the load and the receiver are checked again."""
    ids = _scanned_ids(scanned)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.PICK_UP)
    rows = live_containers(session, manifest.id)
    rules.check_container_set([c.digital_id for _, c in rows], ids)
    legs = {leg.seq: leg for leg in manifest_legs(session, manifest.id)}
    leg = legs.get(leg_seq)
    if leg is None:
        raise InvalidInput(
            msg.NO_SUCH_LEG, details=[{"field": "leg_seq"}], manifest=manifest.number, leg=leg_seq
        )
    on = on or park_today(actor)
    vehicle, driver = session.get(Vehicle, leg.vehicle_id), session.get(Driver, leg.driver_id)
    rules.check_qualified("vehicle", vehicle.plate, vehicle.valid_to, on)
    rules.check_qualified("driver", driver.name, driver.valid_to, on)
    stream = session.get(WasteStream, manifest.stream_id)
    check_vehicle_load(vehicle, stream)
    check_carrier_licence(session, carrier_id=leg.carrier_id, stream=stream, on=on, stage="pickup")
    checked = check_receiving_facility(
        session,
        consignment=manifest,
        facility=session.get(Facility, manifest.receiver_facility_id),
        on=on,
        stage="pickup",
    )
    # A manifest submitted before reservations existed holds none yet: it takes its share now.
    reserve_receiver_capacity(session, manifest, checked.stock)
    stamp = clock.now()
    for _, container in rows:
        snapshot = {"status": container.status, "facility_id": container.facility_id}
        new_status = next_container_status(container.status, ContainerAction.LOAD)
        if container.facility_id is not None:
            stock = locked_stock(session, container.facility_id)
            stock.stock_g -= container.net_weight_g
            session.add(stock)
        container.status, container.facility_id = new_status.value, None
        session.add(container)
        record_container_event(
            session, actor, "load", container, snapshot, manifest=manifest.number, vehicle=vehicle.plate
        )
    leg.picked_up_at = stamp
    session.add(leg)
    manifest.picked_up_at = stamp
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.PICK_UP, before, vehicle=vehicle.plate, driver=driver.name)
    return Outcome(manifest)


@use_case("manifest.*", "container.*")
def deliver(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    scanned: Sequence[str],
    long_leg_hours: int = DEFAULT_LONG_LEG_HOURS,
) -> Outcome:
    """The receiver scans the arriving containers into its facility, within its storage capacity."""
    ids = _scanned_ids(scanned)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.DELIVER)
    rows = live_containers(session, manifest.id)
    try:
        rules.check_container_set([c.digital_id for _, c in rows], ids)
    except RuleViolation as exc:
        raise RuleViolation("arrival.container_set", exc.said, details=exc.details) from None
    facility = session.get(Facility, manifest.receiver_facility_id)
    stock = locked_stock(session, facility.id)
    # What arrives: the declaration less any container lost on the way.
    arriving_g = sum(mc.declared_g for mc, _ in rows)
    try:
        rules.check_storage_capacity(
            facility.name,
            receiving_limit_kg(facility.storage_capacity_kg, facility.intake_rate_kg_per_day),
            stock.stock_g,
            arriving_g,
        )
    except RuleViolation as exc:
        raise RuleViolation("arrival.receiver_storage_capacity", exc.said, details=exc.details) from None
    # The waste now counts as stock, so what was held for it on the way is given back.
    release_receiver_reservation(session, manifest)
    facility_use(session, facility=facility, before_g=stock.stock_g, after_g=stock.stock_g + arriving_g)
    stock.stock_g += arriving_g
    session.add(stock)
    stamp = clock.now()
    for _, container in rows:
        snapshot = {"status": container.status, "facility_id": container.facility_id}
        container.status = next_container_status(container.status, ContainerAction.RECEIVE).value
        container.facility_id, container.stored_at = facility.id, stamp
        session.add(container)
        record_container_event(
            session, actor, "receive", container, snapshot, manifest=manifest.number, facility=facility.name
        )
    for leg in manifest_legs(session, manifest.id):
        leg.delivered_at = leg.delivered_at or stamp
        session.add(leg)
        long_leg(session, leg=leg, manifest=manifest, end=leg.delivered_at, hours=long_leg_hours)
    manifest.delivered_at = stamp
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.DELIVER, before)
    return Outcome(manifest)


@use_case("manifest.*", "container.*")
def record_receipt(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    weights_kg: Mapping[str, str],
    rejected: Mapping[str, str] | None = None,
    anomaly_note: str = "",
    tolerance: Any = rules.DEFAULT_TOLERANCE,
) -> Outcome:
    """Weigh every container, accept or reject each with a reason; deviations beyond tolerance need a note."""
    rejected = {str(digital_id_from_scan(k)): v for k, v in (rejected or {}).items()}
    weights = {str(digital_id_from_scan(k)): kg_to_g(v, f"weight of {k}") for k, v in weights_kg.items()}
    manifest = lock_manifest(session, actor, manifest_id)
    rows = live_containers(session, manifest.id)
    by_id = {c.digital_id: (mc, c) for mc, c in rows}
    unknown = sorted((set(weights) | set(rejected)) - set(by_id))
    missing = sorted(set(by_id) - set(weights))
    if unknown or missing:
        raise InvalidInput(
            msg.WEIGH_EVERY_CONTAINER,
            details=[{"missing": missing, "not_on_manifest": unknown}],
        )
    blank = [cid for cid, reason in rejected.items() if not (reason or "").strip()]
    if blank:
        raise InvalidInput(msg.REJECTION_NEEDS_REASON, details=[{"containers": blank}])
    deviations = [
        {
            "container": cid,
            "declared_g": mc.declared_g,
            "weighed_g": weights[cid],
            "deviation_percent": str((rules.weight_deviation(mc.declared_g, weights[cid]) * 100).quantize(1)),
        }
        for cid, (mc, _) in by_id.items()
        if rules.is_weight_anomaly(mc.declared_g, weights[cid], tolerance)
    ]
    if deviations and not anomaly_note.strip():
        raise RuleViolation(
            "receipt.weight_tolerance",
            msg.WEIGHT_TOLERANCE(
                count=len(deviations),
                tolerance=f"{tolerance * 100:.0f}",
                containers=", ".join(f"{d['container']} ({d['deviation_percent']} %)" for d in deviations),
            ),
            details=deviations,
        )
    accepted_ids = [cid for cid in by_id if cid not in rejected]
    action = (
        ManifestAction.ACCEPT
        if not rejected
        else ManifestAction.REJECT
        if not accepted_ids
        else ManifestAction.ACCEPT_PART
    )
    before = transition(session, actor, manifest, action)
    stock = locked_stock(session, manifest.receiver_facility_id)
    stock_before = stock.stock_g
    accepted_g = 0
    for cid, (mc, container) in by_id.items():
        mc.weighed_g = weights[cid]
        mc.accepted = cid not in rejected
        mc.note = (rejected.get(cid) or "").strip()
        session.add(mc)
        stock.stock_g += weights[cid] - mc.declared_g
        if mc.accepted:
            accepted_g += weights[cid]
        else:
            snapshot = {"status": container.status, "facility_id": container.facility_id}
            container.status = next_container_status(container.status, ContainerAction.REJECT).value
            container.facility_id = None
            stock.stock_g -= weights[cid]
            session.add(container)
            record_container_event(
                session, actor, "reject", container, snapshot, manifest=manifest.number, reason=mc.note
            )
    session.add(stock)
    facility_use(
        session,
        facility=session.get(Facility, manifest.receiver_facility_id),
        before_g=stock_before,
        after_g=stock.stock_g,
    )
    weight_discrepancy(session, manifest=manifest, deviations=deviations, tolerance=tolerance)
    release_reservation(session, manifest, accepted_g)
    manifest.received_g = sum(weights.values())
    manifest.accepted_g = accepted_g
    manifest.anomaly = bool(deviations)
    manifest.anomaly_note = anomaly_note.strip()
    manifest.accepted_at = clock.now()
    session.add(manifest)
    sign(
        session,
        actor,
        manifest,
        action,
        before,
        received_g=manifest.received_g,
        accepted_g=accepted_g,
        anomalies=deviations,
        rejected=sorted(rejected),
    )
    warnings = []
    for d in deviations:
        said = msg.WEIGHT_DEVIATION(container=d["container"], deviation=d["deviation_percent"])
        warnings.append({"rule": "receipt.weight_tolerance", **d, "message": str(said), **said.as_dict()})
    return Outcome(manifest, warnings)


@use_case("manifest.*", "container.*")
def record_treatment(*, session: Session, actor: Actor, manifest_id: int, method_code: str) -> Outcome:
    """Record the R/D method; it must be within the receiver's licence scope line."""
    method = (method_code or "").strip().upper()
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.TREAT)
    line = session.get(LicenceScopeLine, manifest.licence_line_id) if manifest.licence_line_id else None
    if line is None or method not in line.method_codes:
        allowed = ", ".join(line.method_codes) if line else msg.NO_LICENSED_METHOD()
        raise RuleViolation(
            "treatment.method_scope",
            msg.METHOD_OUT_OF_SCOPE(
                method=method or msg.NO_METHOD(), waste_code=manifest.waste_code, allowed=allowed
            ),
            details=[{"method": method, "licensed": list(line.method_codes) if line else []}],
        )
    stock = locked_stock(session, manifest.receiver_facility_id)
    for mc, container in live_containers(session, manifest.id):
        if not mc.accepted:
            continue
        snapshot = {"status": container.status, "facility_id": container.facility_id}
        container.status = next_container_status(container.status, ContainerAction.TREAT).value
        container.facility_id = None
        stock.stock_g -= mc.weighed_g or 0
        session.add(container)
        record_container_event(
            session, actor, "treat", container, snapshot, manifest=manifest.number, method=method
        )
    session.add(stock)
    manifest.treatment_method = method
    manifest.treated_at = clock.now()
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.TREAT, before, method=method)
    return Outcome(manifest)


@use_case("manifest.*")
def close(*, session: Session, actor: Actor, manifest_id: int) -> Outcome:
    """Close a treated (or wholly rejected) manifest: the record is complete."""
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.CLOSE)
    manifest.closed_at = clock.now()
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.CLOSE, before)
    return Outcome(manifest)

"""Custody exceptions on the road: refusal at the gate, redirect to an alternate receiver, return to the
generator and a change of vehicle or driver. Each is a signed action that seals what it records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, select

from hazchem.domain import custody as rules
from hazchem.domain.errors import Forbidden, InvalidInput, Message, NotFound, RuleViolation
from hazchem.domain.identifiers import digital_id_from_scan, manifest_number
from hazchem.domain.lifecycle import (
    ContainerAction,
    ManifestAction,
    ManifestStatus,
    next_container_status,
    next_custody_request_status,
    next_manifest_status,
)
from hazchem.domain.vocab import GateRefusalReason
from hazchem.models import (
    CustodyRequest,
    Driver,
    Enterprise,
    Facility,
    GateRefusal,
    LicenceLineUsage,
    Manifest,
    ManifestContainer,
    Signature,
    TransportLeg,
    Vehicle,
    WasteStream,
)
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.alerts import facility_use
from hazchem.services.platform.rows import next_counter
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg
from hazchem.services.waste.containers import (
    check_put_away,
    record_container_event,
    segregation_matrix,
)
from hazchem.services.waste.manifests import (
    LegInput,
    Outcome,
    live_containers,
    lock_manifest,
    manifest_legs,
    release_receiver_reservation,
    release_reservation,
    sign,
    transition,
)
from hazchem.services.waste.transport import check_carrier_licence, check_vehicle_load

MAX_NOTE = 2000


def note_text(value: str | None, field: str, what: Message, required: bool = True) -> str:
    """A stripped free text within bounds (required unless said otherwise); `what` names it in refusals."""
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(msg.TEXT_REQUIRED, details=[{"field": field}], what=what)
    if len(text) > MAX_NOTE:
        raise InvalidInput(msg.TEXT_TOO_LONG, details=[{"field": field}], what=what, max=MAX_NOTE)
    return text


def scanned_ids(scanned: Sequence[str]) -> list[str]:
    """Digital IDs from scanned label texts or URLs."""
    return [str(digital_id_from_scan(s)) for s in scanned]


def _check_set(rule: str, expected: Sequence[str], scanned: Sequence[str]) -> None:
    try:
        rules.check_container_set(expected, scanned)
    except RuleViolation as exc:
        raise RuleViolation(rule, exc.said, details=exc.details) from None


def release_part(session: Session, manifest: Manifest, grams: int) -> None:
    """Take `grams` of a manifest's reservation out of flight (what was refused or lost will not arrive)."""
    if manifest.licence_line_id is None or not manifest.reserved_g or grams <= 0:
        return
    grams = min(grams, manifest.reserved_g)
    usage = session.exec(
        select(LicenceLineUsage)
        .where(
            LicenceLineUsage.line_id == manifest.licence_line_id,
            LicenceLineUsage.year == manifest.reserved_year,
        )
        .with_for_update()
    ).one()
    usage.in_flight_g -= grams
    session.add(usage)
    manifest.reserved_g -= grams


# --- Legs -----------------------------------------------------------------------------------------


def check_leg(session: Session, leg: LegInput, on: date) -> tuple[Enterprise, Vehicle, Driver]:
    """A new leg's carrier, vehicle and driver: they belong together, are qualified on `on`, and the
    carrier holds a road dangerous-goods transport licence for the waste's class."""
    carrier = session.get(Enterprise, leg.carrier_id)
    vehicle = session.get(Vehicle, leg.vehicle_id)
    driver = session.get(Driver, leg.driver_id)
    if carrier is None or vehicle is None or driver is None:
        raise InvalidInput(msg.LEG_PARTY_UNKNOWN, details=[{"field": "leg"}])
    if vehicle.carrier_id != carrier.id or driver.carrier_id != carrier.id:
        raise InvalidInput(msg.LEG_CREW_CARRIER, details=[{"field": "leg"}], carrier=carrier.name)
    rules.check_qualified("vehicle", vehicle.plate, vehicle.valid_to, on)
    rules.check_qualified("driver", driver.name, driver.valid_to, on)
    return carrier, vehicle, driver


def new_leg(session: Session, manifest: Manifest, leg: LegInput | None, on: date) -> TransportLeg:
    """End the current leg here and start the next one (the same crew unless another is named), whose
    vehicle must carry the waste's class and whose carrier must hold the transport licence for it."""
    legs = manifest_legs(session, manifest.id)
    last = legs[-1]
    leg = leg or LegInput(carrier_id=last.carrier_id, vehicle_id=last.vehicle_id, driver_id=last.driver_id)
    carrier, vehicle, _ = check_leg(session, leg, on)
    stream = session.get(WasteStream, manifest.stream_id)
    check_vehicle_load(vehicle, stream)
    check_carrier_licence(session, carrier_id=carrier.id, stream=stream, on=on, stage="leg")
    stamp = clock.now()
    last.delivered_at = last.delivered_at or stamp
    session.add(last)
    row = TransportLeg(
        manifest_id=manifest.id,
        seq=last.seq + 1,
        carrier_id=leg.carrier_id,
        vehicle_id=leg.vehicle_id,
        driver_id=leg.driver_id,
        picked_up_at=stamp,
    )
    session.add(row)
    session.flush()
    return row


def leg_facts(session: Session, leg: TransportLeg) -> dict[str, object]:
    return {
        "leg": leg.seq,
        "carrier_id": leg.carrier_id,
        "vehicle": session.get(Vehicle, leg.vehicle_id).plate,
        "driver": session.get(Driver, leg.driver_id).name,
    }


@use_case("manifest.*", "container.*")
def change_leg(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    leg: LegInput,
    scanned: Sequence[str],
    reason: str,
) -> Outcome:
    """The carrier moves the load to another vehicle or driver (breakdown, shift change): a new leg,
    checked like a pick-up, with every container scanned onto it."""
    why = note_text(reason, "reason", msg.CHANGE_REASON)
    ids = scanned_ids(scanned)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.CHANGE_LEG)
    rows = live_containers(session, manifest.id)
    _check_set("leg.container_set", [c.digital_id for _, c in rows], ids)
    row = new_leg(session, manifest, leg, park_today(actor))
    facts = leg_facts(session, row)
    for _, container in rows:
        record_container_event(
            session, actor, "transfer", container, None, manifest=manifest.number, vehicle=facts["vehicle"]
        )
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.CHANGE_LEG, before, reason=why, **facts)
    return Outcome(manifest)


# --- Refusal at the gate --------------------------------------------------------------------------


def _refusal_reason(value: str) -> GateRefusalReason:
    try:
        return GateRefusalReason(value)
    except ValueError:
        allowed = ", ".join(r.value for r in GateRefusalReason)
        raise InvalidInput(
            msg.UNKNOWN_REFUSAL_REASON, details=[{"field": "reason"}], reason=repr(value), allowed=allowed
        ) from None


@use_case("manifest.*", "container.*")
def refuse_at_gate(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    reason: str,
    note: str = "",
    containers: Sequence[str] | None = None,
) -> Outcome:
    """The receiver refuses the load at its gate, whole or in part; refused containers stay on the vehicle.

    A whole refusal leaves the manifest refused (the generator redirects or takes it back); a partial
    one splits the refused containers off into a new manifest that starts refused, while the rest goes
    on to delivery. The refusal is kept as the receiver signed it."""
    why = _refusal_reason(reason)
    text = note_text(note, "note", msg.REFUSAL_NOTE, required=False)
    manifest = lock_manifest(session, actor, manifest_id)
    rows = live_containers(session, manifest.id)
    by_id = {c.digital_id: (mc, c) for mc, c in rows}
    chosen = sorted(set(scanned_ids(containers))) if containers else sorted(by_id)
    unknown = [cid for cid in chosen if cid not in by_id]
    if unknown or not chosen:
        raise InvalidInput(
            msg.REFUSE_OWN_CONTAINERS,
            details=[{"field": "containers", "not_on_manifest": unknown}],
        )
    whole = len(chosen) == len(by_id)
    action = ManifestAction.REFUSE if whole else ManifestAction.REFUSE_PART
    before = transition(session, actor, manifest, action)
    refused_g = sum(by_id[cid][0].declared_g for cid in chosen)
    stamp = clock.now()
    target = manifest
    release_receiver_reservation(session, manifest, None if whole else refused_g)
    if whole:
        release_reservation(session, manifest)
    else:
        release_part(session, manifest, refused_g)
        target = _split_off(session, actor, manifest, [by_id[cid] for cid in chosen], refused_g)
    refusal = GateRefusal(
        manifest_id=manifest.id,
        refused_manifest_id=target.id,
        receiver_id=manifest.receiver_id,
        receiver_facility_id=manifest.receiver_facility_id,
        reason=why.value,
        note=text,
        containers=chosen,
        refused_g=refused_g,
        user_id=actor.user_id,
        name=actor.display_name,
        at=stamp,
    )
    session.add_all([manifest, refusal])
    session.flush()
    for cid in chosen:
        record_container_event(
            session, actor, "refuse", by_id[cid][1], None, manifest=target.number, reason=why.value
        )
    facts = {"reason": why.value, "note": text, "containers": chosen, "refused_g": refused_g}
    if target is not manifest:
        facts["split_to"] = target.number
        sign(
            session,
            actor,
            target,
            ManifestAction.REFUSE,
            {"status": ManifestStatus.IN_TRANSIT.value},
            split_from=manifest.number,
            **{k: v for k, v in facts.items() if k != "split_to"},
        )
    sign(session, actor, manifest, action, before, **facts)
    return Outcome(manifest)


def _split_off(
    session: Session,
    actor: Actor,
    parent: Manifest,
    rows: Sequence[tuple[ManifestContainer, object]],
    refused_g: int,
) -> Manifest:
    """A new manifest, refused from the start, carrying the refused containers on the parent's legs."""
    generator = session.get(Enterprise, parent.generator_id)
    stamp = clock.now()
    serial = next_counter(session, f"manifest:{stamp.year}:{generator.region_code[:4]}")
    child = Manifest(
        number=manifest_number(stamp.year, generator.region_code, serial),
        status=next_manifest_status(ManifestStatus.IN_TRANSIT.value, ManifestAction.REFUSE).value,
        waste_code=parent.waste_code,
        stream_id=parent.stream_id,
        generator_id=parent.generator_id,
        origin_facility_id=parent.origin_facility_id,
        receiver_id=parent.receiver_id,
        receiver_facility_id=parent.receiver_facility_id,
        mode=parent.mode,
        planned_method=parent.planned_method,
        transfer_date=parent.transfer_date,
        declared_g=refused_g,
        cross_province=parent.cross_province,
        note=parent.note,
        created_at=stamp,
        created_by=actor.user_id,
        submitted_at=parent.submitted_at,
        picked_up_at=parent.picked_up_at,
    )
    session.add(child)
    session.flush()
    parent.declared_g -= refused_g
    for mc, container in rows:
        mc.manifest_id = child.id
        container.manifest_id = child.id
        session.add_all([mc, container])
    for leg in manifest_legs(session, parent.id):
        session.add(
            TransportLeg(
                manifest_id=child.id,
                seq=leg.seq,
                carrier_id=leg.carrier_id,
                vehicle_id=leg.vehicle_id,
                driver_id=leg.driver_id,
                picked_up_at=leg.picked_up_at,
            )
        )
    # The child carries the generator's and carrier's signatures it was shipped under.
    for signed in session.exec(select(Signature).where(Signature.manifest_id == parent.id)):
        session.add(
            Signature(
                manifest_id=child.id,
                section=signed.section,
                action=signed.action,
                user_id=signed.user_id,
                name=signed.name,
                role=signed.role,
                at=signed.at,
            )
        )
    audit.record(
        session,
        actor=actor,
        action="manifest.split",
        entity="manifest",
        entity_id=child.number,
        after={
            "status": child.status,
            "split_from": parent.number,
            "declared_g": refused_g,
            "containers": sorted(c.digital_id for _, c in rows),
        },
    )
    return child


def lock_request(session: Session, actor: Actor, request_id: int) -> tuple[CustodyRequest, Manifest]:
    """A custody request locked with its manifest (the actor must be able to see the manifest)."""
    request = session.exec(
        select(CustodyRequest).where(CustodyRequest.id == request_id).with_for_update()
    ).first()
    if request is None:
        raise NotFound(msg.CUSTODY_REQUEST_NOT_FOUND, request_id=request_id)
    manifest = lock_manifest(session, actor, request.manifest_id)
    return request, manifest


def settle_request(
    session: Session, actor: Actor, manifest: Manifest, request: CustodyRequest, approve: bool, note: str
) -> None:
    """Record the decision on a custody request of `manifest` (decided once) and its audit event."""
    request.status = next_custody_request_status(request.status, approve).value
    request.decided_by, request.decided_at, request.decision_note = actor.user_id, clock.now(), note
    session.add(request)
    audit.record(
        session,
        actor=actor,
        action="custody_request.approve" if approve else "custody_request.decline",
        entity="manifest",
        entity_id=manifest.number,
        after={"request_id": request.id, "kind": request.kind, "note": note},
    )


# --- Return to the generator ----------------------------------------------------------------------


@use_case("manifest.*")
def return_to_generator(
    *, session: Session, actor: Actor, manifest_id: int, reason: str, leg: LegInput | None = None
) -> Outcome:
    """The generator has the refused waste carried back (a new leg, the same crew unless another is named)."""
    why = note_text(reason, "reason", msg.RETURN_REASON)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.RETURN)
    row = new_leg(session, manifest, leg, park_today(actor))
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.RETURN, before, reason=why, **leg_facts(session, row))
    return Outcome(manifest)


def store_back(
    session: Session,
    actor: Actor,
    manifest: Manifest,
    rows: Sequence[tuple[ManifestContainer, object]],
    facility_id: int,
) -> Facility:
    """Put carried containers back into one of the generator's stores (capacity and segregation checked)."""
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise InvalidInput(
            msg.FACILITY_NOT_FOUND, details=[{"field": "facility_id"}], facility_id=facility_id
        )
    if facility.enterprise_id != manifest.generator_id:
        raise Forbidden(msg.RETURN_TO_OWN_STORE)

    matrix = segregation_matrix()
    stock = None
    before_g = None
    for _, container in rows:
        stock = check_put_away(session, container, facility, matrix)
        before_g = stock.stock_g if before_g is None else before_g
        snapshot = {"status": container.status, "facility_id": container.facility_id}
        container.status = next_container_status(container.status, ContainerAction.RETURN).value
        # The storage clock keeps running from the first put-away: the waste has been held since then.
        container.facility_id = facility.id
        container.stored_at = container.stored_at or clock.now()
        stock.stock_g += container.net_weight_g
        session.add_all([stock, container])
        # Flushed so the next container's checks see this one in the store.
        session.flush()
        record_container_event(
            session, actor, "return", container, snapshot, manifest=manifest.number, facility=facility.name
        )
    if stock is not None:
        facility_use(session, facility=facility, before_g=before_g, after_g=stock.stock_g)
    return facility


@use_case("manifest.*", "container.*")
def receive_return(
    *, session: Session, actor: Actor, manifest_id: int, facility_id: int, scanned: Sequence[str]
) -> Outcome:
    """The generator scans the returned containers back into its store; the manifest ends as returned."""
    ids = scanned_ids(scanned)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.RECEIVE_RETURN)
    rows = live_containers(session, manifest.id)
    _check_set("return.container_set", [c.digital_id for _, c in rows], ids)
    facility = store_back(session, actor, manifest, rows, facility_id)
    stamp = clock.now()
    legs = manifest_legs(session, manifest.id)
    legs[-1].delivered_at = legs[-1].delivered_at or stamp
    session.add(legs[-1])
    manifest.closed_at = stamp
    session.add(manifest)
    sign(
        session,
        actor,
        manifest,
        ManifestAction.RECEIVE_RETURN,
        before,
        facility=facility.name,
        returned_g=sum(mc.declared_g for mc, _ in rows),
    )
    return Outcome(manifest)

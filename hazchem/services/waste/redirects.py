"""Redirect of refused waste to an alternate receiver: the receiver checks at that moment, the generator's
signature, and the carrier's proposal the generator confirms or declines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from hazchem.domain import custody as rules
from hazchem.domain.errors import InvalidInput, NotFound, RuleViolation
from hazchem.domain.identifiers import same_province
from hazchem.domain.lifecycle import CustodyRequestKind, CustodyRequestStatus, ManifestAction
from hazchem.models import (
    CustodyRequest,
    Enterprise,
    Facility,
    FacilityStock,
    Licence,
    LicenceLineUsage,
    LicenceScopeLine,
    Manifest,
)
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.alerts import licence_line_use
from hazchem.services.platform.rows import ensure_row
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg
from hazchem.services.waste.exceptions import (
    check_leg,
    leg_facts,
    lock_request,
    new_leg,
    note_text,
    settle_request,
)
from hazchem.services.waste.manifests import (
    LegInput,
    Outcome,
    live_containers,
    lock_manifest,
    open_request,
    release_receiver_reservation,
    require_party,
    sign,
    transition,
)
from hazchem.services.waste.receiving import Consignment, check_receiving_facility, reserve_receiver_capacity


@dataclass(frozen=True)
class AlternateReceiver:
    """A receiving facility that passed the receiver checks, with the licence line that covers the waste."""

    facility: Facility
    receiver: Enterprise
    licence: Licence
    line: LicenceScopeLine
    stock: FacilityStock


def check_alternate_receiver(
    session: Session, *, manifest: Manifest, facility_id: int, quantity_g: int, on: date
) -> AlternateReceiver:
    """The receiver checks at the moment of a redirect: another facility, in the same province, that
    passes the receiving facility's checks on `on` (licence, method, free capacity less reservations)."""
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise InvalidInput(msg.FACILITY_MISSING, details=[{"field": "facility_id"}], facility_id=facility_id)
    if facility.id == manifest.receiver_facility_id:
        raise RuleViolation(
            "redirect.same_receiver",
            msg.REDIRECT_SAME_RECEIVER(facility=facility.name),
            details=[{"facility": facility.name}],
        )
    receiver = session.get(Enterprise, facility.enterprise_id)
    generator = session.get(Enterprise, manifest.generator_id)
    if not same_province(generator.region_code, receiver.region_code):
        raise RuleViolation(
            "redirect.cross_province",
            msg.REDIRECT_CROSS_PROVINCE(receiver=receiver.name),
            details=[{"receiver": receiver.name, "region_code": receiver.region_code}],
        )
    consignment = Consignment(manifest.waste_code, manifest.mode, manifest.planned_method, quantity_g)
    checked = check_receiving_facility(
        session, consignment=consignment, facility=facility, on=on, stage="redirect"
    )
    coverage = checked.coverage
    return AlternateReceiver(facility, receiver, coverage.licence, coverage.line, checked.stock)


def _reserve(session: Session, manifest: Manifest, chosen: AlternateReceiver, grams: int, on: date) -> list:
    """Reserve the load against the alternate receiver's licensed annual scale, as submission does."""
    line = chosen.line
    ensure_row(session, LicenceLineUsage, line_id=line.id, year=on.year, accepted_g=0, in_flight_g=0)
    usage = session.exec(
        select(LicenceLineUsage)
        .where(LicenceLineUsage.line_id == line.id, LicenceLineUsage.year == on.year)
        .with_for_update()
    ).one()
    warning = rules.check_annual_scale(
        chosen.licence.number,
        line.waste_code or line.waste_category or "",
        line.annual_scale_kg or 0,
        usage.accepted_g,
        usage.in_flight_g,
        grams,
    )
    used_before = usage.accepted_g + usage.in_flight_g
    usage.in_flight_g += grams
    session.add(usage)
    licence_line_use(
        session, line_id=line.id, year=on.year, before_g=used_before, after_g=used_before + grams
    )
    manifest.licence_line_id, manifest.reserved_year, manifest.reserved_g = line.id, on.year, grams
    return [warning] if warning else []


def _redirect(
    session: Session,
    actor: Actor,
    manifest: Manifest,
    facility_id: int,
    leg: LegInput | None,
    reason: str,
    request: CustodyRequest | None = None,
) -> Outcome:
    before = transition(session, actor, manifest, ManifestAction.REDIRECT)
    on = park_today(actor)
    grams = sum(mc.declared_g for mc, _ in live_containers(session, manifest.id))
    chosen = check_alternate_receiver(
        session, manifest=manifest, facility_id=facility_id, quantity_g=grams, on=on
    )
    row = new_leg(session, manifest, leg, on)
    warnings = _reserve(session, manifest, chosen, grams, on)
    previous = {"receiver_id": manifest.receiver_id, "receiver_facility_id": manifest.receiver_facility_id}
    release_receiver_reservation(session, manifest)
    manifest.receiver_id, manifest.receiver_facility_id = chosen.receiver.id, chosen.facility.id
    reserve_receiver_capacity(session, manifest, chosen.stock, grams)
    manifest.delivered_at = None
    session.add(manifest)
    extra = {"request_id": request.id, "proposed_by": request.requested_by} if request is not None else {}
    sign(
        session,
        actor,
        manifest,
        ManifestAction.REDIRECT,
        {**before, **previous},
        receiver_id=chosen.receiver.id,
        receiver_facility=chosen.facility.name,
        licence=chosen.licence.number,
        reserved_g=grams,
        reason=reason,
        warnings=warnings,
        **leg_facts(session, row),
        **extra,
    )
    return Outcome(manifest, warnings)


@use_case("manifest.*")
def redirect(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    facility_id: int,
    reason: str,
    leg: LegInput | None = None,
) -> Outcome:
    """The generator sends refused waste on to an alternate receiver that passes the receiver checks now."""
    why = note_text(reason, "reason", msg.REDIRECT_REASON)
    manifest = lock_manifest(session, actor, manifest_id)
    return _redirect(session, actor, manifest, facility_id, leg, why)


@use_case("manifest.*")
def propose_redirect(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    facility_id: int,
    reason: str,
    leg: LegInput | None = None,
) -> CustodyRequest:
    """The carrier proposes an alternate receiver; it takes effect only when the generator confirms it."""
    why = note_text(reason, "reason", msg.REDIRECT_REASON)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.PROPOSE_REDIRECT)
    if open_request(session, manifest.id, CustodyRequestKind.REDIRECT) is not None:
        raise RuleViolation("redirect.proposal_open", msg.REDIRECT_PROPOSAL_OPEN)
    grams = sum(mc.declared_g for mc, _ in live_containers(session, manifest.id))
    # Checked now for the carrier's sake, and again when the generator confirms.
    check_alternate_receiver(
        session, manifest=manifest, facility_id=facility_id, quantity_g=grams, on=park_today(actor)
    )
    if leg is not None:
        check_leg(session, leg, park_today(actor))
    request = CustodyRequest(
        manifest_id=manifest.id,
        kind=CustodyRequestKind.REDIRECT.value,
        status=CustodyRequestStatus.OPEN.value,
        reason=why,
        facility_id=facility_id,
        carrier_id=leg.carrier_id if leg else None,
        vehicle_id=leg.vehicle_id if leg else None,
        driver_id=leg.driver_id if leg else None,
        requested_by=actor.user_id,
        requested_at=clock.now(),
    )
    session.add_all([manifest, request])
    session.flush()
    sign(
        session,
        actor,
        manifest,
        ManifestAction.PROPOSE_REDIRECT,
        before,
        request_id=request.id,
        facility_id=facility_id,
        reason=why,
    )
    return request


def _request_leg(request: CustodyRequest) -> LegInput | None:
    if request.carrier_id is None:
        return None
    return LegInput(carrier_id=request.carrier_id, vehicle_id=request.vehicle_id, driver_id=request.driver_id)


@use_case("manifest.*", "custody_request.*")
def decide_redirect(
    *, session: Session, actor: Actor, request_id: int, approve: bool, note: str = ""
) -> Outcome:
    """The generator confirms the carrier's redirect proposal (the redirect is then signed by the generator
    with the proposal on record) or declines it."""
    text = note_text(note, "note", msg.DECISION_NOTE, required=False)

    request, manifest = lock_request(session, actor, request_id)
    if request.kind != CustodyRequestKind.REDIRECT.value:
        raise NotFound(msg.REDIRECT_PROPOSAL_NOT_FOUND, request_id=request_id)
    require_party(session, actor, manifest, ManifestAction.REDIRECT)
    settle_request(session, actor, manifest, request, approve, text)
    if not approve:
        return Outcome(manifest)
    return _redirect(
        session, actor, manifest, request.facility_id, _request_leg(request), request.reason, request
    )

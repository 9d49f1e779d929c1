"""Incidents against a manifest and its containers, cancellation after pick-up through the ecology
regulator, and the weight balance and exception record every manifest carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from hazchem.domain import alerting, oversight_messages
from hazchem.domain.errors import InvalidInput, NotFound, RuleViolation
from hazchem.domain.lifecycle import (
    ContainerAction,
    CustodyRequestKind,
    CustodyRequestStatus,
    ManifestAction,
    container_is_lost,
    custody_request_is_open,
    custody_request_kind,
    manifest_is_delivered,
    manifest_is_terminal,
    manifest_sent_home,
    next_container_status,
)
from hazchem.domain.vocab import AlertKind, AlertSeverity, IncidentKind
from hazchem.models import CustodyRequest, Facility, GateRefusal, Incident, Manifest
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.alerts import raise_alert
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import container_messages as msg
from hazchem.services.waste.containers import locked_stock, record_container_event
from hazchem.services.waste.exceptions import (
    lock_request,
    note_text,
    release_part,
    scanned_ids,
    settle_request,
    store_back,
)
from hazchem.services.waste.manifests import (
    Outcome,
    live_containers,
    lock_manifest,
    manifest_containers,
    manifest_legs,
    open_request,
    release_receiver_reservation,
    release_reservation,
    require_party,
    sign,
    transition,
)
from hazchem.services.waste.redirects import decide_redirect


def _incident_kind(value: str) -> IncidentKind:
    try:
        return IncidentKind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in IncidentKind)
        raise InvalidInput(
            msg.INCIDENT_KIND_UNKNOWN, details=[{"field": "kind"}], kind=repr(value), allowed=allowed
        ) from None


@use_case("manifest.*", "container.*")
def report_incident(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    kind: str,
    description: str,
    place: str = "",
    containers: Sequence[str] | None = None,
    lost: Sequence[str] = (),
) -> Outcome:
    """Record a spill, fire, accident or loss against the manifest and its containers, alerting the
    ecology-and-environment, emergency-management and transport departments at once.

    The party holding the waste reports it (the carrier on the road, the receiver once delivered).
    Containers lost or destroyed leave the live set by weight; when none is left the manifest closes."""
    what = _incident_kind(kind)
    text = note_text(description, "description", msg.INCIDENT_DESCRIPTION)
    where = note_text(place, "place", msg.INCIDENT_PLACE, required=False)[:300]
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.REPORT_INCIDENT)
    rows = live_containers(session, manifest.id)
    by_id = {c.digital_id: (mc, c) for mc, c in rows}
    affected = sorted(set(scanned_ids(containers))) if containers else sorted(by_id)
    gone = sorted(set(scanned_ids(lost)))
    unknown = [cid for cid in (*affected, *gone) if cid not in by_id]
    if unknown:
        raise InvalidInput(
            msg.CONTAINERS_NOT_HELD,
            details=[{"field": "containers", "not_on_manifest": sorted(set(unknown))}],
        )
    if not set(gone) <= set(affected):
        affected = sorted(set(affected) | set(gone))
    at_facility = manifest_is_delivered(before["status"])
    lost_g = sum(by_id[cid][0].declared_g for cid in gone)
    legs = manifest_legs(session, manifest.id)
    incident = Incident(
        manifest_id=manifest.id,
        kind=what.value,
        leg_seq=None if at_facility else legs[-1].seq,
        facility_id=manifest.receiver_facility_id if at_facility else None,
        place=where,
        description=text,
        containers=affected,
        lost=gone,
        lost_g=lost_g,
        user_id=actor.user_id,
        name=actor.display_name,
        at=clock.now(),
    )
    session.add(incident)
    session.flush()
    stock = locked_stock(session, manifest.receiver_facility_id) if at_facility and gone else None
    for cid in affected:
        mc, container = by_id[cid]
        snapshot = {"status": container.status, "facility_id": container.facility_id}
        if cid in gone:
            container.status = next_container_status(container.status, ContainerAction.LOSE).value
            container.facility_id = None
            if stock is not None:
                stock.stock_g -= mc.declared_g
            session.add(container)
        record_container_event(
            session,
            actor,
            "lose" if cid in gone else "incident",
            container,
            snapshot,
            manifest=manifest.number,
            incident=incident.id,
            kind=what.value,
        )
    if stock is not None:
        session.add(stock)
    release_part(session, manifest, lost_g)
    release_receiver_reservation(session, manifest, lost_g)
    _alert_departments(session, manifest, incident)
    sign(
        session,
        actor,
        manifest,
        ManifestAction.REPORT_INCIDENT,
        before,
        incident=incident.id,
        kind=what.value,
        containers=affected,
        lost=gone,
        lost_g=lost_g,
    )
    if gone and len(gone) == len(by_id):
        # Nothing is left to carry or receive: the record is complete with its losses.
        before = transition(session, actor, manifest, ManifestAction.WRITE_OFF)
        release_reservation(session, manifest)
        release_receiver_reservation(session, manifest)
        manifest.closed_at = clock.now()
        sign(session, actor, manifest, ManifestAction.WRITE_OFF, before, incident=incident.id, lost_g=lost_g)
    session.add(manifest)
    return Outcome(manifest)


def _alert_departments(session: Session, manifest: Manifest, incident: Incident) -> None:
    """One alert to each department an incident concerns, raised within the reporting action."""
    facility = session.get(Facility, incident.facility_id) if incident.facility_id else None
    where = (
        oversight_messages.ALERT_INCIDENT_AT(facility=facility.name)
        if facility
        else oversight_messages.ALERT_INCIDENT_ON_LEG(seq=incident.leg_seq)
    )
    said = oversight_messages.ALERT_INCIDENT(
        manifest=manifest.number, kind=incident.kind, where=where, description=incident.description
    )
    if incident.lost:
        said = oversight_messages.ALERT_INCIDENT_LOST(
            **said.params, count=len(incident.lost), tonnes=f"{incident.lost_g / 1_000_000:g}"
        )
    for department in alerting.INCIDENT_DEPARTMENTS:
        raise_alert(
            session,
            key=f"incident:{incident.id}:{department.value}",
            kind=AlertKind.INCIDENT,
            severity=AlertSeverity.BREACH,
            department_kind=department,
            entity="manifest",
            entity_id=manifest.number,
            enterprise_id=manifest.generator_id,
            counterparty_id=manifest.receiver_id,
            said=said,
            details={
                "manifest_id": manifest.id,
                "incident_id": incident.id,
                "kind": incident.kind,
                "containers": incident.containers,
                "lost": incident.lost,
                "lost_g": incident.lost_g,
            },
        )


# --- Cancellation after pick-up -------------------------------------------------------------------


@use_case("manifest.*")
def request_cancellation(
    *, session: Session, actor: Actor, manifest_id: int, reason: str, whereabouts: str, facility_id: int
) -> CustodyRequest:
    """The generator asks to cancel a picked-up manifest, stating where the containers are and the store
    they go back to; it is cancelled only when the ecology-and-environment regulator approves."""
    why = note_text(reason, "reason", msg.INCIDENT_CANCEL_REASON)
    where = note_text(whereabouts, "whereabouts", msg.INCIDENT_WHEREABOUTS)
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.REQUEST_CANCEL)
    if open_request(session, manifest.id, CustodyRequestKind.CANCEL) is not None:
        raise RuleViolation("cancel.request_open", msg.CANCELLATION_OPEN)
    facility = session.get(Facility, facility_id)
    if facility is None or facility.enterprise_id != manifest.generator_id:
        raise InvalidInput(msg.STORE_NOT_GENERATORS, details=[{"field": "facility_id"}])
    request = CustodyRequest(
        manifest_id=manifest.id,
        kind=CustodyRequestKind.CANCEL.value,
        status=CustodyRequestStatus.OPEN.value,
        reason=why,
        whereabouts=where,
        facility_id=facility.id,
        requested_by=actor.user_id,
        requested_at=clock.now(),
    )
    session.add_all([manifest, request])
    session.flush()
    sign(
        session,
        actor,
        manifest,
        ManifestAction.REQUEST_CANCEL,
        before,
        request_id=request.id,
        reason=why,
        whereabouts=where,
        facility=facility.name,
    )
    return request


@use_case("manifest.*", "container.*", "custody_request.*")
def decide_cancellation(
    *, session: Session, actor: Actor, request_id: int, approve: bool, note: str = ""
) -> Outcome:
    """The ecology-and-environment regulator approves the cancellation (the containers re-enter the stated
    store, capacity and segregation checked, and the manifest is cancelled) or declines it."""
    text = note_text(note, "note", msg.INCIDENT_DECISION_NOTE, required=False)
    request, manifest = lock_request(session, actor, request_id)
    if request.kind != CustodyRequestKind.CANCEL.value:
        raise InvalidInput(msg.NOT_A_CANCELLATION, details=[{"field": "request_id"}])
    require_party(session, actor, manifest, ManifestAction.APPROVE_CANCEL)
    settle_request(session, actor, manifest, request, approve, text)
    if not approve:
        return Outcome(manifest)
    before = transition(session, actor, manifest, ManifestAction.APPROVE_CANCEL)
    rows = live_containers(session, manifest.id)
    facility = store_back(session, actor, manifest, rows, request.facility_id)
    for _, container in rows:
        container.manifest_id = None
        session.add(container)
    release_reservation(session, manifest)
    release_receiver_reservation(session, manifest)
    stamp = clock.now()
    legs = manifest_legs(session, manifest.id)
    legs[-1].delivered_at = legs[-1].delivered_at or stamp
    session.add(legs[-1])
    manifest.cancelled_at = stamp
    session.add(manifest)
    sign(
        session,
        actor,
        manifest,
        ManifestAction.APPROVE_CANCEL,
        before,
        request_id=request.id,
        whereabouts=request.whereabouts,
        facility=facility.name,
        note=text,
    )
    return Outcome(manifest)


@use_case("manifest.*", "container.*", "custody_request.*")
def decide_request(
    *, session: Session, actor: Actor, request_id: int, approve: bool, note: str = ""
) -> Outcome:
    """Decide a custody request: the generator a carrier's redirect proposal, the ecology-and-environment
    regulator a cancellation after pick-up."""
    request = session.get(CustodyRequest, request_id)
    if request is None:
        raise NotFound(msg.REQUEST_NOT_FOUND, request_id=request_id)
    decide = (
        decide_redirect
        if custody_request_kind(request.kind) is CustodyRequestKind.REDIRECT
        else decide_cancellation
    )
    return decide(session=session, actor=actor, request_id=request_id, approve=approve, note=note)


# --- What every manifest carries: its weight balance and its exception record ------------------


@dataclass(frozen=True)
class WeightBalance:
    """Where a manifest's declared weight went, by declared container weights (grams).

    refused: rejected at receipt, or refused at the gate and split off to another manifest; returned:
    back in the generator's store (returned, or cancelled); open: still to be carried or received."""

    declared_g: int
    accepted_g: int
    refused_g: int
    returned_g: int
    lost_g: int
    open_g: int

    @property
    def balances(self) -> bool:
        """Whether accepted + refused + returned + lost (+ still open) make up the declaration."""
        parts = self.accepted_g + self.refused_g + self.returned_g + self.lost_g + self.open_g
        return parts == self.declared_g


def weight_balance(session: Session, manifest: Manifest) -> WeightBalance:
    """Account for every gram a manifest declared (its split-off refusals included)."""
    split_g = sum(
        r.refused_g
        for r in session.exec(
            select(GateRefusal).where(
                GateRefusal.manifest_id == manifest.id, GateRefusal.refused_manifest_id != manifest.id
            )
        )
    )
    accepted = refused = returned = lost = still = 0
    # Containers that came home (returned) or were never shipped (cancelled) are back with the generator.
    home = manifest_sent_home(manifest.status)
    for mc, container in manifest_containers(session, manifest.id):
        if container_is_lost(container.status):
            lost += mc.declared_g
        elif mc.accepted is True:
            accepted += mc.declared_g
        elif mc.accepted is False:
            refused += mc.declared_g
        elif home:
            returned += mc.declared_g
        else:
            still += mc.declared_g
    return WeightBalance(manifest.declared_g + split_g, accepted, refused + split_g, returned, lost, still)


@dataclass(frozen=True)
class CustodyRecord:
    """A manifest's exceptions: gate refusals (its own and the one it was split off by), incidents,
    requests awaiting or given a decision, and the manifests split off it or it was split from."""

    refusals: list[GateRefusal]
    incidents: list[Incident]
    requests: list[CustodyRequest]
    split_from: Manifest | None
    split_off: list[Manifest]
    balance: WeightBalance


def custody_record(session: Session, manifest: Manifest) -> CustodyRecord:
    """Read a manifest's exception record (the caller has checked the actor may see the manifest)."""
    refusals = list(
        session.exec(
            select(GateRefusal)
            .where(
                or_(GateRefusal.manifest_id == manifest.id, GateRefusal.refused_manifest_id == manifest.id)
            )
            .order_by(col(GateRefusal.id))
        )
    )
    parent_ids = {r.manifest_id for r in refusals if r.refused_manifest_id == manifest.id} - {manifest.id}
    child_ids = [r.refused_manifest_id for r in refusals if r.manifest_id == manifest.id]
    child_ids = [i for i in child_ids if i != manifest.id]
    return CustodyRecord(
        refusals=refusals,
        incidents=list(
            session.exec(
                select(Incident).where(Incident.manifest_id == manifest.id).order_by(col(Incident.id))
            )
        ),
        requests=list(
            session.exec(
                select(CustodyRequest)
                .where(CustodyRequest.manifest_id == manifest.id)
                .order_by(col(CustodyRequest.id))
            )
        ),
        split_from=session.get(Manifest, parent_ids.pop()) if parent_ids else None,
        split_off=[session.get(Manifest, i) for i in child_ids],
        balance=weight_balance(session, manifest),
    )


def decidable_requests(record: CustodyRecord, actions: set[str]) -> list[CustodyRequest]:
    """The open requests whose decision is among the actor's actions: a cancellation for ecology and
    environment, a redirect proposal for the generator."""
    decides = {
        CustodyRequestKind.CANCEL: ManifestAction.APPROVE_CANCEL.value in actions,
        CustodyRequestKind.REDIRECT: ManifestAction.REDIRECT.value in actions,
    }
    return [
        q
        for q in record.requests
        if custody_request_is_open(q.status) and decides[custody_request_kind(q.kind)]
    ]


def actionable(session: Session, manifest: Manifest, actors: Sequence[Actor]) -> bool:
    """Whether some party among `actors` can move a non-terminal manifest (for checks and tests)."""
    from hazchem.services.waste.manifests import manifest_actions_for

    if manifest_is_terminal(manifest.status):
        return True
    return any(manifest_actions_for(session, actor, manifest.id) for actor in actors)

"""Read views of the custody chain: container and approval lists, and a manifest's parties, legs,
signatures and revisions, each scoped to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from hazchem.domain.lifecycle import ManifestAction, container_status
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import EnterpriseRole
from hazchem.models import (
    Container,
    Driver,
    Enterprise,
    Event,
    Facility,
    Manifest,
    ManifestContainer,
    Revision,
    Signature,
    TransferApproval,
    TransportLeg,
    User,
    Vehicle,
    WasteStream,
)
from hazchem.services.platform.access import Actor, custody_scope, enterprise_scope, require_read


def list_containers(
    session: Session,
    actor: Actor,
    *,
    status: str | None,
    facility_id: int | None,
    enterprise_id: int | None,
    after: int | None,
    limit: int,
) -> list[Container]:
    """Containers the actor may see (custody.can_see_container's rule in SQL), oldest first by id."""
    require_read(actor, Area.WASTE_STORAGE)
    query = select(Container).order_by(col(Container.id)).limit(limit)
    scope = custody_scope(actor)
    if scope is not None:
        ids = sorted(scope.parties) or [-1]
        own_facilities = select(Facility.id).where(col(Facility.enterprise_id).in_(ids))
        visible_manifests = select(Manifest.id).where(scope.manifest_condition())
        query = query.where(
            or_(
                col(Container.enterprise_id).in_(ids),
                col(Container.facility_id).in_(own_facilities),
                col(Container.manifest_id).in_(visible_manifests),
            )
        )
    if status:
        query = query.where(Container.status == container_status(status).value)
    if facility_id is not None:
        query = query.where(Container.facility_id == facility_id)
    if enterprise_id is not None:
        query = query.where(Container.enterprise_id == enterprise_id)
    if after is not None:
        query = query.where(col(Container.id) > after)
    return list(session.exec(query))


@dataclass(frozen=True)
class LegView:
    """A transport leg with its carrier, vehicle and driver rows."""

    leg: TransportLeg
    carrier: Enterprise
    vehicle: Vehicle
    driver: Driver


@dataclass(frozen=True)
class ManifestParts:
    """What a manifest's detail shows beside its own row."""

    generator: Enterprise
    receiver: Enterprise
    receiver_facility: Facility
    origin_facility: Facility | None
    legs: list[LegView]
    signatures: list[Signature]
    revisions: list[Revision]


def manifest_parts(session: Session, manifest: Manifest) -> ManifestParts:
    """Parties, legs, signatures and revisions of a manifest the caller was already allowed to see."""
    legs = [
        LegView(
            leg,
            session.get(Enterprise, leg.carrier_id),
            session.get(Vehicle, leg.vehicle_id),
            session.get(Driver, leg.driver_id),
        )
        for leg in session.exec(
            select(TransportLeg).where(TransportLeg.manifest_id == manifest.id).order_by(TransportLeg.seq)
        )
    ]
    return ManifestParts(
        generator=session.get(Enterprise, manifest.generator_id),
        receiver=session.get(Enterprise, manifest.receiver_id),
        receiver_facility=session.get(Facility, manifest.receiver_facility_id),
        origin_facility=session.get(Facility, manifest.origin_facility_id)
        if manifest.origin_facility_id
        else None,
        legs=legs,
        signatures=list(
            session.exec(
                select(Signature).where(Signature.manifest_id == manifest.id).order_by(col(Signature.id))
            )
        ),
        revisions=list(
            session.exec(
                select(Revision).where(Revision.manifest_id == manifest.id).order_by(col(Revision.id))
            )
        ),
    )


def legs_by_manifest(session: Session, manifest_ids: list[int]) -> dict[int, list[LegView]]:
    """Legs with carrier, vehicle and driver of manifests the caller was already allowed to see, in order."""
    if not manifest_ids:
        return {}
    rows = session.exec(
        select(TransportLeg, Enterprise, Vehicle, Driver)
        .join(Enterprise, col(Enterprise.id) == TransportLeg.carrier_id)
        .join(Vehicle, col(Vehicle.id) == TransportLeg.vehicle_id)
        .join(Driver, col(Driver.id) == TransportLeg.driver_id)
        .where(col(TransportLeg.manifest_id).in_(manifest_ids))
        .order_by(col(TransportLeg.manifest_id), col(TransportLeg.seq))
    )
    legs: dict[int, list[LegView]] = {}
    for leg, carrier, vehicle, driver in rows:
        legs.setdefault(leg.manifest_id, []).append(LegView(leg, carrier, vehicle, driver))
    return legs


def list_approvals(
    session: Session, actor: Actor, *, after: int | None, limit: int
) -> list[TransferApproval]:
    """Transfer approvals naming one of the actor's enterprises (all for administrators and overseers)."""
    require_read(actor, Area.WASTE_MANIFESTS)
    query = select(TransferApproval).order_by(col(TransferApproval.id)).limit(limit)
    scope = enterprise_scope(actor)
    if scope is not None:
        ids = list(scope) or [-1]
        query = query.where(
            or_(col(TransferApproval.generator_id).in_(ids), col(TransferApproval.receiver_id).in_(ids))
        )
    if after is not None:
        query = query.where(col(TransferApproval.id) > after)
    return list(session.exec(query))


@dataclass(frozen=True)
class LegRow:
    """A transport leg with its manifest, carrier, vehicle and driver (the transport department's view)."""

    leg: TransportLeg
    manifest: Manifest
    carrier: Enterprise
    vehicle: Vehicle
    driver: Driver


def list_transport_legs(
    session: Session,
    actor: Actor,
    *,
    carrier_id: int | None = None,
    after: int | None = None,
    limit: int = 50,
) -> list[LegRow]:
    """Transport legs, newest first: all for administrators and overseeing regulators, else the actor's
    (a driver's own, a dispatcher's carrier's)."""
    require_read(actor, Area.TRANSPORT_LEGS)
    query = (
        select(TransportLeg, Manifest, Enterprise, Vehicle, Driver)
        .join(Manifest, col(Manifest.id) == TransportLeg.manifest_id)
        .join(Enterprise, col(Enterprise.id) == TransportLeg.carrier_id)
        .join(Vehicle, col(Vehicle.id) == TransportLeg.vehicle_id)
        .join(Driver, col(Driver.id) == TransportLeg.driver_id)
        .order_by(col(TransportLeg.id).desc())
        .limit(limit)
    )
    scope = custody_scope(actor)
    if scope is not None:
        query = query.where(scope.leg_condition())
    if carrier_id is not None:
        query = query.where(TransportLeg.carrier_id == carrier_id)
    if after is not None:
        query = query.where(col(TransportLeg.id) < after)
    return [LegRow(*row) for row in session.exec(query)]


@dataclass(frozen=True)
class ContainerLeg:
    """One manifest a container travelled on: its weights and decision there, and the signatures."""

    manifest: Manifest
    entry: ManifestContainer
    signatures: list[Signature]


def container_manifests(session: Session, container: Container) -> list[ContainerLeg]:
    """Every manifest the container was on (a rejected container may travel again), oldest first."""
    rows = session.exec(
        select(ManifestContainer, Manifest)
        .join(Manifest, col(Manifest.id) == ManifestContainer.manifest_id)
        .where(ManifestContainer.container_id == container.id)
        .order_by(col(Manifest.id))
    )
    out = []
    for entry, manifest in rows:
        signatures = list(
            session.exec(
                select(Signature).where(Signature.manifest_id == manifest.id).order_by(col(Signature.id))
            )
        )
        out.append(ContainerLeg(manifest, entry, signatures))
    return out


def streams_by_id(session: Session, ids: set[int]) -> dict[int, WasteStream]:
    """Waste streams by id (for rows whose visibility is already checked)."""
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(WasteStream).where(col(WasteStream.id).in_(ids)))}


def facilities_by_id(session: Session, ids: set[int | None]) -> dict[int, Facility]:
    """Facilities by id (names for rows whose visibility is already checked)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {f.id: f for f in session.exec(select(Facility).where(col(Facility.id).in_(wanted)))}


def own_stores(session: Session, actor: Actor) -> list[Facility]:
    """Facilities with a storage capacity that belong to the actor's enterprises (put-away targets)."""
    if not actor.enterprise_ids and not actor.is_admin:
        return []
    query = select(Facility).where(col(Facility.storage_capacity_kg).is_not(None)).order_by(Facility.id)
    if not actor.is_admin:
        query = query.where(col(Facility.enterprise_id).in_(actor.enterprise_ids))
    return list(session.exec(query))


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a manifest's timeline: a signature, or a scan of one of its containers."""

    at: datetime
    kind: str  # "signature", "scan" or "event"
    action: str
    who: str
    role: str
    subject: str
    details: dict[str, Any]


def timeline(session: Session, manifest: Manifest, container_ids: list[str]) -> list[TimelineEntry]:
    """The manifest's own events and its containers' events from the manifest's drafting on."""
    own = list(
        session.exec(
            select(Event)
            .where(Event.entity == "manifest", Event.entity_id == manifest.number)
            .order_by(col(Event.id))
        )
    )
    since = own[0].id if own else 0
    scans = list(
        session.exec(
            select(Event).where(
                Event.entity == "container",
                col(Event.entity_id).in_(container_ids or ["-"]),
                col(Event.id) > since,
            )
        )
    )
    events = sorted(own + scans, key=lambda e: e.id)
    names = user_names(session, {e.actor_id for e in events})
    entries = []
    for event in events:
        after = event.after or {}
        is_container = event.entity == "container"
        if is_container and after.get("manifest") not in (None, manifest.number):
            continue
        kind = "scan" if is_container else "signature" if event.action in _SIGNING_ACTIONS else "event"
        entries.append(
            TimelineEntry(
                at=event.at,
                kind=kind,
                action=event.action,
                who=names.get(event.actor_id, ""),
                role=event.actor_role,
                subject=event.entity_id,
                details={k: v for k, v in after.items() if k in _SHOWN_DETAILS and v not in (None, "", [])},
            )
        )
    return entries


_SIGNING_ACTIONS = frozenset(f"manifest.{a.value}" for a in ManifestAction)


_SHOWN_DETAILS = ("vehicle", "driver", "facility", "method", "reason", "licence", "where", "note", "rejected")


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    """Display names of the users who acted (for events already shown to this actor)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        u.id: u.display_name or u.username for u in session.exec(select(User).where(col(User.id).in_(wanted)))
    }


@dataclass(frozen=True)
class TransferChoices:
    """What a generator picks from when it drafts a manifest: receiving facilities and carriers' fleets."""

    receiver_facilities: list[tuple[Enterprise, Facility]]
    carriers: list[Enterprise]
    vehicles: list[Vehicle]
    drivers: list[Driver]


def transfer_choices(session: Session) -> TransferChoices:
    """Receivers' facilities and carriers' vehicles and drivers in the park (public directory data)."""
    enterprises = list(session.exec(select(Enterprise).order_by(Enterprise.id)))
    receivers = {e.id: e for e in enterprises if EnterpriseRole.RECEIVER in (e.roles or [])}
    carriers = [e for e in enterprises if EnterpriseRole.CARRIER in (e.roles or [])]
    facilities = (
        [
            (receivers[f.enterprise_id], f)
            for f in session.exec(
                select(Facility).where(col(Facility.enterprise_id).in_(receivers)).order_by(Facility.id)
            )
        ]
        if receivers
        else []
    )
    carrier_ids = [c.id for c in carriers] or [-1]
    return TransferChoices(
        receiver_facilities=facilities,
        carriers=carriers,
        vehicles=list(
            session.exec(select(Vehicle).where(col(Vehicle.carrier_id).in_(carrier_ids)).order_by(Vehicle.id))
        ),
        drivers=list(
            session.exec(select(Driver).where(col(Driver.carrier_id).in_(carrier_ids)).order_by(Driver.id))
        ),
    )

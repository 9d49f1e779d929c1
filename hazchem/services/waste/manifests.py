"""Manifests: parties and visibility, drafting, cancellation and revisions of sealed sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from hazchem.domain.identifiers import manifest_number, same_province
from hazchem.domain.lifecycle import (
    REVISABLE_SECTION_FIELDS,
    CustodyRequestKind,
    CustodyRequestStatus,
    ManifestAction,
    ManifestStatus,
    Section,
    container_is_lost,
    container_is_stored,
    manifest_actions,
    manifest_holds_containers,
    next_manifest_status,
    offered_at,
    sealed_sections,
    signing_section,
)
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import DepartmentKind, Role, WasteMode
from hazchem.models import (
    Container,
    CustodyRequest,
    Driver,
    Enterprise,
    Facility,
    FacilityStock,
    GateRefusal,
    LicenceLineUsage,
    Manifest,
    ManifestContainer,
    Revision,
    Signature,
    TransferApproval,
    TransportLeg,
    Vehicle,
    WasteStream,
)
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, custody_scope, require_read
from hazchem.services.platform.alerts import licence_line_use
from hazchem.services.platform.rows import next_counter
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg

HW_LICENCE = "hw_operating"


TRANSPORT_LICENCE = "road_dg_transport"


@dataclass(frozen=True)
class LegInput:
    """One transport leg as submitted."""

    carrier_id: int
    vehicle_id: int
    driver_id: int


@dataclass
class Outcome:
    """A manifest after an action, with the non-blocking warnings the action raised."""

    manifest: Manifest
    warnings: list[dict[str, Any]] = field(default_factory=list)


def manifest_legs(session: Session, manifest_id: int) -> list[TransportLeg]:
    return list(
        session.exec(
            select(TransportLeg).where(TransportLeg.manifest_id == manifest_id).order_by(TransportLeg.seq)
        )
    )


def party_enterprises(session: Session, manifest: Manifest) -> set[int]:
    """Generator, carriers and receiver of a manifest, and any receiver that refused it at its gate."""
    refused_by = session.exec(select(GateRefusal.receiver_id).where(GateRefusal.manifest_id == manifest.id))
    return {
        manifest.generator_id,
        manifest.receiver_id,
        *(leg.carrier_id for leg in manifest_legs(session, manifest.id)),
        *refused_by,
    }


def is_party(session: Session, actor: Actor, manifest_id: int) -> bool:
    """Tell whether the actor may see a manifest: a party to it (a driver: assigned one of its legs;
    a dispatcher: its carrier carries one), or a regulator or administrator."""
    scope = custody_scope(actor)
    if scope is None:
        return True
    manifest = session.get(Manifest, manifest_id)
    if manifest is None:
        return False
    legs = manifest_legs(session, manifest.id)
    refusals = select(GateRefusal.receiver_id).where(GateRefusal.manifest_id == manifest.id)
    refused_by = set(session.exec(refusals))
    return scope.sees(
        generator_id=manifest.generator_id,
        receiver_id=manifest.receiver_id,
        carries=any(leg.carrier_id in scope.carrying for leg in legs),
        drives=any(leg.driver_id == scope.driver_id for leg in legs),
        refused=bool(refused_by & scope.parties),
    )


def get_manifest(*, session: Session, actor: Actor, manifest_id: int) -> Manifest:
    """A manifest the actor may see, else NotFound (Forbidden for a department that does not oversee them)."""
    require_read(actor, Area.WASTE_MANIFESTS)
    manifest = session.get(Manifest, manifest_id)
    if manifest is None or not is_party(session, actor, manifest_id):
        raise NotFound(msg.MANIFEST_NOT_FOUND, manifest_id=manifest_id)
    return manifest


def list_manifests(
    *, session: Session, actor: Actor, status: str | None = None, after: int | None = None, limit: int = 50
) -> list[Manifest]:
    """Manifests the actor is party to (all for administrators and overseeing regulators), newest first.

    A driver lists the manifests of the legs assigned to them; a dispatcher those its carrier carries.
    """
    require_read(actor, Area.WASTE_MANIFESTS)
    query = select(Manifest).order_by(col(Manifest.id).desc()).limit(min(max(limit, 1), 500))
    scope = custody_scope(actor)
    if scope is not None:
        query = query.where(scope.manifest_condition())
    if status:
        query = query.where(Manifest.status == ManifestStatus(status).value)
    if after is not None:
        query = query.where(Manifest.id < after)
    return list(session.exec(query))


def manifest_containers(session: Session, manifest_id: int) -> list[tuple[ManifestContainer, Container]]:
    """The manifest's containers with their per-manifest weights."""
    return list(
        session.exec(
            select(ManifestContainer, Container)
            .join(Container, col(Container.id) == ManifestContainer.container_id)
            .where(ManifestContainer.manifest_id == manifest_id)
            .order_by(Container.digital_id)
        )
    )


def live_containers(session: Session, manifest_id: int) -> list[tuple[ManifestContainer, Container]]:
    """The manifest's containers still to be carried, received or treated (lost ones are accounted for)."""
    return [(mc, c) for mc, c in manifest_containers(session, manifest_id) if not container_is_lost(c.status)]


def open_request(session: Session, manifest_id: int, kind: CustodyRequestKind) -> CustodyRequest | None:
    """The manifest's open custody request of this kind, if any (one at a time)."""
    return session.exec(
        select(CustodyRequest).where(
            CustodyRequest.manifest_id == manifest_id,
            CustodyRequest.kind == kind.value,
            CustodyRequest.status == CustodyRequestStatus.OPEN.value,
        )
    ).first()


def _offered(session: Session, manifest: Manifest, action: ManifestAction) -> bool:
    """Whether the manifest's records make an action worth offering (the use case re-checks)."""
    if not offered_at(action, manifest.status):
        return False
    if action is ManifestAction.REFUSE_PART:
        return len(live_containers(session, manifest.id)) > 1
    if action is ManifestAction.APPROVE_CANCEL:
        return open_request(session, manifest.id, CustodyRequestKind.CANCEL) is not None
    if action is ManifestAction.REQUEST_CANCEL:
        return open_request(session, manifest.id, CustodyRequestKind.CANCEL) is None
    if action is ManifestAction.PROPOSE_REDIRECT:
        return open_request(session, manifest.id, CustodyRequestKind.REDIRECT) is None
    return True


def manifest_actions_for(session: Session, actor: Actor, manifest_id: int) -> list[str]:
    """The manifest actions this actor could take now (the action itself re-checks everything)."""
    manifest = session.get(Manifest, manifest_id)
    if manifest is None:
        return []
    result = []
    for action in manifest_actions(manifest.status):
        try:
            _require_party(session, actor, manifest, action)
        except (Forbidden, NotFound):
            continue
        if _offered(session, manifest, action):
            result.append(action.value)
    return result


def _require_party(session: Session, actor: Actor, manifest: Manifest, action: ManifestAction) -> None:
    """Each section is signed by its own party: generator, carrier (driver) or receiver."""
    section = signing_section(action, manifest.status)
    carries = drives = False
    if section is Section.CARRIER:
        legs = manifest_legs(session, manifest.id)
        carries = any(leg.carrier_id in actor.enterprise_ids for leg in legs)
        drives = any(actor.driver_id == leg.driver_id for leg in legs)
    if not signs_section(
        actor,
        section,
        generator_id=manifest.generator_id,
        receiver_id=manifest.receiver_id,
        carries=carries,
        drives=drives,
    ):
        if section is Section.OVERSIGHT:
            raise Forbidden(msg.OVERSIGHT_SIGNS_CANCEL)
        raise Forbidden(msg.SECTION_SIGNED_BY_OWN_STAFF, section=section.value)


def signs_section(
    actor: Actor, section: Section, *, generator_id: int, receiver_id: int, carries: bool, drives: bool
) -> bool:
    """Whether the actor's own staff signs this section of a manifest.

    `carries`: one of the manifest's legs is carried by an enterprise of the actor; `drives`: the
    actor is the driver of one of its legs. Taking these as facts lets a read that fetched them in
    its own statement (the scan page) apply the same rule without loading the legs.
    """
    if section is Section.GENERATOR:
        return actor.role == Role.EHS_OFFICER and generator_id in actor.enterprise_ids
    if section is Section.CARRIER:
        return (actor.role == Role.DRIVER and drives) or (actor.role == Role.EHS_OFFICER and carries)
    if section is Section.OVERSIGHT:
        return actor.is_regulator and actor.department_kind == DepartmentKind.ECOLOGY_ENVIRONMENT
    return actor.role in (Role.RECEIVER_OPERATOR, Role.EHS_OFFICER) and receiver_id in actor.enterprise_ids


def lock_manifest(session: Session, actor: Actor, manifest_id: int) -> Manifest:
    """The manifest row locked for a write the actor may attempt (else NotFound)."""
    manifest = session.exec(select(Manifest).where(Manifest.id == manifest_id).with_for_update()).first()
    if manifest is None or not is_party(session, actor, manifest_id):
        raise NotFound(msg.MANIFEST_NOT_FOUND, manifest_id=manifest_id)
    return manifest


def sign(
    session: Session,
    actor: Actor,
    manifest: Manifest,
    action: ManifestAction,
    before: dict[str, Any],
    **extra: Any,
) -> None:
    """Record the section's signature and the audit event of the transition."""
    stamp = clock.now()
    session.add(
        Signature(
            manifest_id=manifest.id,
            section=signing_section(action, before.get("status", manifest.status)).value,
            action=action.value,
            user_id=actor.user_id,
            name=actor.display_name,
            role=actor.role,
            at=stamp,
        )
    )
    audit.record(
        session,
        actor=actor,
        action=f"manifest.{action.value}",
        entity="manifest",
        entity_id=manifest.number,
        before=before,
        after={"status": manifest.status, **extra},
    )


def transition(session: Session, actor: Actor, manifest: Manifest, action: ManifestAction) -> dict[str, Any]:
    _require_party(session, actor, manifest, action)
    before = {"status": manifest.status}
    manifest.status = next_manifest_status(manifest.status, action).value
    return before


@use_case("manifest.create")
def create_manifest(
    *,
    session: Session,
    actor: Actor,
    container_ids: Sequence[int],
    receiver_facility_id: int,
    legs: Sequence[LegInput],
    transfer_date: date,
    mode: str = WasteMode.DISPOSE.value,
    planned_method: str | None = None,
    note: str = "",
) -> Manifest:
    """Draft a manifest from stored containers of one waste code; its number is allocated now."""
    if not container_ids:
        raise InvalidInput(msg.NEEDS_CONTAINER, details=[{"field": "container_ids"}])
    if len(set(container_ids)) != len(container_ids):
        raise InvalidInput(msg.CONTAINER_LISTED_TWICE, details=[{"field": "container_ids"}])
    if not legs:
        raise InvalidInput(msg.NEEDS_LEG, details=[{"field": "legs"}])
    try:
        mode = WasteMode(mode).value
    except ValueError:
        raise InvalidInput(msg.UNKNOWN_MODE, details=[{"field": "mode"}], mode=repr(mode)) from None
    containers = list(
        session.exec(select(Container).where(col(Container.id).in_(container_ids)).with_for_update())
    )
    if len(containers) != len(set(container_ids)):
        raise InvalidInput(msg.CONTAINERS_MISSING, details=[{"field": "container_ids"}])
    generator_ids = {c.enterprise_id for c in containers}
    if len(generator_ids) != 1:
        raise InvalidInput(msg.ONE_GENERATOR)
    generator = session.get(Enterprise, generator_ids.pop())
    if not (actor.role == Role.EHS_OFFICER and generator.id in actor.enterprise_ids):
        raise Forbidden(msg.GENERATOR_PREPARES)
    streams = {
        s.id: s
        for s in session.exec(
            select(WasteStream).where(col(WasteStream.id).in_({c.stream_id for c in containers}))
        )
    }
    codes = {s.waste_code for s in streams.values()}
    if len(codes) != 1:
        raise RuleViolation(
            "manifest.one_waste_code",
            msg.ONE_WASTE_CODE(codes=", ".join(sorted(codes))),
            details=[{"waste_codes": sorted(codes)}],
        )
    for container in containers:
        if not container_is_stored(container.status):
            raise RuleViolation(
                "manifest.containers_stored",
                msg.CONTAINER_NOT_STORED(container=container.digital_id, status=container.status),
                details=[{"container": container.digital_id, "status": container.status}],
            )
        if container.manifest_id is not None:
            holder = session.get(Manifest, container.manifest_id)
            if holder is not None and manifest_holds_containers(holder.status):
                raise RuleViolation(
                    "manifest.container_taken",
                    msg.CONTAINER_TAKEN(container=container.digital_id, manifest=holder.number),
                    details=[{"container": container.digital_id, "manifest": holder.number}],
                )
    receiver_facility = session.get(Facility, receiver_facility_id)
    if receiver_facility is None:
        raise InvalidInput(
            msg.FACILITY_MISSING,
            details=[{"field": "receiver_facility_id"}],
            facility_id=receiver_facility_id,
        )
    receiver = session.get(Enterprise, receiver_facility.enterprise_id)
    origin_ids = {c.facility_id for c in containers}
    leg_rows = _validate_legs(session, legs)
    stamp = clock.now()
    serial = next_counter(session, f"manifest:{stamp.year}:{generator.region_code[:4]}")
    manifest = Manifest(
        number=manifest_number(stamp.year, generator.region_code, serial),
        status=ManifestStatus.DRAFT.value,
        waste_code=codes.pop(),
        stream_id=containers[0].stream_id,
        generator_id=generator.id,
        origin_facility_id=origin_ids.pop() if len(origin_ids) == 1 else None,
        receiver_id=receiver.id,
        receiver_facility_id=receiver_facility.id,
        mode=mode,
        planned_method=(planned_method or None),
        transfer_date=transfer_date,
        declared_g=sum(c.net_weight_g for c in containers),
        cross_province=not same_province(generator.region_code, receiver.region_code),
        note=note.strip(),
        created_at=stamp,
        created_by=actor.user_id,
    )
    session.add(manifest)
    session.flush()
    for container in containers:
        container.manifest_id = manifest.id
        session.add(container)
        session.add(
            ManifestContainer(
                manifest_id=manifest.id, container_id=container.id, declared_g=container.net_weight_g
            )
        )
    for seq, leg in enumerate(leg_rows, start=1):
        session.add(
            TransportLeg(
                manifest_id=manifest.id,
                seq=seq,
                carrier_id=leg.carrier_id,
                vehicle_id=leg.vehicle_id,
                driver_id=leg.driver_id,
            )
        )
    audit.record(
        session,
        actor=actor,
        action="manifest.create",
        entity="manifest",
        entity_id=manifest.number,
        after={
            "status": manifest.status,
            "waste_code": manifest.waste_code,
            "declared_g": manifest.declared_g,
            "containers": [c.digital_id for c in containers],
        },
    )
    return manifest


def _validate_legs(session: Session, legs: Sequence[LegInput]) -> list[LegInput]:
    for index, leg in enumerate(legs, start=1):
        carrier = session.get(Enterprise, leg.carrier_id)
        vehicle = session.get(Vehicle, leg.vehicle_id)
        driver = session.get(Driver, leg.driver_id)
        if carrier is None or vehicle is None or driver is None:
            raise InvalidInput(msg.LEG_PARTY_MISSING, details=[{"leg": index}], leg=index)
        if vehicle.carrier_id != carrier.id or driver.carrier_id != carrier.id:
            raise InvalidInput(
                msg.LEG_PARTY_CARRIER, details=[{"leg": index}], leg=index, carrier=carrier.name
            )
    return list(legs)


@use_case("manifest.*")
def cancel(*, session: Session, actor: Actor, manifest_id: int, reason: str) -> Outcome:
    """Cancel before pick-up: the reservation and the containers are released."""
    if not (reason or "").strip():
        raise InvalidInput(msg.CANCEL_NEEDS_REASON, details=[{"field": "reason"}])
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.CANCEL)
    release_reservation(session, manifest)
    release_receiver_reservation(session, manifest)
    if manifest.approval_id is not None:
        approval = session.exec(
            select(TransferApproval).where(TransferApproval.id == manifest.approval_id).with_for_update()
        ).one()
        approval.used_g -= manifest.declared_g
        session.add(approval)
    for _, container in manifest_containers(session, manifest.id):
        container.manifest_id = None
        session.add(container)
    manifest.cancelled_at = clock.now()
    session.add(manifest)
    sign(session, actor, manifest, ManifestAction.CANCEL, before, reason=reason.strip())
    return Outcome(manifest)


REVISABLE: dict[str, Section] = REVISABLE_SECTION_FIELDS


@use_case("manifest.revise")
def revise(
    *, session: Session, actor: Actor, manifest_id: int, field_name: str, new_value: str, reason: str
) -> Revision:
    """Correct a field of a signed section: the original stays beside the new value, with the reason."""
    check_revision_input(field_name, reason)
    manifest = lock_manifest(session, actor, manifest_id)
    revision = apply_revision(session, actor, manifest, field_name, new_value, reason)
    return revision


def check_revision_input(field_name: str, reason: str) -> Section:
    """Refuse a field that cannot be revised or a revision without a reason; return the field's section."""
    if field_name not in REVISABLE:
        raise InvalidInput(
            msg.FIELD_NOT_REVISABLE,
            details=[{"field": "field"}],
            field=repr(field_name),
            revisable=", ".join(REVISABLE),
        )
    if not (reason or "").strip():
        raise InvalidInput(msg.REVISION_NEEDS_REASON, details=[{"field": "reason"}])
    return REVISABLE[field_name]


def apply_revision(
    session: Session, actor: Actor, manifest: Manifest, field_name: str, new_value: str, reason: str
) -> Revision:
    """Record a revision of a locked manifest in the caller's transaction (the caller commits)."""
    section = check_revision_input(field_name, reason)
    if section not in sealed_sections(manifest.status):
        raise RuleViolation(
            "revision.section_not_sealed",
            msg.SECTION_NOT_SEALED(section=section.value),
        )
    action = ManifestAction.SUBMIT if section is Section.GENERATOR else ManifestAction.ACCEPT
    _require_party(session, actor, manifest, action)
    old = str(getattr(manifest, field_name) or "")
    revision = Revision(
        manifest_id=manifest.id,
        section=section.value,
        field=field_name,
        old_value=old,
        new_value=new_value.strip(),
        reason=reason.strip(),
        user_id=actor.user_id,
        at=clock.now(),
    )
    setattr(manifest, field_name, new_value.strip())
    session.add_all([manifest, revision])
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="manifest.revise",
        entity="manifest",
        entity_id=manifest.number,
        before={field_name: old},
        after={field_name: new_value.strip(), "reason": reason.strip()},
    )
    return revision


def require_party(session: Session, actor: Actor, manifest: Manifest, action: ManifestAction) -> None:
    """Refuse unless the actor signs for the section of this action (its party's own staff)."""
    _require_party(session, actor, manifest, action)


def release_reservation(session: Session, manifest: Manifest, accepted_g: int = 0) -> None:
    """Move the declared quantity out of flight; what was accepted counts against the year."""
    if manifest.licence_line_id is None or not manifest.reserved_g:
        return
    usage = session.exec(
        select(LicenceLineUsage)
        .where(
            LicenceLineUsage.line_id == manifest.licence_line_id,
            LicenceLineUsage.year == manifest.reserved_year,
        )
        .with_for_update()
    ).one()
    used_before = usage.accepted_g + usage.in_flight_g
    usage.in_flight_g -= manifest.reserved_g
    usage.accepted_g += accepted_g
    session.add(usage)
    # Weighed more than declared can push the year's use past 80 % at receipt.
    licence_line_use(
        session,
        line_id=manifest.licence_line_id,
        year=manifest.reserved_year,
        before_g=used_before,
        after_g=usage.accepted_g + usage.in_flight_g,
    )
    manifest.reserved_g = 0


def release_receiver_reservation(session: Session, manifest: Manifest, grams: int | None = None) -> None:
    """Give back what the manifest reserved on its receiving facility (arrival, cancellation, refusal).

    `grams` gives back only part (containers refused or lost on the way), all by default. Safe to call
    more than once: a manifest holding nothing releases nothing. A leg to another receiver releases
    here before it changes the manifest's receiving facility.
    """
    held = manifest.facility_reserved_g
    part = held if grams is None else min(max(grams, 0), held)
    if not part:
        return
    stock = session.exec(
        select(FacilityStock)
        .where(FacilityStock.facility_id == manifest.receiver_facility_id)
        .with_for_update()
    ).one()
    stock.reserved_g = max(stock.reserved_g - part, 0)
    manifest.facility_reserved_g = held - part
    session.add_all([stock, manifest])

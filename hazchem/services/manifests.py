"""Electronic transfer manifests (转移联单): each action signs one section, checked at that moment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, or_, select

from hazchem.db import begin_write, use_case
from hazchem.domain import custody as rules
from hazchem.domain.alerting import DEFAULT_LONG_LEG_HOURS
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from hazchem.domain.identifiers import digital_id_from_scan, manifest_number, same_province
from hazchem.domain.licensing import TransportSubject, WasteSubject
from hazchem.domain.lifecycle import (
    ACTION_SECTION,
    REVISABLE_SECTION_FIELDS,
    ContainerAction,
    ManifestAction,
    ManifestStatus,
    Section,
    container_is_stored,
    manifest_actions,
    manifest_holds_containers,
    next_container_status,
    next_manifest_status,
    sealed_sections,
)
from hazchem.domain.oversight import Area
from hazchem.domain.units import kg_to_g
from hazchem.domain.vocab import Role, WasteMode
from hazchem.models import (
    Container,
    Driver,
    Enterprise,
    Facility,
    LicenceLineUsage,
    LicenceScopeLine,
    Manifest,
    ManifestContainer,
    Revision,
    Signature,
    TransferApproval,
    TransportLeg,
    Vehicle,
    WasteStream,
)
from hazchem.services import alerts, audit, registry
from hazchem.services.access import Actor, enterprise_scope, require_read
from hazchem.services.custody import ensure_row, locked_stock, next_counter, now, record_container_event

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


# --- Parties and visibility ---------------------------------------------------------------------


def _legs(session: Session, manifest_id: int) -> list[TransportLeg]:
    return list(
        session.exec(
            select(TransportLeg).where(TransportLeg.manifest_id == manifest_id).order_by(TransportLeg.seq)
        )
    )


def party_enterprises(session: Session, manifest: Manifest) -> set[int]:
    """Generator, carriers and receiver of a manifest."""
    return {
        manifest.generator_id,
        manifest.receiver_id,
        *(leg.carrier_id for leg in _legs(session, manifest.id)),
    }


def is_party(session: Session, actor: Actor, manifest_id: int) -> bool:
    """Tell whether the actor may see a manifest (a party to it, or a regulator or administrator)."""
    if enterprise_scope(actor) is None:
        return True
    manifest = session.get(Manifest, manifest_id)
    return manifest is not None and bool(party_enterprises(session, manifest) & actor.enterprise_ids)


def get_manifest(*, session: Session, actor: Actor, manifest_id: int) -> Manifest:
    """A manifest the actor may see, else NotFound (Forbidden for a department that does not oversee them)."""
    require_read(actor, Area.WASTE_MANIFESTS)
    manifest = session.get(Manifest, manifest_id)
    if manifest is None or not is_party(session, actor, manifest_id):
        raise NotFound(f"manifest {manifest_id} not found")
    return manifest


def list_manifests(
    *, session: Session, actor: Actor, status: str | None = None, after: int | None = None, limit: int = 50
) -> list[Manifest]:
    """Manifests the actor is party to (all for administrators and overseeing regulators), newest first."""
    require_read(actor, Area.WASTE_MANIFESTS)
    query = select(Manifest).order_by(col(Manifest.id).desc()).limit(min(max(limit, 1), 500))
    scope = enterprise_scope(actor)
    if scope is not None:
        ids = list(scope) or [-1]
        leg_manifests = select(TransportLeg.manifest_id).where(col(TransportLeg.carrier_id).in_(ids))
        query = query.where(
            or_(
                col(Manifest.generator_id).in_(ids),
                col(Manifest.receiver_id).in_(ids),
                col(Manifest.id).in_(leg_manifests),
            )
        )
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
        result.append(action.value)
    return result


def _require_party(session: Session, actor: Actor, manifest: Manifest, action: ManifestAction) -> None:
    """Each section is signed by its own party: generator, carrier (driver) or receiver."""
    section = ACTION_SECTION[action]
    if section is Section.GENERATOR:
        ok = actor.role == Role.EHS_OFFICER and manifest.generator_id in actor.enterprise_ids
    elif section is Section.CARRIER:
        legs = _legs(session, manifest.id)
        ok = any(
            (actor.role == Role.DRIVER and actor.driver_id == leg.driver_id)
            or (actor.role == Role.EHS_OFFICER and leg.carrier_id in actor.enterprise_ids)
            for leg in legs
        )
    else:
        ok = (
            actor.role in (Role.RECEIVER_OPERATOR, Role.EHS_OFFICER)
            and manifest.receiver_id in actor.enterprise_ids
        )
    if not ok:
        raise Forbidden(f"the {section.value} section is signed by the {section.value}'s own staff")


def _lock_manifest(session: Session, actor: Actor, manifest_id: int) -> Manifest:
    manifest = session.exec(select(Manifest).where(Manifest.id == manifest_id).with_for_update()).first()
    if manifest is None or not is_party(session, actor, manifest_id):
        raise NotFound(f"manifest {manifest_id} not found")
    return manifest


def _sign(
    session: Session,
    actor: Actor,
    manifest: Manifest,
    action: ManifestAction,
    before: dict[str, Any],
    **extra: Any,
) -> None:
    """Record the section's signature and the audit event of the transition."""
    stamp = now()
    session.add(
        Signature(
            manifest_id=manifest.id,
            section=ACTION_SECTION[action].value,
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


def _transition(session: Session, actor: Actor, manifest: Manifest, action: ManifestAction) -> dict[str, Any]:
    _require_party(session, actor, manifest, action)
    before = {"status": manifest.status}
    manifest.status = next_manifest_status(manifest.status, action).value
    return before


# --- Creation -----------------------------------------------------------------------------------


@use_case
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
        raise InvalidInput("a manifest needs at least one container", details=[{"field": "container_ids"}])
    if len(set(container_ids)) != len(container_ids):
        raise InvalidInput("a container is listed twice", details=[{"field": "container_ids"}])
    if not legs:
        raise InvalidInput("a manifest needs at least one transport leg", details=[{"field": "legs"}])
    try:
        mode = WasteMode(mode).value
    except ValueError:
        raise InvalidInput(
            f"mode {mode!r} is not collect, store, utilise or dispose", details=[{"field": "mode"}]
        ) from None
    begin_write(session)
    containers = list(
        session.exec(select(Container).where(col(Container.id).in_(container_ids)).with_for_update())
    )
    if len(containers) != len(set(container_ids)):
        raise InvalidInput("some containers do not exist", details=[{"field": "container_ids"}])
    generator_ids = {c.enterprise_id for c in containers}
    if len(generator_ids) != 1:
        raise InvalidInput("all containers of a manifest come from one generator")
    generator = session.get(Enterprise, generator_ids.pop())
    if not (actor.role == Role.EHS_OFFICER and generator.id in actor.enterprise_ids):
        raise Forbidden("only the generator's EHS officer prepares its manifests")
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
            f"one waste code per manifest; these containers carry {', '.join(sorted(codes))}",
            details=[{"waste_codes": sorted(codes)}],
        )
    for container in containers:
        if not container_is_stored(container.status):
            raise RuleViolation(
                "manifest.containers_stored",
                f"container {container.digital_id} is {container.status}, not in storage",
                details=[{"container": container.digital_id, "status": container.status}],
            )
        if container.manifest_id is not None:
            holder = session.get(Manifest, container.manifest_id)
            if holder is not None and manifest_holds_containers(holder.status):
                raise RuleViolation(
                    "manifest.container_taken",
                    f"container {container.digital_id} is already on manifest {holder.number}",
                    details=[{"container": container.digital_id, "manifest": holder.number}],
                )
    receiver_facility = session.get(Facility, receiver_facility_id)
    if receiver_facility is None:
        raise InvalidInput(
            f"facility {receiver_facility_id} does not exist", details=[{"field": "receiver_facility_id"}]
        )
    receiver = session.get(Enterprise, receiver_facility.enterprise_id)
    origin_ids = {c.facility_id for c in containers}
    leg_rows = _validate_legs(session, legs)
    stamp = now()
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
    session.commit()
    return manifest


def _validate_legs(session: Session, legs: Sequence[LegInput]) -> list[LegInput]:
    for index, leg in enumerate(legs, start=1):
        carrier = session.get(Enterprise, leg.carrier_id)
        vehicle = session.get(Vehicle, leg.vehicle_id)
        driver = session.get(Driver, leg.driver_id)
        if carrier is None or vehicle is None or driver is None:
            raise InvalidInput(
                f"leg {index}: carrier, vehicle or driver does not exist", details=[{"leg": index}]
            )
        if vehicle.carrier_id != carrier.id or driver.carrier_id != carrier.id:
            raise InvalidInput(
                f"leg {index}: the vehicle and the driver must belong to {carrier.name}",
                details=[{"leg": index}],
            )
    return list(legs)


# --- Submission: the generator signs ------------------------------------------------------------


@use_case
def submit(*, session: Session, actor: Actor, manifest_id: int) -> Outcome:
    """Sign the generator section after the licence, annual-scale, carrier and approval checks."""
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    before = _transition(session, actor, manifest, ManifestAction.SUBMIT)
    stream = session.get(WasteStream, manifest.stream_id)
    on = manifest.transfer_date
    coverage = registry.licence_coverage(
        session=session,
        enterprise_id=manifest.receiver_id,
        type_code=HW_LICENCE,
        on=on,
        subject=WasteSubject(manifest.waste_code, manifest.mode, manifest.planned_method),
    )
    receiver = session.get(Enterprise, manifest.receiver_id)
    if not coverage:
        refusal = RuleViolation(
            "submit.receiver_licence",
            f"{receiver.name} holds no valid 危险废物经营许可证 covering {manifest.waste_code} "
            f"({manifest.mode}) on {on}: " + "; ".join(r.message for r in coverage.reasons),
            details=[
                {"code": r.code, "licence": r.licence_number, "message": r.message} for r in coverage.reasons
            ],
        )
        # Shipping to an unlicensed receiver is a compliance problem: the department sees the attempt.
        alerts.record_refusal(
            session,
            refusal=refusal,
            actor=actor,
            key=f"refusal:submit.receiver_licence:{manifest.id}:{now().date()}",
            entity="manifest",
            entity_id=manifest.number,
            enterprise_id=manifest.generator_id,
            details={"manifest_id": manifest.id, "receiver_id": receiver.id, "transfer_date": str(on)},
        )
        raise refusal
    warnings = []
    line = coverage.line
    ensure_row(session, LicenceLineUsage, line_id=line.id, year=on.year, accepted_g=0, in_flight_g=0)
    usage = session.exec(
        select(LicenceLineUsage)
        .where(LicenceLineUsage.line_id == line.id, LicenceLineUsage.year == on.year)
        .with_for_update()
    ).one()
    label = line.waste_code or line.waste_category or ""
    warning = rules.check_annual_scale(
        coverage.licence.number,
        label,
        line.annual_scale_kg or 0,
        usage.accepted_g,
        usage.in_flight_g,
        manifest.declared_g,
    )
    if warning:
        warnings.append(warning)
    for leg in _legs(session, manifest.id):
        subject = TransportSubject(stream.dg_class) if stream.dg_class else None
        carried = registry.licence_coverage(
            session=session, enterprise_id=leg.carrier_id, type_code=TRANSPORT_LICENCE, on=on, subject=subject
        )
        if not carried:
            carrier = session.get(Enterprise, leg.carrier_id)
            raise RuleViolation(
                "submit.carrier_licence",
                f"carrier {carrier.name} holds no valid road dangerous-goods transport licence"
                f" on {on}: " + "; ".join(r.message for r in carried.reasons),
                details=[{"code": r.code, "licence": r.licence_number} for r in carried.reasons],
            )
    if manifest.cross_province:
        manifest.approval_id = _reserve_approval(session, manifest)
    used_before = usage.accepted_g + usage.in_flight_g
    usage.in_flight_g += manifest.declared_g
    session.add(usage)
    alerts.licence_line_use(
        session,
        line_id=line.id,
        year=on.year,
        before_g=used_before,
        after_g=used_before + manifest.declared_g,
    )
    manifest.licence_line_id, manifest.reserved_year, manifest.reserved_g = (
        line.id,
        on.year,
        manifest.declared_g,
    )
    manifest.submitted_at = now()
    session.add(manifest)
    _sign(
        session,
        actor,
        manifest,
        ManifestAction.SUBMIT,
        before,
        licence=coverage.licence.number,
        line_id=line.id,
        reserved_g=manifest.declared_g,
        warnings=warnings,
    )
    session.commit()
    return Outcome(manifest, warnings)


def _reserve_approval(session: Session, manifest: Manifest) -> int:
    on = manifest.transfer_date
    approvals = list(
        session.exec(
            select(TransferApproval)
            .where(
                TransferApproval.generator_id == manifest.generator_id,
                TransferApproval.receiver_id == manifest.receiver_id,
                TransferApproval.waste_code == manifest.waste_code,
            )
            .with_for_update()
        )
    )
    valid = [a for a in approvals if a.valid_from <= on <= a.valid_to]
    for approval in valid:
        if approval.used_g + manifest.declared_g <= approval.quota_g:
            approval.used_g += manifest.declared_g
            session.add(approval)
            return approval.id
    detail = [
        {"approval": a.number, "quota_g": a.quota_g, "used_g": a.used_g, "valid_to": str(a.valid_to)}
        for a in approvals
    ]
    reason = "no approval is valid on that date" if not valid else "the approved quota is used up"
    raise RuleViolation(
        "submit.cross_province_approval",
        f"cross-province transfer of {manifest.waste_code} needs an approval with quota left: "
        f"{reason} ({rules.tonnes(manifest.declared_g)} asked)",
        details=detail,
    )


@use_case
def create_approval(
    *,
    session: Session,
    actor: Actor | None,
    number: str,
    generator_id: int,
    receiver_id: int,
    waste_code: str,
    quota_t: str,
    valid_from: date,
    valid_to: date,
    authority: str = "",
) -> TransferApproval:
    """Record a cross-province transfer approval (administrators or an ecology-environment regulator)."""
    from hazchem.domain.identifiers import validate_waste_code
    from hazchem.domain.units import tonnes_to_kg
    from hazchem.domain.vocab import DepartmentKind

    if actor is not None and not (
        actor.is_admin or actor.department_kind == DepartmentKind.ECOLOGY_ENVIRONMENT
    ):
        raise Forbidden("only the park administrator or ecology and environment record transfer approvals")
    quota_kg = tonnes_to_kg(quota_t, "quota")
    if not quota_kg or valid_to < valid_from or not number.strip():
        raise InvalidInput("an approval needs a number, a positive quota and valid dates")
    begin_write(session)
    approval = TransferApproval(
        number=number.strip(),
        generator_id=generator_id,
        receiver_id=receiver_id,
        waste_code=validate_waste_code(waste_code),
        quota_g=quota_kg * rules.G_PER_KG,
        valid_from=valid_from,
        valid_to=valid_to,
        authority=authority.strip(),
    )
    if session.exec(select(TransferApproval.id).where(TransferApproval.number == approval.number)).first():
        raise Conflict(
            f"transfer approval {approval.number} is already recorded", details=[{"field": "number"}]
        )
    session.add(approval)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="approval.create",
        entity="transferapproval",
        entity_id=approval.id,
        after={"number": approval.number, "quota_g": approval.quota_g},
    )
    session.commit()
    return approval


def _release_reservation(session: Session, manifest: Manifest, accepted_g: int = 0) -> None:
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
    alerts.licence_line_use(
        session,
        line_id=manifest.licence_line_id,
        year=manifest.reserved_year,
        before_g=used_before,
        after_g=usage.accepted_g + usage.in_flight_g,
    )
    manifest.reserved_g = 0


# --- Cancellation -------------------------------------------------------------------------------


@use_case
def cancel(*, session: Session, actor: Actor, manifest_id: int, reason: str) -> Outcome:
    """Cancel before pick-up: the reservation and the containers are released."""
    if not (reason or "").strip():
        raise InvalidInput("a reason is required to cancel a manifest", details=[{"field": "reason"}])
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    before = _transition(session, actor, manifest, ManifestAction.CANCEL)
    _release_reservation(session, manifest)
    if manifest.approval_id is not None:
        approval = session.exec(
            select(TransferApproval).where(TransferApproval.id == manifest.approval_id).with_for_update()
        ).one()
        approval.used_g -= manifest.declared_g
        session.add(approval)
    for _, container in manifest_containers(session, manifest.id):
        container.manifest_id = None
        session.add(container)
    manifest.cancelled_at = now()
    session.add(manifest)
    _sign(session, actor, manifest, ManifestAction.CANCEL, before, reason=reason.strip())
    session.commit()
    return Outcome(manifest)


# --- Pick-up: the carrier scans and signs -------------------------------------------------------


def _scanned_ids(scanned: Sequence[str]) -> list[str]:
    return [str(digital_id_from_scan(s)) for s in scanned]


@use_case
def pick_up(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    scanned: Sequence[str],
    leg_seq: int = 1,
    on: date | None = None,
) -> Outcome:
    """The carrier scans exactly the manifest's containers; vehicle and driver must be qualified."""
    ids = _scanned_ids(scanned)
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    before = _transition(session, actor, manifest, ManifestAction.PICK_UP)
    rows = manifest_containers(session, manifest.id)
    rules.check_container_set([c.digital_id for _, c in rows], ids)
    legs = {leg.seq: leg for leg in _legs(session, manifest.id)}
    leg = legs.get(leg_seq)
    if leg is None:
        raise InvalidInput(f"manifest {manifest.number} has no leg {leg_seq}", details=[{"field": "leg_seq"}])
    on = on or now().date()
    vehicle, driver = session.get(Vehicle, leg.vehicle_id), session.get(Driver, leg.driver_id)
    rules.check_qualified("vehicle", vehicle.plate, vehicle.valid_to, on)
    rules.check_qualified("driver", driver.name, driver.valid_to, on)
    stamp = now()
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
    _sign(session, actor, manifest, ManifestAction.PICK_UP, before, vehicle=vehicle.plate, driver=driver.name)
    session.commit()
    return Outcome(manifest)


# --- Arrival, weighing and acceptance: the receiver -----------------------------------------------


@use_case
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
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    before = _transition(session, actor, manifest, ManifestAction.DELIVER)
    rows = manifest_containers(session, manifest.id)
    try:
        rules.check_container_set([c.digital_id for _, c in rows], ids)
    except RuleViolation as exc:
        raise RuleViolation("arrival.container_set", exc.message, details=exc.details) from None
    facility = session.get(Facility, manifest.receiver_facility_id)
    stock = locked_stock(session, facility.id)
    try:
        rules.check_storage_capacity(
            facility.name, facility.storage_capacity_kg, stock.stock_g, manifest.declared_g
        )
    except RuleViolation as exc:
        raise RuleViolation("arrival.receiver_storage_capacity", exc.message, details=exc.details) from None
    alerts.facility_use(
        session, facility=facility, before_g=stock.stock_g, after_g=stock.stock_g + manifest.declared_g
    )
    stock.stock_g += manifest.declared_g
    session.add(stock)
    stamp = now()
    for _, container in rows:
        snapshot = {"status": container.status, "facility_id": container.facility_id}
        container.status = next_container_status(container.status, ContainerAction.RECEIVE).value
        container.facility_id, container.stored_at = facility.id, stamp
        session.add(container)
        record_container_event(
            session, actor, "receive", container, snapshot, manifest=manifest.number, facility=facility.name
        )
    for leg in _legs(session, manifest.id):
        leg.delivered_at = leg.delivered_at or stamp
        session.add(leg)
        alerts.long_leg(session, leg=leg, manifest=manifest, end=leg.delivered_at, hours=long_leg_hours)
    manifest.delivered_at = stamp
    session.add(manifest)
    _sign(session, actor, manifest, ManifestAction.DELIVER, before)
    session.commit()
    return Outcome(manifest)


@use_case
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
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    rows = manifest_containers(session, manifest.id)
    by_id = {c.digital_id: (mc, c) for mc, c in rows}
    unknown = sorted((set(weights) | set(rejected)) - set(by_id))
    missing = sorted(set(by_id) - set(weights))
    if unknown or missing:
        raise InvalidInput(
            "weigh every container of the manifest and no other",
            details=[{"missing": missing, "not_on_manifest": unknown}],
        )
    blank = [cid for cid, reason in rejected.items() if not (reason or "").strip()]
    if blank:
        raise InvalidInput("a rejected container needs a reason", details=[{"containers": blank}])
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
            f"{len(deviations)} container(s) differ from the declared weight by more than "
            f"{tolerance * 100:.0f} %: "
            + ", ".join(f"{d['container']} ({d['deviation_percent']} %)" for d in deviations)
            + "; add a note",
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
    before = _transition(session, actor, manifest, action)
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
    alerts.facility_use(
        session,
        facility=session.get(Facility, manifest.receiver_facility_id),
        before_g=stock_before,
        after_g=stock.stock_g,
    )
    alerts.weight_discrepancy(session, manifest=manifest, deviations=deviations, tolerance=tolerance)
    _release_reservation(session, manifest, accepted_g)
    manifest.received_g = sum(weights.values())
    manifest.accepted_g = accepted_g
    manifest.anomaly = bool(deviations)
    manifest.anomaly_note = anomaly_note.strip()
    manifest.accepted_at = now()
    session.add(manifest)
    _sign(
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
    session.commit()
    return Outcome(manifest, [{"rule": "receipt.weight_tolerance", **d} for d in deviations])


# --- Treatment and closing ----------------------------------------------------------------------


@use_case
def record_treatment(*, session: Session, actor: Actor, manifest_id: int, method_code: str) -> Outcome:
    """Record the R/D method; it must be within the receiver's licence scope line."""
    method = (method_code or "").strip().upper()
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    before = _transition(session, actor, manifest, ManifestAction.TREAT)
    line = session.get(LicenceScopeLine, manifest.licence_line_id) if manifest.licence_line_id else None
    if line is None or method not in line.method_codes:
        allowed = ", ".join(line.method_codes) if line else "none"
        raise RuleViolation(
            "treatment.method_scope",
            f"method {method or '(none)'} is outside the licence scope line for "
            f"{manifest.waste_code} (licensed methods: {allowed})",
            details=[{"method": method, "licensed": list(line.method_codes) if line else []}],
        )
    stock = locked_stock(session, manifest.receiver_facility_id)
    for mc, container in manifest_containers(session, manifest.id):
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
    manifest.treated_at = now()
    session.add(manifest)
    _sign(session, actor, manifest, ManifestAction.TREAT, before, method=method)
    session.commit()
    return Outcome(manifest)


@use_case
def close(*, session: Session, actor: Actor, manifest_id: int) -> Outcome:
    """Close a treated (or wholly rejected) manifest: the record is complete."""
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    before = _transition(session, actor, manifest, ManifestAction.CLOSE)
    manifest.closed_at = now()
    session.add(manifest)
    _sign(session, actor, manifest, ManifestAction.CLOSE, before)
    session.commit()
    return Outcome(manifest)


# --- Revisions of sealed sections ---------------------------------------------------------------

REVISABLE: dict[str, Section] = REVISABLE_SECTION_FIELDS


@use_case
def revise(
    *, session: Session, actor: Actor, manifest_id: int, field_name: str, new_value: str, reason: str
) -> Revision:
    """Correct a field of a signed section: the original stays beside the new value, with the reason."""
    check_revision_input(field_name, reason)
    begin_write(session)
    manifest = _lock_manifest(session, actor, manifest_id)
    revision = apply_revision(session, actor, manifest, field_name, new_value, reason)
    session.commit()
    return revision


def check_revision_input(field_name: str, reason: str) -> Section:
    """Refuse a field that cannot be revised or a revision without a reason; return the field's section."""
    if field_name not in REVISABLE:
        raise InvalidInput(
            f"field {field_name!r} cannot be revised; revisable: {', '.join(REVISABLE)}",
            details=[{"field": "field"}],
        )
    if not (reason or "").strip():
        raise InvalidInput("a revision needs a reason", details=[{"field": "reason"}])
    return REVISABLE[field_name]


def apply_revision(
    session: Session, actor: Actor, manifest: Manifest, field_name: str, new_value: str, reason: str
) -> Revision:
    """Record a revision of a locked manifest in the caller's transaction (the caller commits)."""
    section = check_revision_input(field_name, reason)
    if section not in sealed_sections(manifest.status):
        raise RuleViolation(
            "revision.section_not_sealed",
            f"the {section.value} section is not signed yet; edit the draft instead",
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
        at=now(),
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


def lock_manifest(session: Session, actor: Actor, manifest_id: int) -> Manifest:
    """The manifest row locked for a write the actor may attempt (else NotFound)."""
    return _lock_manifest(session, actor, manifest_id)


def require_party(session: Session, actor: Actor, manifest: Manifest, action: ManifestAction) -> None:
    """Refuse unless the actor signs for the section of this action (its party's own staff)."""
    _require_party(session, actor, manifest, action)


def usage(*, session: Session, line_id: int, year: int) -> LicenceLineUsage | None:
    """The running annual-scale totals of a licence line."""
    return session.get(LicenceLineUsage, (line_id, year))

"""Submission: the generator signs, receiver, carrier and approval checks run, capacity is reserved."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from hazchem.domain import custody as rules
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from hazchem.domain.lifecycle import (
    ManifestAction,
)
from hazchem.models import (
    Facility,
    LicenceLineUsage,
    Manifest,
    TransferApproval,
    Vehicle,
    WasteStream,
)
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.alerts import licence_line_use, record_refusal
from hazchem.services.platform.rows import ensure_row
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg
from hazchem.services.waste.manifests import (
    Outcome,
    lock_manifest,
    manifest_legs,
    sign,
    transition,
)
from hazchem.services.waste.receiving import check_receiving_facility, reserve_receiver_capacity
from hazchem.services.waste.transport import check_carrier_licence, check_vehicle_load


@use_case("manifest.*")
def submit(*, session: Session, actor: Actor, manifest_id: int) -> Outcome:
    """Sign the generator section after the receiver, annual-scale, vehicle, carrier and approval checks."""
    manifest = lock_manifest(session, actor, manifest_id)
    before = transition(session, actor, manifest, ManifestAction.SUBMIT)
    stream = session.get(WasteStream, manifest.stream_id)
    on = manifest.transfer_date
    facility = session.get(Facility, manifest.receiver_facility_id)
    try:
        checked = check_receiving_facility(session, consignment=manifest, facility=facility, on=on)
    except RuleViolation as refusal:
        if refusal.rule == "submit.receiver_licence":
            # Shipping to an unlicensed receiver is a compliance problem: the department sees the attempt.
            record_refusal(
                session,
                refusal=refusal,
                actor=actor,
                key=f"refusal:submit.receiver_licence:{manifest.id}:{park_today(actor)}",
                entity="manifest",
                entity_id=manifest.number,
                enterprise_id=manifest.generator_id,
                details={
                    "manifest_id": manifest.id,
                    "receiver_id": manifest.receiver_id,
                    "transfer_date": str(on),
                },
            )
        raise
    coverage = checked.coverage
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
    for leg in manifest_legs(session, manifest.id):
        check_vehicle_load(session.get(Vehicle, leg.vehicle_id), stream)
        check_carrier_licence(session, carrier_id=leg.carrier_id, stream=stream, on=on, stage="submit")
    if manifest.cross_province:
        manifest.approval_id = _reserve_approval(session, manifest)
    used_before = usage.accepted_g + usage.in_flight_g
    usage.in_flight_g += manifest.declared_g
    session.add(usage)
    licence_line_use(
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
    reserve_receiver_capacity(session, manifest, checked.stock)
    manifest.submitted_at = clock.now()
    session.add(manifest)
    sign(
        session,
        actor,
        manifest,
        ManifestAction.SUBMIT,
        before,
        licence=coverage.licence.number,
        line_id=line.id,
        reserved_g=manifest.declared_g,
        facility=facility.name,
        facility_reserved_g=manifest.facility_reserved_g,
        warnings=warnings,
    )
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
    reason = msg.NO_APPROVAL_VALID if not valid else msg.APPROVAL_QUOTA_USED
    raise RuleViolation(
        "submit.cross_province_approval",
        msg.APPROVAL_NEEDED(
            waste_code=manifest.waste_code, reason=reason(), asked=rules.tonnes(manifest.declared_g)
        ),
        details=detail,
    )


@use_case("approval.create")
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
        raise Forbidden(msg.APPROVAL_RECORDERS)
    quota_kg = tonnes_to_kg(quota_t, "quota")
    if not quota_kg or valid_to < valid_from or not number.strip():
        raise InvalidInput(msg.APPROVAL_INCOMPLETE)
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
        raise Conflict(msg.APPROVAL_DUPLICATE, details=[{"field": "number"}], number=approval.number)

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
    return approval


def usage(*, session: Session, line_id: int, year: int) -> LicenceLineUsage | None:
    """The running annual-scale totals of a licence line."""
    return session.get(LicenceLineUsage, (line_id, year))

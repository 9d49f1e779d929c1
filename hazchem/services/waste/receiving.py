"""The receiving facility's checks, shared by submission, pick-up and any leg to another receiver.

A receiver must hold a licence whose scope line covers the waste, mode and planned method on the
date; the facility must be able to receive (a storage capacity or a direct-feed intake rate), its
free capacity less what other manifests in flight reserved must cover the quantity, and its kind
must be able to perform the planned method. Capacity is reserved at submission and released when
the waste enters the facility's stock or the manifest ends without arriving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from hazchem.domain import receiving as rules
from hazchem.domain.errors import RuleViolation
from hazchem.domain.licensing import Coverage, WasteSubject
from hazchem.models import Enterprise, Facility, FacilityStock, Manifest
from hazchem.services.registry.licences import licence_coverage
from hazchem.services.waste import messages as msg
from hazchem.services.waste.containers import locked_stock
from hazchem.services.waste.manifests import HW_LICENCE, release_receiver_reservation

__all__ = [
    "STAGES",
    "Consignment",
    "ReceiverCheck",
    "check_receiving_facility",
    "release_receiver_reservation",
    "reserve_receiver_capacity",
]

# The action a check runs for; it prefixes the licence rule code (submit.receiver_licence, …).
STAGES = ("submit", "pickup", "redirect")


@dataclass(frozen=True)
class Consignment:
    """What a receiving facility is asked to take: which waste, how, by which method, how much.

    `held_g` is what the consignment already reserved on this facility (a manifest at pick-up).
    """

    waste_code: str
    mode: str
    planned_method: str | None
    quantity_g: int
    held_g: int = 0

    @classmethod
    def of(cls, manifest: Manifest, facility_id: int | None = None) -> Consignment:
        """A manifest as a consignment to `facility_id` (its own receiving facility by default)."""
        own = facility_id in (None, manifest.receiver_facility_id)
        return cls(
            waste_code=manifest.waste_code,
            mode=manifest.mode,
            planned_method=manifest.planned_method,
            quantity_g=manifest.declared_g,
            held_g=manifest.facility_reserved_g if own else 0,
        )


@dataclass(frozen=True)
class ReceiverCheck:
    """What passed: the licence and line covering the waste, and the facility's stock row (locked)."""

    coverage: Coverage
    stock: FacilityStock


def check_receiving_facility(
    session: Session,
    *,
    consignment: Consignment | Manifest,
    facility: Facility,
    on: date,
    stage: str = "submit",
) -> ReceiverCheck:
    """Refuse a facility that cannot take the consignment on `on`; its stock row stays locked.

    Checks, in order: the receiver's hazardous-waste operating licence covers waste code, mode and
    planned method on the date (`<stage>.receiver_licence`); the facility can receive
    (`receiver.cannot_receive`); its kind performs the planned method (`receiver.method_facility`);
    its free capacity less others' reservations covers the quantity (`receiver.free_capacity`).
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    if isinstance(consignment, Manifest):
        consignment = Consignment.of(consignment, facility.id)
    receiver = session.get(Enterprise, facility.enterprise_id)
    coverage = licence_coverage(
        session=session,
        enterprise_id=facility.enterprise_id,
        type_code=HW_LICENCE,
        on=on,
        subject=WasteSubject(consignment.waste_code, consignment.mode, consignment.planned_method),
    )
    if not coverage:
        raise RuleViolation(
            f"{stage}.receiver_licence",
            msg.RECEIVER_UNLICENSED(
                receiver=receiver.name,
                waste_code=consignment.waste_code,
                mode=consignment.mode,
                on=str(on),
                reasons=[r.said for r in coverage.reasons],
            ),
            details=[
                {"code": r.code, "licence": r.licence_number, "message": r.message} for r in coverage.reasons
            ],
        )
    limit_kg = rules.check_can_receive(
        facility.name, facility.storage_capacity_kg, facility.intake_rate_kg_per_day
    )
    rules.check_method_performed(facility.name, facility.kind, consignment.planned_method)
    stock = locked_stock(session, facility.id)
    rules.check_free_capacity(
        facility.name, limit_kg, stock.stock_g, stock.reserved_g, consignment.held_g, consignment.quantity_g
    )
    return ReceiverCheck(coverage, stock)


def reserve_receiver_capacity(
    session: Session, manifest: Manifest, stock: FacilityStock, quantity_g: int | None = None
) -> None:
    """Hold the manifest's quantity (declared by default) on its receiving facility, the stock row locked by
    the check; a redirect holds what is still on the vehicle."""
    wanted = manifest.declared_g if quantity_g is None else quantity_g
    missing = wanted - manifest.facility_reserved_g
    if missing:
        stock.reserved_g += missing
        manifest.facility_reserved_g = wanted
        session.add_all([stock, manifest])

"""A leg's fitness for its load: the vehicle's dangerous-goods classes and the carrier's road licence.

Submission, pick-up and any new leg (a change of vehicle) run the same checks.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from hazchem.domain.dangerous_goods import TransportData, check_vehicle_classes
from hazchem.domain.errors import RuleViolation
from hazchem.domain.licensing import TransportSubject
from hazchem.models import Enterprise, Vehicle, WasteStream
from hazchem.services.registry.licences import licence_coverage
from hazchem.services.waste import messages as msg
from hazchem.services.waste.manifests import TRANSPORT_LICENCE


def transport_data(stream: WasteStream) -> TransportData:
    """The stream's transport classification as plain data."""
    return TransportData(
        dg_class=stream.dg_class,
        un_number=stream.un_number,
        packing_group=stream.packing_group,
        not_dg_reason=stream.not_dg_reason or "",
    )


def check_vehicle_load(vehicle: Vehicle, stream: WasteStream) -> None:
    """Refuse a vehicle whose classes do not cover the stream's (or a stream without transport data)."""
    check_vehicle_classes(vehicle.plate, vehicle.dg_classes or [], stream.name, transport_data(stream))


def check_carrier_licence(
    session: Session, *, carrier_id: int, stream: WasteStream, on: date, stage: str = "submit"
) -> None:
    """Refuse a carrier without a road dangerous-goods transport licence for the stream's class on `on`."""
    subject = TransportSubject(stream.dg_class) if stream.dg_class else None
    carried = licence_coverage(
        session=session, enterprise_id=carrier_id, type_code=TRANSPORT_LICENCE, on=on, subject=subject
    )
    if not carried:
        carrier = session.get(Enterprise, carrier_id)
        raise RuleViolation(
            f"{stage}.carrier_licence",
            msg.CARRIER_UNLICENSED(
                carrier=carrier.name, on=str(on), reasons=[r.said for r in carried.reasons]
            ),
            details=[{"code": r.code, "licence": r.licence_number} for r in carried.reasons],
        )

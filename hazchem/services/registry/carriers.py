"""Carriers' vehicles and drivers, with their dangerous-goods qualifications."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from hazchem.domain.errors import Conflict, InvalidInput
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import (
    EnterpriseRole,
)
from hazchem.models import (
    Driver,
    Enterprise,
    Vehicle,
)
from hazchem.services.platform.access import (
    Actor,
    enterprise_scope,
    require_read,
)
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.facilities import require_owner_or_admin
from hazchem.services.registry.fields import flush_with_event, require_text

DG_CLASS_RE = re.compile(r"^[1-9](\.[1-6])?$")


_PLATE_RE = re.compile(r"^[\u4e00-\u9fff][A-Z][A-Z0-9]{5,6}$")


def _carrier(session: Session, carrier_id: int) -> Enterprise:
    carrier = session.get(Enterprise, carrier_id)
    if carrier is None:
        raise InvalidInput(
            msg.ENTERPRISE_MISSING, enterprise_id=carrier_id, details=[{"field": "carrier_id"}]
        )
    if EnterpriseRole.CARRIER not in carrier.roles:
        raise InvalidInput(msg.NOT_A_CARRIER, name=carrier.name, details=[{"field": "carrier_id"}])
    return carrier


def list_vehicles(*, session: Session, actor: Actor, carrier_id: int | None = None) -> list[Vehicle]:
    """Vehicles the actor may see (its own carrier's; all for administrators and overseeing regulators)."""
    require_read(actor, Area.VEHICLES)
    query = select(Vehicle).order_by(Vehicle.id)
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Vehicle.carrier_id).in_(scope or [-1]))
    if carrier_id is not None:
        query = query.where(Vehicle.carrier_id == carrier_id)
    return list(session.exec(query))


@use_case("vehicle.create")
def create_vehicle(
    *,
    session: Session,
    actor: Actor | None,
    carrier_id: int,
    plate: str,
    certificate_no: str,
    dg_classes: Sequence[str],
    valid_to: date,
) -> Vehicle:
    """Register a dangerous-goods vehicle of a carrier (administrators or the carrier's officer)."""
    if actor is not None:
        require_owner_or_admin(actor, carrier_id, msg.REGISTER_VEHICLES)
    plate = (plate or "").strip().upper()
    if not _PLATE_RE.match(plate):
        raise InvalidInput(msg.BAD_PLATE, plate=plate, details=[{"field": "plate"}])
    classes = list(dict.fromkeys(c.strip() for c in dg_classes))
    bad = [c for c in classes if not DG_CLASS_RE.match(c)]
    if bad or not classes:
        refusal = msg.BAD_DG_CLASSES(classes=", ".join(bad)) if bad else msg.NO_DG_CLASSES()
        raise InvalidInput(refusal, details=[{"field": "dg_classes"}])
    vehicle = Vehicle(
        carrier_id=carrier_id,
        plate=plate,
        certificate_no=require_text(certificate_no, "certificate_no", 60),
        dg_classes=classes,
        valid_to=valid_to,
    )
    _carrier(session, carrier_id)
    if session.exec(select(Vehicle.id).where(Vehicle.plate == plate)).first():
        raise Conflict(msg.VEHICLE_TAKEN, plate=plate, details=[{"field": "plate"}])
    session.add(vehicle)
    flush_with_event(
        session,
        actor,
        "vehicle.create",
        vehicle,
        ("carrier_id", "plate", "certificate_no", "dg_classes", "valid_to"),
        what=msg.VEHICLE(plate=plate),
    )
    return vehicle


def list_drivers(*, session: Session, actor: Actor, carrier_id: int | None = None) -> list[Driver]:
    """Drivers the actor may see (its own carrier's; all for administrators and overseeing regulators)."""
    require_read(actor, Area.DRIVERS)
    query = select(Driver).order_by(Driver.id)
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Driver.carrier_id).in_(scope or [-1]))
    if carrier_id is not None:
        query = query.where(Driver.carrier_id == carrier_id)
    return list(session.exec(query))


@use_case("driver.create")
def create_driver(
    *, session: Session, actor: Actor | None, carrier_id: int, name: str, certificate_no: str, valid_to: date
) -> Driver:
    """Register a qualified driver of a carrier (administrators or the carrier's officer)."""
    if actor is not None:
        require_owner_or_admin(actor, carrier_id, msg.REGISTER_DRIVERS)
    driver = Driver(
        carrier_id=carrier_id,
        name=require_text(name, "name", 60),
        certificate_no=require_text(certificate_no, "certificate_no", 60),
        valid_to=valid_to,
    )
    _carrier(session, carrier_id)
    if session.exec(select(Driver.id).where(Driver.certificate_no == driver.certificate_no)).first():
        raise Conflict(
            msg.DRIVER_TAKEN,
            certificate_no=driver.certificate_no,
            details=[{"field": "certificate_no"}],
        )
    session.add(driver)
    flush_with_event(
        session,
        actor,
        "driver.create",
        driver,
        ("carrier_id", "name", "certificate_no", "valid_to"),
        what=msg.DRIVER(certificate_no=driver.certificate_no),
    )
    return driver

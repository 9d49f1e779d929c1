"""Dispatch: a carrier's dispatcher gives each of its legs a vehicle and a driver before pick-up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from hazchem.domain import custody as rules
from hazchem.domain.errors import Forbidden, InvalidInput, RuleViolation
from hazchem.domain.lifecycle import leg_assignable, manifest_is_draft
from hazchem.models import Driver, Enterprise, Manifest, TransportLeg, Vehicle, WasteStream
from hazchem.services.platform import audit
from hazchem.services.platform.access import Actor, is_dispatcher_of
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import messages as msg
from hazchem.services.waste.manifests import lock_manifest, manifest_legs
from hazchem.services.waste.transport import check_vehicle_load


@dataclass(frozen=True)
class Fleet:
    """A carrier's vehicles and drivers, to choose a leg's from."""

    vehicles: list[Vehicle]
    drivers: list[Driver]


def carrier_fleet(session: Session, carrier_id: int) -> Fleet:
    """A carrier's vehicles and drivers, oldest first."""
    vehicles = select(Vehicle).where(Vehicle.carrier_id == carrier_id).order_by(col(Vehicle.id))
    drivers = select(Driver).where(Driver.carrier_id == carrier_id).order_by(col(Driver.id))
    return Fleet(vehicles=list(session.exec(vehicles)), drivers=list(session.exec(drivers)))


def assignable_legs(session: Session, actor: Actor, manifest: Manifest) -> dict[int, Fleet]:
    """The legs of a visible manifest the actor may (re)assign now, by seq, with their carrier's fleet."""
    if not leg_assignable(manifest.status):
        return {}
    legs = [
        leg
        for leg in manifest_legs(session, manifest.id)
        if leg.picked_up_at is None and is_dispatcher_of(actor, leg.carrier_id)
    ]
    fleets = {carrier: carrier_fleet(session, carrier) for carrier in {leg.carrier_id for leg in legs}}
    return {leg.seq: fleets[leg.carrier_id] for leg in legs}


@use_case("manifest.assign_leg")
def assign_leg(
    *, session: Session, actor: Actor, manifest_id: int, leg_seq: int, vehicle_id: int, driver_id: int
) -> Manifest:
    """Give a leg not yet picked up another vehicle and driver of its carrier, qualified on the transfer date.

    Only the carrier's dispatcher assigns; the driver it names then sees the manifest, the one it
    replaces no longer does.
    """
    manifest = lock_manifest(session, actor, manifest_id)
    leg = session.exec(
        select(TransportLeg)
        .where(TransportLeg.manifest_id == manifest.id, TransportLeg.seq == leg_seq)
        .with_for_update()
    ).first()
    if leg is None:
        raise InvalidInput(
            msg.NO_SUCH_LEG, details=[{"field": "leg_seq"}], manifest=manifest.number, leg=leg_seq
        )
    if not is_dispatcher_of(actor, leg.carrier_id):
        raise Forbidden(msg.DISPATCHER_ASSIGNS)
    if leg.picked_up_at is not None or not leg_assignable(manifest.status):
        raise RuleViolation(
            "dispatch.picked_up",
            msg.LEG_PICKED_UP(leg=leg.seq, manifest=manifest.number, status=manifest.status),
            details=[{"leg": leg.seq, "status": manifest.status}],
        )
    vehicle, driver = session.get(Vehicle, vehicle_id), session.get(Driver, driver_id)
    if vehicle is None:
        raise InvalidInput(msg.VEHICLE_MISSING, details=[{"field": "vehicle_id"}], vehicle_id=vehicle_id)
    if driver is None:
        raise InvalidInput(msg.DRIVER_MISSING, details=[{"field": "driver_id"}], driver_id=driver_id)
    carrier = session.get(Enterprise, leg.carrier_id)
    strangers = []
    if vehicle.carrier_id != carrier.id:
        strangers.append({"vehicle": vehicle.plate})
    if driver.carrier_id != carrier.id:
        strangers.append({"driver": driver.name})
    if strangers:
        named = {kind: name for d in strangers for kind, name in d.items()}
        if len(named) == 2:
            said = msg.CREW_NOT_IN_FLEET
        else:
            said = msg.VEHICLE_NOT_IN_FLEET if "vehicle" in named else msg.DRIVER_NOT_IN_FLEET
        raise RuleViolation(
            "dispatch.carrier_fleet",
            said(**named, carrier=carrier.name, leg=leg.seq),
            details=strangers,
        )
    for kind, name, valid_to in (
        ("vehicle", vehicle.plate, vehicle.valid_to),
        ("driver", driver.name, driver.valid_to),
    ):
        try:
            rules.check_qualified(kind, name, valid_to, manifest.transfer_date)
        except RuleViolation as exc:
            raise RuleViolation(f"dispatch.{kind}_qualification", exc.said, details=exc.details) from None

    if not manifest_is_draft(manifest.status):
        # A submitted manifest's vehicle already passed submission's class check; its replacement must too.
        check_vehicle_load(vehicle, session.get(WasteStream, manifest.stream_id))
    before_vehicle, before_driver = session.get(Vehicle, leg.vehicle_id), session.get(Driver, leg.driver_id)
    leg.vehicle_id, leg.driver_id = vehicle.id, driver.id
    session.add(leg)
    audit.record(
        session,
        actor=actor,
        action="manifest.assign_leg",
        entity="manifest",
        entity_id=manifest.number,
        before={"leg": leg.seq, "vehicle": before_vehicle.plate, "driver": before_driver.name},
        after={"leg": leg.seq, "vehicle": vehicle.plate, "driver": driver.name},
    )
    return manifest

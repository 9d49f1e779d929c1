"""Chemical storage units (tanks, warehouse areas) and the stock views over them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from hazchem.domain import chemicals as rules
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, Message, NotFound
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import Role
from hazchem.models import (
    Chemical,
    Facility,
    FacilityHazard,
    StorageUnit,
    UnitStock,
)
from hazchem.services.chemicals import messages as msg
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, can_oversee, can_read_enterprise, enterprise_scope
from hazchem.services.platform.uow import use_case

MAX_PAGE = 200


def require_officer(actor: Actor, enterprise_id: int, refusal: Message) -> None:
    """Refuse, with the given message, an actor who is neither the enterprise's EHS officer nor an admin."""
    if actor.is_admin:
        return
    if actor.role == Role.EHS_OFFICER and enterprise_id in actor.enterprise_ids:
        return
    raise Forbidden(refusal)


@use_case("storage_unit.create")
def create_storage_unit(
    *,
    session: Session,
    actor: Actor,
    facility_id: int,
    name: str,
    kind: str,
    capacity_kg: int | None = None,
) -> StorageUnit:
    """Add a tank or warehouse area to one of the enterprise's facilities."""
    unit_kind = rules.unit_kind(kind)
    if not (name or "").strip():
        raise InvalidInput(msg.UNIT_NAME_REQUIRED, details=[{"field": "name"}])
    if capacity_kg is not None and capacity_kg <= 0:
        raise InvalidInput(msg.CAPACITY_POSITIVE, details=[{"field": "capacity"}])
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise InvalidInput(msg.FACILITY_MISSING, details=[{"field": "facility_id"}], facility_id=facility_id)
    require_officer(actor, facility.enterprise_id, msg.OFFICERS_ONLY_UNITS)
    clash = session.exec(
        select(StorageUnit.id).where(StorageUnit.facility_id == facility_id, StorageUnit.name == name.strip())
    ).first()
    if clash is not None:
        raise Conflict(msg.UNIT_NAME_TAKEN, facility=facility.name, name=name.strip())
    unit = StorageUnit(
        facility_id=facility.id,
        enterprise_id=facility.enterprise_id,
        name=name.strip(),
        kind=unit_kind.value,
        capacity_kg=capacity_kg,
        created_at=clock.now(),
    )
    session.add(unit)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="storage_unit.create",
        entity="storageunit",
        entity_id=unit.id,
        after={"facility_id": facility.id, "name": unit.name, "kind": unit.kind, "capacity_kg": capacity_kg},
    )
    return unit


def _can_read_stock(actor: Actor, enterprise_id: int) -> bool:
    if actor.is_admin or can_oversee(actor, Area.CHEMICAL_STOCK):
        return can_read_enterprise(actor, enterprise_id)
    return not actor.is_regulator and enterprise_id in actor.enterprise_ids


def stock_scope(actor: Actor) -> frozenset[int] | None:
    """Enterprises whose chemical stock the actor reads (None: all); regulators need the area."""
    if actor.is_regulator and not can_oversee(actor, Area.CHEMICAL_STOCK):
        raise Forbidden(msg.STOCK_NOT_OVERSEEN)
    return enterprise_scope(actor)


def list_units(
    *, session: Session, actor: Actor, enterprise_id: int | None = None, facility_id: int | None = None
) -> list[StorageUnit]:
    """Storage units the actor may see, by facility then name."""
    query = select(StorageUnit).order_by(StorageUnit.facility_id, StorageUnit.name)
    scope = stock_scope(actor)
    if scope is not None:
        query = query.where(col(StorageUnit.enterprise_id).in_(scope or [-1]))
    if enterprise_id is not None:
        query = query.where(StorageUnit.enterprise_id == enterprise_id)
    if facility_id is not None:
        query = query.where(StorageUnit.facility_id == facility_id)
    return list(session.exec(query))


def get_unit(*, session: Session, actor: Actor, unit_id: int) -> StorageUnit:
    """One storage unit, if the actor may see its enterprise's stock."""
    unit = session.get(StorageUnit, unit_id)
    if unit is None or not _can_read_stock(actor, unit.enterprise_id):
        raise NotFound(msg.UNIT_NOT_FOUND, unit_id=unit_id)
    return unit


@dataclass(frozen=True)
class StockLine:
    """One chemical held in one place."""

    chemical: Chemical
    quantity_kg: int


def unit_stock(*, session: Session, actor: Actor, unit_id: int) -> list[StockLine]:
    """What a storage unit holds now, by chemical."""
    get_unit(session=session, actor=actor, unit_id=unit_id)
    rows = session.exec(
        select(UnitStock, Chemical)
        .join(Chemical, col(Chemical.id) == UnitStock.chemical_id)
        .where(UnitStock.unit_id == unit_id, col(UnitStock.quantity_kg) > 0)
        .order_by(Chemical.name)
    ).all()
    return [StockLine(chem, row.quantity_kg) for row, chem in rows]


@dataclass
class UnitView:
    """A storage unit with its current stock."""

    unit: StorageUnit
    lines: list[StockLine] = field(default_factory=list)


@dataclass
class FacilityView:
    """A facility's units, stock, capacity and GB 18218 status."""

    facility: Facility
    units: list[UnitView]
    stock_kg: int
    ratio_ppb: int
    major_hazard: bool

    @property
    def ratio(self) -> str:
        """Σq/Q as text."""
        return rules.ratio_text(self.ratio_ppb)


def stock_overview(*, session: Session, actor: Actor, enterprise_id: int) -> list[FacilityView]:
    """An enterprise's facilities with their storage units and what each holds."""
    if not _can_read_stock(actor, enterprise_id):
        raise NotFound(msg.ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    facilities = list(
        session.exec(select(Facility).where(Facility.enterprise_id == enterprise_id).order_by(Facility.id))
    )
    units = list(
        session.exec(
            select(StorageUnit).where(StorageUnit.enterprise_id == enterprise_id).order_by(StorageUnit.name)
        )
    )
    views = {u.id: UnitView(u) for u in units}
    if units:
        rows = session.exec(
            select(UnitStock, Chemical)
            .join(Chemical, col(Chemical.id) == UnitStock.chemical_id)
            .where(col(UnitStock.unit_id).in_(list(views)), col(UnitStock.quantity_kg) > 0)
            .order_by(Chemical.name)
        ).all()
        for row, chem in rows:
            views[row.unit_id].lines.append(StockLine(chem, row.quantity_kg))
    hazards = {
        h.facility_id: h
        for h in session.exec(
            select(FacilityHazard).where(
                col(FacilityHazard.facility_id).in_([f.id for f in facilities] or [-1])
            )
        )
    }
    result = []
    for facility in facilities:
        hazard = hazards.get(facility.id)
        facility_units = [views[u.id] for u in units if u.facility_id == facility.id]
        if not facility_units and hazard is None:
            continue
        result.append(
            FacilityView(
                facility,
                facility_units,
                hazard.stock_kg if hazard else 0,
                hazard.ratio_ppb if hazard else 0,
                bool(hazard and hazard.major_hazard),
            )
        )
    return result


def units_by_id(session: Session, ids: set[int | None]) -> dict[int, StorageUnit]:
    """Storage units by id, for naming the units of movements the caller already may see."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {u.id: u for u in session.exec(select(StorageUnit).where(col(StorageUnit.id).in_(wanted)))}


def own_facilities(*, session: Session, actor: Actor, enterprise_id: int) -> list[Facility]:
    """An enterprise's facilities that can hold storage units, for the add-unit form."""
    if not _can_read_stock(actor, enterprise_id):
        raise NotFound(msg.ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    return list(
        session.exec(select(Facility).where(Facility.enterprise_id == enterprise_id).order_by(Facility.id))
    )


def chemical_choices(*, session: Session) -> list[Chemical]:
    """Catalogue entries offered on the movement forms, by name."""
    return list(session.exec(select(Chemical).order_by(Chemical.name, Chemical.id)))

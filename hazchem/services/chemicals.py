"""Chemical inventories: storage units, stock movements with every check at the moment of action,
discards that become labelled waste containers, and the GB 18218 Σq/Q of each facility."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from hazchem.config import PROJECT_ROOT
from hazchem.db import begin_write, use_case
from hazchem.domain import chemicals as rules
from hazchem.domain import licensing
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.domain.identifiers import validate_waste_code
from hazchem.domain.lifecycle import licence_in_force
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind, Role
from hazchem.models import (
    Alert,
    Chemical,
    Container,
    Department,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    FacilityChemical,
    FacilityChemicalStock,
    FacilityHazard,
    Licence,
    LicenceScopeLine,
    LicenceType,
    PermitUsage,
    StockMovement,
    StorageUnit,
    UnitStock,
    WasteStream,
)
from hazchem.services import audit, custody
from hazchem.services.access import Actor, can_oversee, enterprise_scope, require_oversight
from hazchem.services.alerts import raise_alert

SEGREGATION_FILE = PROJECT_ROOT / "catalogues" / "chemical-segregation.json"
TOXIC_PURCHASE = "toxic_purchase"
EXPLOSIVE_REGISTRATION = "explosive_precursor_registration"
# Licences whose chemical scope lines cap what an enterprise may hold of each chemical.
QUANTITY_LICENCES = ("hc_safe_use", "hc_operation")
MAX_PAGE = 200


@functools.cache
def class_matrix(path: Path = SEGREGATION_FILE) -> rules.ClassMatrix:
    """The configured hazard-class matrix (catalogues/chemical-segregation.json by default)."""
    return rules.parse_class_matrix(json.loads(path.read_text(encoding="utf-8")))


def _require_officer(actor: Actor, enterprise_id: int, what: str) -> None:
    if actor.is_admin:
        return
    if actor.role == Role.EHS_OFFICER and enterprise_id in actor.enterprise_ids:
        return
    raise Forbidden(f"only the enterprise's own EHS officers may {what}")


# --- Storage units ------------------------------------------------------------------------------


@use_case
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
        raise InvalidInput("name is required", details=[{"field": "name"}])
    if capacity_kg is not None and capacity_kg <= 0:
        raise InvalidInput("capacity must be positive", details=[{"field": "capacity"}])
    begin_write(session)
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise InvalidInput(f"facility {facility_id} does not exist", details=[{"field": "facility_id"}])
    _require_officer(actor, facility.enterprise_id, "add storage units")
    clash = session.exec(
        select(StorageUnit.id).where(StorageUnit.facility_id == facility_id, StorageUnit.name == name.strip())
    ).first()
    if clash is not None:
        raise Conflict(f"{facility.name} already has a storage unit named {name.strip()}")
    unit = StorageUnit(
        facility_id=facility.id,
        enterprise_id=facility.enterprise_id,
        name=name.strip(),
        kind=unit_kind.value,
        capacity_kg=capacity_kg,
        created_at=custody.now(),
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
    session.commit()
    return unit


def _can_read_stock(actor: Actor, enterprise_id: int) -> bool:
    if actor.is_admin or can_oversee(actor, Area.CHEMICAL_STOCK):
        return True
    return not actor.is_regulator and enterprise_id in actor.enterprise_ids


def _stock_scope(actor: Actor) -> frozenset[int] | None:
    """Enterprises whose chemical stock the actor reads (None: all); regulators need the area."""
    if actor.is_regulator and not can_oversee(actor, Area.CHEMICAL_STOCK):
        raise Forbidden("your department does not oversee chemical stock")
    return enterprise_scope(actor)


def list_units(
    *, session: Session, actor: Actor, enterprise_id: int | None = None, facility_id: int | None = None
) -> list[StorageUnit]:
    """Storage units the actor may see, by facility then name."""
    query = select(StorageUnit).order_by(StorageUnit.facility_id, StorageUnit.name)
    scope = _stock_scope(actor)
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
        raise NotFound(f"storage unit {unit_id} not found")
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
        raise NotFound(f"enterprise {enterprise_id} not found")
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
        raise NotFound(f"enterprise {enterprise_id} not found")
    return list(
        session.exec(select(Facility).where(Facility.enterprise_id == enterprise_id).order_by(Facility.id))
    )


def chemical_choices(*, session: Session) -> list[Chemical]:
    """Catalogue entries offered on the movement forms, by name."""
    return list(session.exec(select(Chemical).order_by(Chemical.name, Chemical.id)))


# --- Licences named in refusals ------------------------------------------------------------------


def _licence_name(session: Session, code: str, park_id: int) -> rules.LicenceName:
    """A licence type's name and the park department that issues it, for refusal messages."""
    lt = session.exec(select(LicenceType).where(LicenceType.code == code)).first()
    if lt is None:
        return rules.LicenceName(code, code, "")
    department = session.exec(
        select(Department).where(Department.park_id == park_id, Department.kind == lt.issuer_kind)
    ).first()
    return rules.LicenceName(code, lt.name, department.name if department else lt.issuer_kind)


def _chemical_facts(
    session: Session, enterprise_id: int, chemical_id: int, codes: Sequence[str]
) -> list[licensing.LicenceFacts]:
    """The enterprise's licences of the given types, each with only its scope lines for one chemical."""
    rows = session.exec(
        select(Licence, LicenceType.code, LicenceScopeLine)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .outerjoin(
            LicenceScopeLine,
            (col(LicenceScopeLine.licence_id) == Licence.id) & (LicenceScopeLine.chemical_id == chemical_id),
        )
        .where(Licence.enterprise_id == enterprise_id, col(LicenceType.code).in_(list(codes)))
        .order_by(Licence.id, LicenceScopeLine.id)
    ).all()
    licences: dict[int, tuple[Licence, str]] = {}
    lines: dict[int, list[licensing.ScopeLine]] = defaultdict(list)
    for lic, code, line in rows:
        licences[lic.id] = (lic, code)
        if line is not None:
            lines[lic.id].append(
                licensing.ScopeLine(
                    kind=line.kind,
                    chemical_id=line.chemical_id,
                    max_quantity_kg=line.max_quantity_kg,
                    id=line.id,
                )
            )
    return [
        licensing.LicenceFacts(
            id=lic.id,
            number=lic.number,
            type_code=code,
            status=lic.status,
            valid_from=lic.valid_from,
            valid_to=lic.valid_to,
            lines=tuple(lines[lic.id]),
        )
        for lic, code in licences.values()
    ]


def _in_force_lines(
    facts: list[licensing.LicenceFacts], type_codes: Sequence[str], chemical_id: int, on: date
) -> list[tuple[licensing.LicenceFacts, licensing.ScopeLine]]:
    return [
        (lic, line)
        for lic in facts
        if lic.type_code in type_codes and licence_in_force(lic.status, lic.valid_from, lic.valid_to, on)
        for line in lic.lines
        if line.kind == "chemical" and line.chemical_id == chemical_id
    ]


def _consume_purchase_permit(
    session: Session,
    facts: list[licensing.LicenceFacts],
    chem: Chemical,
    quantity_kg: int,
    park_id: int,
    on: date,
) -> int:
    """Reserve a 剧毒 receipt against a purchase permit line with room left; return the line id."""
    candidates = sorted(_in_force_lines(facts, (TOXIC_PURCHASE,), chem.id, on), key=lambda c: c[1].id)
    if not candidates:
        coverage = licensing.check_coverage(facts, TOXIC_PURCHASE, on, licensing.ChemicalSubject(chem.id))
        raise rules.missing_licence(
            "permit.toxic_purchase",
            _licence_name(session, TOXIC_PURCHASE, park_id),
            chem.name,
            [r.message for r in coverage.reasons],
        )
    # Take the lines in id order, so concurrent receipts queue instead of overdrawing; a line
    # without room is given back before the next one is tried.
    best = None
    for lic, line in candidates:
        used = _bump(
            session, PermitUsage, {"line_id": line.id}, {"used_kg": quantity_kg}, ["used_kg"]
        ).used_kg
        if line.max_quantity_kg is None or used <= line.max_quantity_kg:
            return line.id
        _bump(session, PermitUsage, {"line_id": line.id}, {"used_kg": -quantity_kg}, ["used_kg"])
        room = line.max_quantity_kg - (used - quantity_kg)
        if best is None or room > best[0]:
            best = (room, lic, line, used - quantity_kg)
    assert best is not None
    _room, lic, line, used = best
    rules.check_permit_quantity(
        _licence_name(session, TOXIC_PURCHASE, park_id),
        lic.number,
        chem.name,
        line.max_quantity_kg,
        used,
        quantity_kg,
    )
    raise AssertionError("unreachable: the permit check refuses")  # pragma: no cover


def _require_registration(
    session: Session, facts: list[licensing.LicenceFacts], chem: Chemical, park_id: int, on: date
) -> None:
    coverage = licensing.check_coverage(facts, EXPLOSIVE_REGISTRATION, on, licensing.ChemicalSubject(chem.id))
    if not coverage:
        raise rules.missing_licence(
            "permit.explosive_registration",
            _licence_name(session, EXPLOSIVE_REGISTRATION, park_id),
            chem.name,
            [r.message for r in coverage.reasons],
        )


def _check_licensed_quantity(
    session: Session,
    facts: list[licensing.LicenceFacts],
    chem: Chemical,
    held_kg: int,
    adding_kg: int,
    park_id: int,
    on: date,
) -> None:
    lines = [
        (lic, line)
        for lic, line in _in_force_lines(facts, QUANTITY_LICENCES, chem.id, on)
        if line.max_quantity_kg is not None
    ]
    if not lines:
        return
    lic, line = max(lines, key=lambda c: c[1].max_quantity_kg or 0)
    if held_kg + adding_kg <= (line.max_quantity_kg or 0):
        return  # name the licence (two more reads) only when refusing
    rules.check_licensed_quantity(
        _licence_name(session, lic.type_code, park_id),
        lic.number,
        chem.name,
        line.max_quantity_kg or 0,
        held_kg,
        adding_kg,
    )


# --- Stock movements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiscardInput:
    """What the waste container of a discard needs: code, packaging, volume and physical form."""

    packaging: str
    volume_l: int
    form: str = "liquid"
    waste_code: str = rules.DEFAULT_DISCARD_WASTE_CODE


@dataclass
class MovementResult:
    """A recorded movement, the facilities' new status and, for a discard, the new container."""

    movement: StockMovement
    hazards: list[FacilityHazard]
    container: Container | None = None
    crossings: list[tuple[int, str]] = field(default_factory=list)


def _hold_lines(
    session: Session, unit_id: int, chemical_id: int, matrix: rules.ClassMatrix
) -> list[rules.Held]:
    """The other chemicals a unit holds now, as segregation sees them."""
    rows = session.exec(
        select(Chemical.name, Chemical.cas_numbers)
        .join(UnitStock, col(UnitStock.chemical_id) == Chemical.id)
        .where(
            UnitStock.unit_id == unit_id, col(UnitStock.quantity_kg) > 0, UnitStock.chemical_id != chemical_id
        )
    ).all()
    return [rules.Held(name, matrix.classes_of(name, cas or ())) for name, cas in rows]


def _unit_total(session: Session, unit_id: int) -> int:
    return session.exec(
        select(func.coalesce(func.sum(UnitStock.quantity_kg), 0)).where(UnitStock.unit_id == unit_id)
    ).one()


def _bump(
    session: Session, model: type, key: dict[str, Any], deltas: dict[str, int], returning: Sequence[str]
) -> Any:
    """Add to a running-total row in one statement (taking its row lock) and return the new values;
    the row is created zeroed on first use. A later refusal rolls the change back with the rest."""
    table = model.__table__
    stmt = (
        update(table)
        .where(*(table.c[k] == v for k, v in key.items()))
        .values({c: table.c[c] + d for c, d in deltas.items()})
        .returning(*(table.c[r] for r in returning))
    )
    row = session.execute(stmt).first()
    if row is None:
        zeroed = {c.name: 0 for c in table.columns if c.name not in key and not c.nullable}
        zeroed.update({c.name: False for c in table.columns if c.name in ("major_hazard",)})
        custody.ensure_row(session, model, **key, **zeroed)
        row = session.execute(stmt).one()
    return row


def _set(session: Session, model: type, key: dict[str, Any], **values: Any) -> None:
    table = model.__table__
    session.execute(update(table).where(*(table.c[k] == v for k, v in key.items())).values(**values))


def _load_unit(
    session: Session, actor: Actor, unit_id: int | None, chemical_id: int, field_name: str
) -> tuple[StorageUnit, Facility, Enterprise, Chemical | None, int | None]:
    """A unit the actor may move stock in, with its facility, enterprise, the chemical and the facility's
    designed maximum for it, in one read."""
    row = None
    if unit_id is not None:
        row = session.exec(
            select(StorageUnit, Facility, Enterprise, Chemical, FacilityChemical.max_quantity_kg)
            .join(Facility, col(Facility.id) == StorageUnit.facility_id)
            .join(Enterprise, col(Enterprise.id) == StorageUnit.enterprise_id)
            .outerjoin(Chemical, col(Chemical.id) == chemical_id)
            .outerjoin(
                FacilityChemical,
                (col(FacilityChemical.facility_id) == StorageUnit.facility_id)
                & (FacilityChemical.chemical_id == chemical_id),
            )
            .where(StorageUnit.id == unit_id)
        ).first()
    if row is None:
        raise InvalidInput(f"storage unit {unit_id} does not exist", details=[{"field": field_name}])
    unit = row[0]
    _require_officer(actor, unit.enterprise_id, "record stock movements")
    if not unit.active:
        raise InvalidInput(f"storage unit {unit.name} is closed", details=[{"field": field_name}])
    return row[0], row[1], row[2], row[3], row[4]


# Running-total models updated in Core statements; ORM copies a caller's session holds are expired.
_TOTALS = (UnitStock, FacilityChemicalStock, FacilityHazard, EnterpriseChemicalStock, PermitUsage)


@use_case
def record_movement(
    *,
    session: Session,
    actor: Actor,
    kind: str,
    unit_id: int,
    chemical_id: int,
    quantity_kg: int,
    to_unit_id: int | None = None,
    supplier: str = "",
    note: str = "",
    discard: DiscardInput | None = None,
    matrix: rules.ClassMatrix | None = None,
) -> MovementResult:
    """Record one movement after every check; stock, permits and Σq/Q change in the same commit."""
    move = rules.movement_kind(kind)
    if not isinstance(quantity_kg, int) or isinstance(quantity_kg, bool) or quantity_kg <= 0:
        raise InvalidInput("quantity must be a positive number of kilograms", details=[{"field": "quantity"}])
    supplier = (supplier or "").strip()
    if move is rules.MovementKind.RECEIPT and not supplier:
        raise InvalidInput("a receipt names its supplier", details=[{"field": "supplier"}])
    if move is rules.MovementKind.TRANSFER and to_unit_id is None:
        raise InvalidInput("a transfer names the unit it goes to", details=[{"field": "to_unit_id"}])
    if move is not rules.MovementKind.TRANSFER and to_unit_id is not None:
        raise InvalidInput("only a transfer goes to another unit", details=[{"field": "to_unit_id"}])
    if move is rules.MovementKind.DISCARD:
        if (
            discard is None
            or not (discard.packaging or "").strip()
            or not discard.volume_l
            or discard.volume_l <= 0
        ):
            raise InvalidInput(
                "a discard needs the packaging and volume of its waste container",
                details=[{"field": "packaging"}, {"field": "volume_l"}],
            )
        validate_waste_code(discard.waste_code)
        if discard.form not in custody.PHYSICAL_FORMS:
            raise InvalidInput(
                f"form must be one of {', '.join(custody.PHYSICAL_FORMS)}", details=[{"field": "form"}]
            )
    begin_write(session)
    unit, facility, enterprise, chem, designed = _load_unit(session, actor, unit_id, chemical_id, "unit_id")
    target, target_facility = unit, facility
    if move is rules.MovementKind.TRANSFER:
        target, target_facility, _e, _c, designed = _load_unit(
            session, actor, to_unit_id, chemical_id, "to_unit_id"
        )
        if target.id == unit.id:
            raise InvalidInput("a transfer goes to a different unit", details=[{"field": "to_unit_id"}])
        if target.enterprise_id != unit.enterprise_id:
            raise InvalidInput("a transfer stays within the enterprise", details=[{"field": "to_unit_id"}])
    if chem is None:
        raise InvalidInput(
            f"chemical {chemical_id} is not in the catalogue", details=[{"field": "chemical_id"}]
        )
    today = custody.now().date()
    out, into = rules.takes_out(move), rules.puts_in(move)
    enterprise_delta = (
        quantity_kg
        if move in (rules.MovementKind.RECEIPT, rules.MovementKind.RETURN)
        else (0 if move is rules.MovementKind.TRANSFER else -quantity_kg)
    )
    deltas: dict[int, int] = {}
    if out:
        deltas[unit.facility_id] = deltas.get(unit.facility_id, 0) - quantity_kg
    if into:
        deltas[target.facility_id] = deltas.get(target.facility_id, 0) + quantity_kg

    # Each running total is changed by one UPDATE … RETURNING that also takes its row lock, in one
    # global order (permit lines, enterprise, facility×chemical, facility, units) so concurrent
    # movements queue rather than deadlock; the checks read the new values, and a refusal rolls
    # every change back.
    permit_line_id = None
    facts = (
        _chemical_facts(
            session, enterprise.id, chem.id, (TOXIC_PURCHASE, EXPLOSIVE_REGISTRATION, *QUANTITY_LICENCES)
        )
        if enterprise_delta > 0
        else []
    )
    if move is rules.MovementKind.RECEIPT:
        if chem.explosive_precursor:
            _require_registration(session, facts, chem, enterprise.park_id, today)
        if chem.highly_toxic:
            permit_line_id = _consume_purchase_permit(
                session, facts, chem, quantity_kg, enterprise.park_id, today
            )
    if enterprise_delta:
        held = _bump(
            session,
            EnterpriseChemicalStock,
            {"enterprise_id": enterprise.id, "chemical_id": chem.id},
            {"quantity_kg": enterprise_delta},
            ["quantity_kg"],
        ).quantity_kg
        if enterprise_delta > 0:
            _check_licensed_quantity(
                session, facts, chem, held - quantity_kg, quantity_kg, enterprise.park_id, today
            )
    ratio_deltas: dict[int, int] = {}
    chem_totals: dict[int, int] = {}
    for fid in sorted(deltas):
        if not deltas[fid]:
            continue
        key = {"facility_id": fid, "chemical_id": chem.id}
        row = _bump(
            session, FacilityChemicalStock, key, {"quantity_kg": deltas[fid]}, ["quantity_kg", "ratio_ppb"]
        )
        term = rules.ratio_ppb(row.quantity_kg, chem.critical_quantity_kg)
        if term != row.ratio_ppb:
            _set(session, FacilityChemicalStock, key, ratio_ppb=term)
        ratio_deltas[fid] = term - row.ratio_ppb
        chem_totals[fid] = row.quantity_kg
    stamp = custody.now()
    hazards: dict[int, FacilityHazard] = {}
    crossings: list[tuple[int, str]] = []
    for fid in sorted(deltas):
        row = _bump(
            session,
            FacilityHazard,
            {"facility_id": fid},
            {"stock_kg": deltas[fid], "ratio_ppb": ratio_deltas.get(fid, 0)},
            ["stock_kg", "ratio_ppb", "major_hazard", "crossings"],
        )
        hazard = FacilityHazard(
            facility_id=fid,
            stock_kg=row.stock_kg,
            ratio_ppb=row.ratio_ppb,
            major_hazard=row.major_hazard,
            crossings=row.crossings,
        )
        change = rules.crossing(row.ratio_ppb - ratio_deltas.get(fid, 0), row.ratio_ppb)
        if change is not None:
            hazard.major_hazard = change == "up"
            hazard.crossings += 1 if change == "up" else 0
            hazard.changed_at = stamp
            _set(
                session,
                FacilityHazard,
                {"facility_id": fid},
                major_hazard=hazard.major_hazard,
                crossings=hazard.crossings,
                changed_at=stamp,
            )
            crossings.append((fid, change))
        hazards[fid] = hazard
    if into and deltas.get(target.facility_id, 0) > 0:
        rules.check_capacity(
            "stock.facility_capacity",
            target_facility.name,
            target_facility.storage_capacity_kg,
            hazards[target.facility_id].stock_kg - quantity_kg,
            quantity_kg,
        )
        if designed is not None:
            rules.check_capacity(
                "stock.facility_chemical_capacity",
                f"{target_facility.name} ({chem.name})",
                designed,
                chem_totals[target.facility_id] - quantity_kg,
                quantity_kg,
            )
    balances: dict[int, int] = {}
    for uid in sorted({unit.id, target.id}):
        change_kg = (-quantity_kg if out and uid == unit.id else 0) + (
            quantity_kg if into and uid == target.id else 0
        )
        balances[uid] = _bump(
            session,
            UnitStock,
            {"unit_id": uid, "chemical_id": chem.id},
            {"quantity_kg": change_kg},
            ["quantity_kg"],
        ).quantity_kg
    if out:
        rules.check_available(unit.name, chem.name, balances[unit.id] + quantity_kg, quantity_kg)
    if into:
        if target.capacity_kg is not None:
            rules.check_capacity(
                "stock.unit_capacity",
                target.name,
                target.capacity_kg,
                _unit_total(session, target.id) - quantity_kg,
                quantity_kg,
            )
        mx = matrix or class_matrix()
        adding = rules.Held(chem.name, mx.classes_of(chem.name, chem.cas_numbers or ()))
        if adding.classes:  # a chemical of no listed class conflicts with nothing
            rules.check_segregation(target.name, adding, _hold_lines(session, target.id, chem.id, mx), mx)

    # Every check passed: the movement itself, the discard's container, alerts and the audit event.
    movement = StockMovement(
        kind=move.value,
        enterprise_id=enterprise.id,
        chemical_id=chem.id,
        quantity_kg=quantity_kg,
        unit_id=unit.id,
        facility_id=unit.facility_id,
        to_unit_id=target.id if move is rules.MovementKind.TRANSFER else None,
        balance_kg=balances[unit.id],
        to_balance_kg=balances[target.id] if move is rules.MovementKind.TRANSFER else None,
        supplier=supplier,
        permit_line_id=permit_line_id,
        note=(note or "").strip(),
        at=stamp,
        created_by=actor.user_id,
    )
    container = None
    if move is rules.MovementKind.DISCARD:
        container = _discard_container(session, actor, unit, chem, quantity_kg, discard, today)
        movement.container_id = container.id
    session.add(movement)
    session.flush()
    for fid, change in crossings:
        _record_crossing(session, actor, hazards[fid], change, enterprise)
    audit.record(
        session,
        actor=actor,
        action=f"stock.{move.value}",
        entity="stockmovement",
        entity_id=movement.id,
        after={
            "unit_id": unit.id,
            "to_unit_id": movement.to_unit_id,
            "chemical_id": chem.id,
            "quantity_kg": quantity_kg,
            "balance_kg": movement.balance_kg,
            "supplier": supplier,
            "permit_line_id": permit_line_id,
            "container": container.digital_id if container else None,
            "ratio_ppb": {str(fid): hazards[fid].ratio_ppb for fid in sorted(hazards)},
        },
    )
    session.commit()
    for obj in [o for o in session.identity_map.values() if isinstance(o, _TOTALS)]:
        session.expire(obj)
    return MovementResult(movement, [hazards[fid] for fid in sorted(hazards)], container, crossings)


def _discard_container(
    session: Session,
    actor: Actor,
    unit: StorageUnit,
    chem: Chemical,
    quantity_kg: int,
    discard: DiscardInput | None,
    today: date,
) -> Container:
    """The waste container a discarded chemical becomes, in the enterprise's stream for its code."""
    assert discard is not None
    code = validate_waste_code(discard.waste_code)
    name = f"废弃危险化学品：{chem.name}"
    stream = session.exec(
        select(WasteStream).where(
            WasteStream.enterprise_id == unit.enterprise_id,
            WasteStream.waste_code == code,
            WasteStream.name == name,
            col(WasteStream.active).is_(True),
        )
    ).first()
    if stream is None:
        classes = sorted(class_matrix().classes_of(chem.name, chem.cas_numbers or ()))
        stream = custody.add_stream(
            session,
            actor=actor,
            enterprise_id=unit.enterprise_id,
            code=code,
            name=name,
            form=discard.form,
            main_components=chem.name,
            harmful_components=chem.name,
            tags=classes,
            packaging=discard.packaging.strip(),
        )
    (container,) = custody.add_containers(
        session,
        actor=actor,
        stream=stream,
        packaging=discard.packaging,
        volume_l=int(discard.volume_l),
        weight_g=quantity_kg * 1000,
        gen_date=today,
        facility_id=unit.facility_id,
        remarks=f"{unit.name}",
    )
    return container


def contributions(session: Session, facility_id: int) -> list[dict[str, Any]]:
    """The substances counted in a facility's Σq/Q: q, Q and their share, largest first."""
    # Columns, not entities: the totals change by UPDATE statements the identity map does not see.
    rows = session.exec(
        select(
            Chemical.id,
            Chemical.name,
            Chemical.critical_quantity_kg,
            FacilityChemicalStock.quantity_kg,
            FacilityChemicalStock.ratio_ppb,
        )
        .join(Chemical, col(Chemical.id) == FacilityChemicalStock.chemical_id)
        .where(FacilityChemicalStock.facility_id == facility_id, col(FacilityChemicalStock.quantity_kg) > 0)
        .order_by(col(FacilityChemicalStock.ratio_ppb).desc(), Chemical.name)
    ).all()
    return [
        {
            "chemical_id": chem_id,
            "name": name,
            "quantity_kg": quantity,
            "critical_quantity_kg": critical,
            "ratio": rules.ratio_text(term),
            "ratio_ppb": term,
        }
        for chem_id, name, critical, quantity, term in rows
    ]


def _record_crossing(
    session: Session, actor: Actor, hazard: FacilityHazard, change: str, enterprise: Enterprise
) -> None:
    facility = session.get(Facility, hazard.facility_id)
    substances = [c for c in contributions(session, hazard.facility_id) if c["ratio_ppb"]]
    ratio = rules.ratio_text(hazard.ratio_ppb)
    if change == "up":
        raise_alert(
            session,
            key=f"major_hazard:facility:{hazard.facility_id}:{hazard.crossings}",
            kind=AlertKind.MAJOR_HAZARD,
            severity=AlertSeverity.BREACH,
            department_kind=DepartmentKind.EMERGENCY_MANAGEMENT,
            entity="facility",
            entity_id=hazard.facility_id,
            enterprise_id=enterprise.id,
            message=(
                f"{facility.name} ({enterprise.name}) became a major hazard installation: Σq/Q = {ratio} "
                f"({', '.join(s['name'] for s in substances)})"
            ),
            details={
                "ratio": ratio,
                "substances": [
                    {k: s[k] for k in ("name", "quantity_kg", "critical_quantity_kg", "ratio")}
                    for s in substances
                ],
            },
        )
    audit.record(
        session,
        actor=actor,
        action="facility.major_hazard" if change == "up" else "facility.major_hazard_cleared",
        entity="facility",
        entity_id=hazard.facility_id,
        after={"ratio_ppb": hazard.ratio_ppb, "crossings": hazard.crossings},
    )


@use_case
def discard(
    *,
    session: Session,
    actor: Actor,
    unit_id: int,
    chemical_id: int,
    quantity_kg: int,
    packaging: str,
    volume_l: int,
    form: str = "liquid",
    waste_code: str = rules.DEFAULT_DISCARD_WASTE_CODE,
    note: str = "",
) -> MovementResult:
    """Take a chemical out of stock as hazardous waste: one labelled container under its code."""
    return record_movement(
        session=session,
        actor=actor,
        kind=rules.MovementKind.DISCARD.value,
        unit_id=unit_id,
        chemical_id=chemical_id,
        quantity_kg=quantity_kg,
        note=note,
        discard=DiscardInput(
            packaging=packaging,
            volume_l=volume_l,
            form=form,
            waste_code=(waste_code or "").strip() or rules.DEFAULT_DISCARD_WASTE_CODE,
        ),
    )


# --- Reads: ledger, major hazards, controlled holdings ----------------------------------------------


@dataclass
class Page:
    """One page of a newest-first list and the cursor of the next page."""

    items: list[Any]
    next_before: int | None


def list_movements(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int | None = None,
    unit_id: int | None = None,
    chemical_id: int | None = None,
    before: int | None = None,
    limit: int = 50,
) -> Page:
    """Movements newest first, paged by id (keyset), within what the actor may read."""
    limit = max(1, min(limit, MAX_PAGE))
    query = select(StockMovement).order_by(col(StockMovement.id).desc()).limit(limit + 1)
    scope = _stock_scope(actor)
    if scope is not None:
        query = query.where(col(StockMovement.enterprise_id).in_(scope or [-1]))
    if enterprise_id is not None:
        query = query.where(StockMovement.enterprise_id == enterprise_id)
    if unit_id is not None:
        query = query.where((StockMovement.unit_id == unit_id) | (StockMovement.to_unit_id == unit_id))
    if chemical_id is not None:
        query = query.where(StockMovement.chemical_id == chemical_id)
    if before is not None:
        query = query.where(col(StockMovement.id) < before)
    rows = list(session.exec(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].id if more and rows else None)


@dataclass
class HazardView:
    """A facility's Σq/Q with its contributing substances and open major-hazard alerts."""

    facility: Facility
    enterprise: Enterprise
    hazard: FacilityHazard
    substances: list[dict[str, Any]]
    alerts: list[Alert]

    @property
    def ratio(self) -> str:
        """Σq/Q as text."""
        return rules.ratio_text(self.hazard.ratio_ppb)


def major_hazards(*, session: Session, actor: Actor, only_major: bool = False) -> list[HazardView]:
    """Facilities holding GB 18218 substances, major hazard installations first (emergency management)."""
    require_oversight(actor, Area.CHEMICAL_STOCK)
    query = (
        select(FacilityHazard, Facility, Enterprise)
        .join(Facility, col(Facility.id) == FacilityHazard.facility_id)
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .where(col(FacilityHazard.ratio_ppb) > 0)
        .order_by(col(FacilityHazard.ratio_ppb).desc(), Facility.id)
    )
    if only_major:
        query = query.where(col(FacilityHazard.major_hazard).is_(True))
    rows = session.exec(query).all()
    ids = [str(f.id) for _h, f, _e in rows]
    open_alerts: dict[str, list[Alert]] = {}
    if ids:
        for alert in session.exec(
            select(Alert)
            .where(
                Alert.kind == AlertKind.MAJOR_HAZARD.value,
                Alert.entity == "facility",
                col(Alert.entity_id).in_(ids),
                col(Alert.acknowledged_at).is_(None),
            )
            .order_by(col(Alert.raised_at).desc())
        ):
            open_alerts.setdefault(alert.entity_id, []).append(alert)
    return [
        HazardView(f, e, h, contributions(session, f.id), open_alerts.get(str(f.id), [])) for h, f, e in rows
    ]


@dataclass(frozen=True)
class Holding:
    """An enterprise's stock of one 剧毒 or 易制爆 chemical."""

    enterprise: Enterprise
    chemical: Chemical
    quantity_kg: int


def controlled_holdings(*, session: Session, actor: Actor) -> list[Holding]:
    """Every enterprise's 剧毒 and 易制爆 stock (public security)."""
    require_oversight(actor, Area.CONTROLLED_HOLDINGS)
    rows = session.exec(
        select(EnterpriseChemicalStock, Enterprise, Chemical)
        .join(Enterprise, col(Enterprise.id) == EnterpriseChemicalStock.enterprise_id)
        .join(Chemical, col(Chemical.id) == EnterpriseChemicalStock.chemical_id)
        .where(
            col(EnterpriseChemicalStock.quantity_kg) > 0,
            col(Chemical.highly_toxic).is_(True) | col(Chemical.explosive_precursor).is_(True),
        )
        .order_by(Enterprise.name, Chemical.name)
    ).all()
    return [Holding(e, c, s.quantity_kg) for s, e, c in rows]


# --- GB 18218-2018 critical quantities ------------------------------------------------------------

GB18218_FILE = PROJECT_ROOT / "catalogues" / "gb18218-2018.json"


def _category_codes(text: str) -> list[str]:
    for sep in ",;，；、":
        text = text.replace(sep, " ")
    return text.split()


def load_critical_quantities(*, session: Session, path: Path = GB18218_FILE) -> int:
    """Give catalogue entries without a critical quantity the GB 18218 value (a park's own is kept)."""
    from hazchem.models import CatalogueEdition

    data = json.loads(path.read_text(encoding="utf-8"))
    rows = rules.parse_critical_quantities(data)
    begin_write(session)
    edition = session.exec(
        select(CatalogueEdition).where(
            CatalogueEdition.list_name == "gb18218", CatalogueEdition.edition == "2018"
        )
    ).first()
    if edition is None:
        session.add(
            CatalogueEdition(
                list_name="gb18218",
                edition=str(data.get("edition", "2018")),
                title=str(data.get("title", "")),
                effective_date=date.fromisoformat(data["effective_date"])
                if data.get("effective_date")
                else None,
                source=str(data.get("source", "")),
            )
        )
    changed = 0
    for chem in session.exec(select(Chemical).where(col(Chemical.critical_quantity_kg).is_(None))):
        found = rules.critical_quantity_for(
            chem.name, chem.cas_numbers or (), _category_codes(chem.ghs_categories or ""), rows
        )
        if found is not None:
            chem.critical_quantity_kg = found.critical_kg
            session.add(chem)
            changed += 1
    if changed:
        audit.record(
            session,
            actor=None,
            action="catalogue.critical_quantities",
            entity="catalogueedition",
            entity_id="gb18218:2018",
            after={"entries": changed},
        )
    session.commit()
    return changed

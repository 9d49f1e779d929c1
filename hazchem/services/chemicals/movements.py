"""Stock movements (receipt, issue, transfer, return, discard), each checked at the moment of action."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain import chemicals as rules
from hazchem.domain import oversight_messages
from hazchem.domain.errors import InvalidInput
from hazchem.domain.identifiers import validate_waste_code
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind, PhysicalForm
from hazchem.models import (
    Chemical,
    Container,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    FacilityChemical,
    FacilityChemicalStock,
    FacilityHazard,
    PermitUsage,
    StockMovement,
    StorageUnit,
    UnitStock,
    WasteStream,
)
from hazchem.services.chemicals import messages as msg
from hazchem.services.chemicals.permits import (
    EXPLOSIVE_REGISTRATION,
    QUANTITY_LICENCES,
    TOXIC_PURCHASE,
    check_licensed_quantity,
    chemical_facts,
    consume_purchase_permit,
    require_registration,
)
from hazchem.services.chemicals.units import MAX_PAGE, require_officer, stock_scope
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.alerts import raise_alert
from hazchem.services.platform.rows import bump
from hazchem.services.platform.uow import use_case
from hazchem.services.waste.containers import add_containers
from hazchem.services.waste.streams import add_stream

SEGREGATION_FILE = PROJECT_ROOT / "catalogues" / "chemical-segregation.json"


@functools.cache
def class_matrix(path: Path = SEGREGATION_FILE) -> rules.ClassMatrix:
    """The configured hazard-class matrix (catalogues/chemical-segregation.json by default)."""
    return rules.parse_class_matrix(json.loads(path.read_text(encoding="utf-8")))


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


def _set(session: Session, model: type, key: dict[str, Any], **values: Any) -> None:
    table = model.__table__
    session.execute(update(table).where(*(table.c[k] == v for k, v in key.items())).values(**values))


def settle_hazard(
    session: Session, facility_id: int, stock_delta: int, ratio_delta: int, stamp: datetime
) -> tuple[FacilityHazard, str | None]:
    """Add to a facility's stock and Σq/Q, and mark a crossing of 1 ("up" or "down", else None)."""
    row = bump(
        session,
        FacilityHazard,
        {"facility_id": facility_id},
        {"stock_kg": stock_delta, "ratio_ppb": ratio_delta},
        ["stock_kg", "ratio_ppb", "major_hazard", "crossings"],
    )
    hazard = FacilityHazard(
        facility_id=facility_id,
        stock_kg=row.stock_kg,
        ratio_ppb=row.ratio_ppb,
        major_hazard=row.major_hazard,
        crossings=row.crossings,
    )
    change = rules.crossing(row.ratio_ppb - ratio_delta, row.ratio_ppb)
    if change is not None:
        hazard.major_hazard = change == "up"
        hazard.crossings += 1 if change == "up" else 0
        hazard.changed_at = stamp
        _set(
            session,
            FacilityHazard,
            {"facility_id": facility_id},
            major_hazard=hazard.major_hazard,
            crossings=hazard.crossings,
            changed_at=stamp,
        )
    return hazard, change


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
        raise InvalidInput(msg.UNIT_MISSING, details=[{"field": field_name}], unit_id=unit_id)
    unit = row[0]
    require_officer(actor, unit.enterprise_id, msg.OFFICERS_ONLY_MOVEMENTS)
    if not unit.active:
        raise InvalidInput(msg.UNIT_CLOSED, details=[{"field": field_name}], unit=unit.name)
    return row[0], row[1], row[2], row[3], row[4]


# Running-total models updated in Core statements; ORM copies a caller's session holds are expired.
_TOTALS = (UnitStock, FacilityChemicalStock, FacilityHazard, EnterpriseChemicalStock, PermitUsage)


@use_case("stock.*", "container.*", "stream.create", "facility.major_hazard", "facility.major_hazard_cleared")
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
        raise InvalidInput(msg.QUANTITY_POSITIVE, details=[{"field": "quantity"}])
    supplier = (supplier or "").strip()
    if move is rules.MovementKind.RECEIPT and not supplier:
        raise InvalidInput(msg.RECEIPT_SUPPLIER, details=[{"field": "supplier"}])
    if move is rules.MovementKind.TRANSFER and to_unit_id is None:
        raise InvalidInput(msg.TRANSFER_TARGET, details=[{"field": "to_unit_id"}])
    if move is not rules.MovementKind.TRANSFER and to_unit_id is not None:
        raise InvalidInput(msg.ONLY_TRANSFER_TARGET, details=[{"field": "to_unit_id"}])
    if move is rules.MovementKind.DISCARD:
        if (
            discard is None
            or not (discard.packaging or "").strip()
            or not discard.volume_l
            or discard.volume_l <= 0
        ):
            raise InvalidInput(
                msg.DISCARD_CONTAINER,
                details=[{"field": "packaging"}, {"field": "volume_l"}],
            )
        validate_waste_code(discard.waste_code)
        if discard.form not in list(PhysicalForm):
            raise InvalidInput(msg.FORM_UNKNOWN, details=[{"field": "form"}], forms=", ".join(PhysicalForm))
    unit, facility, enterprise, chem, designed = _load_unit(session, actor, unit_id, chemical_id, "unit_id")
    target, target_facility = unit, facility
    if move is rules.MovementKind.TRANSFER:
        target, target_facility, _e, _c, designed = _load_unit(
            session, actor, to_unit_id, chemical_id, "to_unit_id"
        )
        if target.id == unit.id:
            raise InvalidInput(msg.TRANSFER_SAME_UNIT, details=[{"field": "to_unit_id"}])
        if target.enterprise_id != unit.enterprise_id:
            raise InvalidInput(msg.TRANSFER_OTHER_ENTERPRISE, details=[{"field": "to_unit_id"}])
    if chem is None:
        raise InvalidInput(msg.NOT_IN_CATALOGUE, details=[{"field": "chemical_id"}], chemical=chemical_id)
    today = park_today(actor)
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
        chemical_facts(
            session, enterprise.id, chem.id, (TOXIC_PURCHASE, EXPLOSIVE_REGISTRATION, *QUANTITY_LICENCES)
        )
        if enterprise_delta > 0
        else []
    )
    if move is rules.MovementKind.RECEIPT:
        if chem.explosive_precursor:
            require_registration(session, facts, chem, enterprise.park_id, today)
        if chem.highly_toxic:
            permit_line_id = consume_purchase_permit(
                session, facts, chem, quantity_kg, enterprise.park_id, today
            )
    if enterprise_delta:
        held = bump(
            session,
            EnterpriseChemicalStock,
            {"enterprise_id": enterprise.id, "chemical_id": chem.id},
            {"quantity_kg": enterprise_delta},
            ["quantity_kg"],
        ).quantity_kg
        if enterprise_delta > 0:
            check_licensed_quantity(
                session, facts, chem, held - quantity_kg, quantity_kg, enterprise.park_id, today
            )
    ratio_deltas: dict[int, int] = {}
    chem_totals: dict[int, int] = {}
    for fid in sorted(deltas):
        if not deltas[fid]:
            continue
        key = {"facility_id": fid, "chemical_id": chem.id}
        row = bump(
            session, FacilityChemicalStock, key, {"quantity_kg": deltas[fid]}, ["quantity_kg", "ratio_ppb"]
        )
        term = rules.ratio_ppb(row.quantity_kg, chem.critical_quantity_kg)
        if term != row.ratio_ppb:
            _set(session, FacilityChemicalStock, key, ratio_ppb=term)
        ratio_deltas[fid] = term - row.ratio_ppb
        chem_totals[fid] = row.quantity_kg
    stamp = clock.now()
    hazards: dict[int, FacilityHazard] = {}
    crossings: list[tuple[int, str]] = []
    for fid in sorted(deltas):
        hazards[fid], change = settle_hazard(session, fid, deltas[fid], ratio_deltas.get(fid, 0), stamp)
        if change is not None:
            crossings.append((fid, change))
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
        balances[uid] = bump(
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
        record_crossing(session, actor, hazards[fid], change, enterprise)
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
        stream = add_stream(
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
            transport_later=True,
        )
    (container,) = add_containers(
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


def record_crossing(
    session: Session, actor: Actor | None, hazard: FacilityHazard, change: str, enterprise: Enterprise
) -> None:
    """Raise the major-hazard alert of an upward crossing and audit every crossing."""
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
            said=oversight_messages.ALERT_MAJOR_HAZARD(
                facility=facility.name,
                enterprise=enterprise.name,
                ratio=ratio,
                substances=", ".join(s["name"] for s in substances),
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


@use_case("stock.*", "container.*", "stream.create", "facility.major_hazard", "facility.major_hazard_cleared")
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
    scope = stock_scope(actor)
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

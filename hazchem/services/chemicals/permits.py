"""Permits a stock movement needs: purchase permits, precursor registration, licensed quantities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from hazchem.domain import chemicals as rules
from hazchem.domain import licensing
from hazchem.domain.lifecycle import licence_in_force
from hazchem.models import (
    Chemical,
    Department,
    Licence,
    LicenceScopeLine,
    LicenceType,
    PermitUsage,
)
from hazchem.services.platform.rows import bump

TOXIC_PURCHASE = "toxic_purchase"


EXPLOSIVE_REGISTRATION = "explosive_precursor_registration"


# Licences whose chemical scope lines cap what an enterprise may hold of each chemical.
QUANTITY_LICENCES = ("hc_safe_use", "hc_operation")


def _licence_name(session: Session, code: str, park_id: int) -> rules.LicenceName:
    """A licence type's name and the park department that issues it, for refusal messages."""
    lt = session.exec(select(LicenceType).where(LicenceType.code == code)).first()
    if lt is None:
        return rules.LicenceName(code, code, "")
    department = session.exec(
        select(Department).where(Department.park_id == park_id, Department.kind == lt.issuer_kind)
    ).first()
    return rules.LicenceName(code, lt.name, department.name if department else lt.issuer_kind)


def chemical_facts(
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


def consume_purchase_permit(
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
            [r.said for r in coverage.reasons],
        )
    # Take the lines in id order, so concurrent receipts queue instead of overdrawing; a line
    # without room is given back before the next one is tried.
    best = None
    for lic, line in candidates:
        used = bump(session, PermitUsage, {"line_id": line.id}, {"used_kg": quantity_kg}, ["used_kg"]).used_kg
        if line.max_quantity_kg is None or used <= line.max_quantity_kg:
            return line.id
        bump(session, PermitUsage, {"line_id": line.id}, {"used_kg": -quantity_kg}, ["used_kg"])
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


def require_registration(
    session: Session, facts: list[licensing.LicenceFacts], chem: Chemical, park_id: int, on: date
) -> None:
    coverage = licensing.check_coverage(facts, EXPLOSIVE_REGISTRATION, on, licensing.ChemicalSubject(chem.id))
    if not coverage:
        raise rules.missing_licence(
            "permit.explosive_registration",
            _licence_name(session, EXPLOSIVE_REGISTRATION, park_id),
            chem.name,
            [r.said for r in coverage.reasons],
        )


def check_licensed_quantity(
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

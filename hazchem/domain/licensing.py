"""Does an enterprise hold a valid licence of a type covering a subject on a date, and if not, why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hazchem.domain.identifiers import category_of
from hazchem.domain.lifecycle import licence_standing
from hazchem.domain.vocab import ScopeKind


@dataclass(frozen=True)
class ScopeLine:
    """A licence scope line as plain data."""

    kind: str
    waste_category: str | None = None
    waste_code: str | None = None
    modes: tuple[str, ...] = ()
    method_codes: tuple[str, ...] = ()
    annual_scale_kg: int | None = None
    chemical_id: int | None = None
    max_quantity_kg: int | None = None
    dg_class: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class LicenceFacts:
    """What the coverage check needs to know about one licence."""

    id: int
    number: str
    type_code: str
    status: str
    valid_from: date
    valid_to: date
    issuer: str = ""
    lines: tuple[ScopeLine, ...] = ()


@dataclass(frozen=True)
class WasteSubject:
    """A waste code handled in a mode, optionally by a method code."""

    waste_code: str
    mode: str | None = None
    method_code: str | None = None


@dataclass(frozen=True)
class ChemicalSubject:
    """A catalogue entry, optionally in a quantity."""

    chemical_id: int
    quantity_kg: int | None = None


@dataclass(frozen=True)
class TransportSubject:
    """A dangerous-goods class or division (e.g. "3", "6.1")."""

    dg_class: str


Subject = WasteSubject | ChemicalSubject | TransportSubject | None


@dataclass(frozen=True)
class Reason:
    """Why one licence does not cover the subject: a stable code, the licence and a message."""

    code: str
    licence_number: str | None
    message: str


@dataclass(frozen=True)
class Coverage:
    """The answer: covered or not, by which licence and line, and every reason when not."""

    covered: bool
    licence: LicenceFacts | None = None
    line: ScopeLine | None = None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return self.covered


def _line_matches(line: ScopeLine, subject: Subject) -> bool:
    if isinstance(subject, WasteSubject):
        if line.kind != ScopeKind.WASTE:
            return False
        if line.waste_code:
            if line.waste_code != subject.waste_code:
                return False
        elif line.waste_category != category_of(subject.waste_code):
            return False
        if subject.mode and subject.mode not in line.modes:
            return False
        return not (subject.method_code and subject.method_code not in line.method_codes)
    if isinstance(subject, ChemicalSubject):
        if line.kind != ScopeKind.CHEMICAL or line.chemical_id != subject.chemical_id:
            return False
        return (
            subject.quantity_kg is None
            or line.max_quantity_kg is None
            or subject.quantity_kg <= line.max_quantity_kg
        )
    if line.kind != ScopeKind.TRANSPORT or not line.dg_class:
        return False
    return subject.dg_class == line.dg_class or subject.dg_class.startswith(line.dg_class + ".")


def describe_subject(subject: Subject) -> str:
    """Say what was asked for, for refusal messages."""
    if subject is None:
        return "any activity"
    if isinstance(subject, WasteSubject):
        parts = [f"waste code {subject.waste_code}"]
        if subject.mode:
            parts.append(f"mode {subject.mode}")
        if subject.method_code:
            parts.append(f"method {subject.method_code}")
        return ", ".join(parts)
    if isinstance(subject, ChemicalSubject):
        qty = f" of {subject.quantity_kg} kg" if subject.quantity_kg is not None else ""
        return f"chemical #{subject.chemical_id}{qty}"
    return f"dangerous-goods class {subject.dg_class}"


def check_coverage(
    licences: list[LicenceFacts], type_code: str, on: date, subject: Subject = None
) -> Coverage:
    """Answer whether one of `licences` of type `type_code` is in force on `on` and covers `subject`."""
    candidates = [lic for lic in licences if lic.type_code == type_code]
    if not candidates:
        return Coverage(False, reasons=(Reason("no_licence", None, f"holds no licence of type {type_code}"),))
    reasons: list[Reason] = []
    for lic in sorted(candidates, key=lambda x: x.valid_to, reverse=True):
        standing = licence_standing(lic.status, lic.valid_from, lic.valid_to, on)
        if standing is not None:
            code, why = standing
            reasons.append(Reason(code, lic.number, f"licence {lic.number} {why} (checked for {on})"))
            continue
        if subject is None:
            return Coverage(True, licence=lic)
        for line in lic.lines:
            if _line_matches(line, subject):
                return Coverage(True, licence=lic, line=line)
        reasons.append(
            Reason(
                "out_of_scope",
                lic.number,
                f"licence {lic.number} does not cover {describe_subject(subject)}",
            )
        )
    return Coverage(False, reasons=tuple(reasons))

"""Does an enterprise hold a valid licence of a type covering a subject on a date, and if not, why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hazchem.domain.errors import Message, Said
from hazchem.domain.identifiers import category_of
from hazchem.domain.lifecycle import licence_standing
from hazchem.domain.vocab import ScopeKind

NO_LICENCE = Message("licensing.no_licence", "holds no licence of type %(type_code)s")
NOT_YET_VALID = Message(
    "licensing.not_yet_valid", "licence %(number)s is valid only from %(valid_from)s (checked for %(on)s)"
)
EXPIRED = Message("licensing.expired", "licence %(number)s expired on %(valid_to)s (checked for %(on)s)")
NOT_IN_FORCE = Message("licensing.not_in_force", "licence %(number)s is %(status)s (checked for %(on)s)")
OUT_OF_SCOPE = Message("licensing.out_of_scope", "licence %(number)s does not cover %(subject)s")
ANY_ACTIVITY = Message("licensing.subject.any", "any activity")
WASTE_CODE = Message("licensing.subject.waste_code", "waste code %(waste_code)s")
WASTE_CODE_MODE = Message("licensing.subject.waste_code_mode", "waste code %(waste_code)s, mode %(mode)s")
WASTE_CODE_METHOD = Message(
    "licensing.subject.waste_code_method", "waste code %(waste_code)s, method %(method)s"
)
WASTE_CODE_MODE_METHOD = Message(
    "licensing.subject.waste_code_mode_method",
    "waste code %(waste_code)s, mode %(mode)s, method %(method)s",
)
CHEMICAL = Message("licensing.subject.chemical", "chemical #%(chemical_id)s")
CHEMICAL_QUANTITY = Message(
    "licensing.subject.chemical_quantity", "chemical #%(chemical_id)s of %(quantity_kg)s kg"
)
DG_CLASS = Message("licensing.subject.dg_class", "dangerous-goods class %(dg_class)s")


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
    """Why one licence does not cover the subject: a stable code, the licence and what to say."""

    code: str
    licence_number: str | None
    said: Said

    @property
    def message(self) -> str:
        """The reason in English, for logs and callers that do not say it in the reader's language."""
        return str(self.said)

    @property
    def message_code(self) -> str:
        """The code of the reason's message."""
        return self.said.code

    @property
    def params(self) -> dict:
        """The reason's parameters as JSON values."""
        return self.said.as_dict()["params"]


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


def subject_said(subject: Subject) -> Said:
    """What was asked for, as a message for refusals and reasons."""
    if subject is None:
        return ANY_ACTIVITY()
    if isinstance(subject, WasteSubject):
        code, mode, method = subject.waste_code, subject.mode, subject.method_code
        if mode and method:
            return WASTE_CODE_MODE_METHOD(waste_code=code, mode=mode, method=method)
        if mode:
            return WASTE_CODE_MODE(waste_code=code, mode=mode)
        if method:
            return WASTE_CODE_METHOD(waste_code=code, method=method)
        return WASTE_CODE(waste_code=code)
    if isinstance(subject, ChemicalSubject):
        if subject.quantity_kg is not None:
            return CHEMICAL_QUANTITY(chemical_id=subject.chemical_id, quantity_kg=subject.quantity_kg)
        return CHEMICAL(chemical_id=subject.chemical_id)
    return DG_CLASS(dg_class=subject.dg_class)


def describe_subject(subject: Subject) -> str:
    """Say in English what was asked for (subject_said gives it in the reader's language)."""
    return str(subject_said(subject))


def _not_in_force(lic: LicenceFacts, code: str, on: date) -> Said:
    """Why a licence is not in force on a date, from the standing's reason code."""
    if code == "not_yet_valid":
        return NOT_YET_VALID(number=lic.number, valid_from=lic.valid_from.isoformat(), on=on.isoformat())
    if code == "expired":
        return EXPIRED(number=lic.number, valid_to=lic.valid_to.isoformat(), on=on.isoformat())
    return NOT_IN_FORCE(number=lic.number, status=code, on=on.isoformat())


def check_coverage(
    licences: list[LicenceFacts], type_code: str, on: date, subject: Subject = None
) -> Coverage:
    """Answer whether one of `licences` of type `type_code` is in force on `on` and covers `subject`."""
    candidates = [lic for lic in licences if lic.type_code == type_code]
    if not candidates:
        return Coverage(False, reasons=(Reason("no_licence", None, NO_LICENCE(type_code=type_code)),))
    reasons: list[Reason] = []
    for lic in sorted(candidates, key=lambda x: x.valid_to, reverse=True):
        standing = licence_standing(lic.status, lic.valid_from, lic.valid_to, on)
        if standing is not None:
            code, _why = standing
            reasons.append(Reason(code, lic.number, _not_in_force(lic, code, on)))
            continue
        if subject is None:
            return Coverage(True, licence=lic)
        for line in lic.lines:
            if _line_matches(line, subject):
                return Coverage(True, licence=lic, line=line)
        reasons.append(
            Reason("out_of_scope", lic.number, OUT_OF_SCOPE(number=lic.number, subject=subject_said(subject)))
        )
    return Coverage(False, reasons=tuple(reasons))

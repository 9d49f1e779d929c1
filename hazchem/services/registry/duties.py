"""Licence types and the responsibility matrix: which department issues or supervises which licence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.domain.vocab import (
    DepartmentKind,
    Duty,
    ScopeKind,
)
from hazchem.models import (
    Department,
    LicenceType,
    Responsibility,
)
from hazchem.services.platform import audit
from hazchem.services.platform.access import (
    Actor,
    may_see_park,
    require_admin,
)
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.fields import enum_value, flush_or_conflict, flush_with_event, require_text
from hazchem.services.registry.parks import list_departments


def list_licence_types(*, session: Session, actor: Actor | None = None) -> list[LicenceType]:
    """Every licence type, in seeding order."""
    return list(session.exec(select(LicenceType).order_by(LicenceType.id)))


def get_licence_type(
    *,
    session: Session,
    actor: Actor | None = None,
    licence_type_id: int | None = None,
    code: str | None = None,
) -> LicenceType:
    """One licence type, by id or code."""
    if licence_type_id is not None:
        found = session.get(LicenceType, licence_type_id)
    else:
        found = session.exec(select(LicenceType).where(LicenceType.code == code)).first()
    if found is None:
        raise NotFound(msg.LICENCE_TYPE_NOT_FOUND, licence_type=licence_type_id or code)
    return found


@use_case("licence_type.create")
def create_licence_type(
    *,
    session: Session,
    actor: Actor | None,
    code: str,
    name: str,
    issuer_kind: str,
    scope_kind: str,
    legal_basis: str = "",
    validity_years: int | None = None,
    name_en: str = "",
    requires: Sequence[str] = (),
) -> LicenceType:
    """Define a licence type (administrators only)."""
    if actor is not None:
        require_admin(actor, msg.DEFINE_LICENCE_TYPES)
    if validity_years is not None and validity_years <= 0:
        raise InvalidInput(msg.VALIDITY_POSITIVE, details=[{"field": "validity_years"}])
    licence_type = LicenceType(
        code=require_text(code, "code", 60),
        name=require_text(name, "name", 120),
        name_en=name_en.strip(),
        issuer_kind=enum_value(DepartmentKind, issuer_kind, "issuer_kind"),
        scope_kind=enum_value(ScopeKind, scope_kind, "scope_kind"),
        legal_basis=legal_basis.strip(),
        validity_years=validity_years,
        requires=list(requires),
    )
    known = set(session.exec(select(LicenceType.code)))
    unknown = [c for c in requires if c not in known]
    if unknown:
        raise InvalidInput(
            msg.UNKNOWN_REQUIRED_TYPES,
            codes=", ".join(unknown),
            details=[{"field": "requires", "value": unknown}],
        )
    session.add(licence_type)
    flush_with_event(
        session,
        actor,
        "licence_type.create",
        licence_type,
        ("code", "name", "issuer_kind", "scope_kind"),
        what=msg.LICENCE_TYPE(code=code),
    )
    return licence_type


@dataclass(frozen=True)
class Matrix:
    """The responsibility matrix: rows are departments, columns licence types, cells duties."""

    departments: list[Department]
    licence_types: list[LicenceType]
    cells: frozenset[tuple[int, int, str]]

    def duties(self, department_id: int, licence_type_id: int) -> list[str]:
        """The duties one department has for one licence type."""
        return [d.value for d in Duty if (department_id, licence_type_id, d.value) in self.cells]


def responsibility_matrix(*, session: Session, actor: Actor, park_id: int | None = None) -> Matrix:
    """Return the whole matrix (organisation data every signed-in user may read)."""
    departments = list_departments(session=session, actor=actor, park_id=park_id)
    types = list_licence_types(session=session)
    ids = [d.id for d in departments]
    rows = (
        session.exec(select(Responsibility).where(col(Responsibility.department_id).in_(ids))) if ids else []
    )
    cells = frozenset((r.department_id, r.licence_type_id, r.duty) for r in rows)
    return Matrix(departments, types, cells)


@use_case("responsibility.set")
def set_responsibility(
    *,
    session: Session,
    actor: Actor | None,
    department_id: int,
    licence_type_id: int,
    duty: str,
    assigned: bool,
) -> bool:
    """Assign or remove one duty in the matrix (administrators only); returns whether it changed."""
    current = set(_cell_duties(session, department_id, licence_type_id))
    wanted = current | {duty} if assigned else current - {duty}
    return set_cell(
        session=session,
        actor=actor,
        department_id=department_id,
        licence_type_id=licence_type_id,
        duties=wanted,
    )


def _cell_duties(session: Session, department_id: int, licence_type_id: int) -> list[str]:
    return list(
        session.exec(
            select(Responsibility.duty).where(
                Responsibility.department_id == department_id,
                Responsibility.licence_type_id == licence_type_id,
            )
        )
    )


@use_case("responsibility.set")
def set_cell(
    *, session: Session, actor: Actor | None, department_id: int, licence_type_id: int, duties: Iterable[str]
) -> bool:
    """Set one matrix cell to exactly `duties` in one transaction and one event; True if it changed."""
    if actor is not None:
        require_admin(actor, msg.CHANGE_MATRIX)
    wanted = {enum_value(Duty, d, "duty") for d in duties}
    department = session.get(Department, department_id)
    licence_type = session.get(LicenceType, licence_type_id)
    # An administrator keeps its own park's matrix only.
    foreign = department is not None and not may_see_park(actor, department.park_id or -1)
    if department is None or licence_type is None or foreign:
        raise NotFound(msg.CELL_NOT_FOUND)
    existing = {
        r.duty: r
        for r in session.exec(
            select(Responsibility).where(
                Responsibility.department_id == department_id,
                Responsibility.licence_type_id == licence_type_id,
            )
        )
    }
    if set(existing) == wanted:
        return False
    for duty in wanted - set(existing):
        session.add(Responsibility(department_id=department_id, licence_type_id=licence_type_id, duty=duty))
    for duty in set(existing) - wanted:
        session.delete(existing[duty])
    audit.record(
        session,
        actor=actor,
        action="responsibility.set",
        entity="responsibility",
        entity_id=f"{department_id}:{licence_type_id}",
        before={"duties": sorted(existing)},
        after={"department": department.name, "licence_type": licence_type.code, "duties": sorted(wanted)},
    )
    flush_or_conflict(session, msg.RESPONSIBILITY)
    return True

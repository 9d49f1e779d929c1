"""The park registry: departments, responsibility matrix, enterprises, licences, facilities, carriers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Text, cast, false
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, or_, select

from hazchem.db import begin_write, use_case
from hazchem.domain import licensing
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.domain.identifiers import (
    validate_category,
    validate_region_code,
    validate_uscc,
    validate_waste_code,
)
from hazchem.domain.lifecycle import (
    LicenceStatus,
    check_licence_transition,
    is_active_status,
    licence_status,
)
from hazchem.domain.oversight import FACILITY_AREAS, WASTE_FACILITY_KINDS, Area, facility_area, licence_area
from hazchem.domain.vocab import (
    DepartmentKind,
    Duty,
    EnterpriseRole,
    FacilityKind,
    Role,
    ScopeKind,
    WasteMode,
)
from hazchem.models import (
    Chemical,
    Department,
    Driver,
    Enterprise,
    Facility,
    FacilityChemical,
    Licence,
    LicenceScopeLine,
    LicenceType,
    Park,
    Responsibility,
    TreatmentMethod,
    Vehicle,
    WasteCategory,
    WasteCode,
)
from hazchem.services import audit
from hazchem.services.access import (
    AREA_NAMES,
    Actor,
    can_oversee,
    can_read_enterprise,
    enterprise_scope,
    licence_type_scope,
    overseen_areas,
    require_admin,
    require_licence_writer,
    require_read,
)

DEFAULT_PAGE = 50
MAX_PAGE = 500
_DG_CLASS_RE = re.compile(r"^[1-9](\.[1-6])?$")
_PLATE_RE = re.compile(r"^[\u4e00-\u9fff][A-Z][A-Z0-9]{5,6}$")


def _page(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_PAGE
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}", details=[{"field": "limit"}])
    return limit


def _require_text(value: str | None, field_name: str, max_len: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{field_name} is required", details=[{"field": field_name}])
    if len(text) > max_len:
        raise InvalidInput(
            f"{field_name} is longer than {max_len} characters", details=[{"field": field_name}]
        )
    return text


def _enum_value(enum: type, value: str, field_name: str) -> str:
    try:
        return enum(value).value
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidInput(
            f"{field_name} {value!r} is not one of: {allowed}",
            details=[{"field": field_name, "value": value}],
        ) from None


def _non_negative(value: int | None, field_name: str) -> int | None:
    if value is not None and value < 0:
        raise InvalidInput(f"{field_name} must not be negative", details=[{"field": field_name}])
    return value


def _commit(session: Session, what: str) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"{what} already exists") from None


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


# --- Parks and departments ---------------------------------------------------------------------


def get_park(*, session: Session, park_id: int | None = None) -> Park:
    """Return a park (the first one when no id is given: most installations run one park)."""
    park = session.get(Park, park_id) if park_id else session.exec(select(Park).order_by(Park.id)).first()
    if park is None:
        raise NotFound("no park is set up yet")
    return park


@use_case
def create_park(
    *, session: Session, actor: Actor | None, name: str, region_code: str, name_en: str = ""
) -> Park:
    """Register a park (administrators, or the CLI with actor None)."""
    if actor is not None:
        require_admin(actor, "create parks")
    park = Park(
        name=_require_text(name, "name", 120),
        name_en=name_en.strip(),
        region_code=validate_region_code(region_code),
    )
    begin_write(session)
    session.add(park)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="park.create",
        entity="park",
        entity_id=park.id,
        after=_snapshot(park, ("name", "region_code")),
    )
    _commit(session, "park")
    return park


def list_departments(*, session: Session, actor: Actor, park_id: int | None = None) -> list[Department]:
    """Departments of the park (organisation data every signed-in user may read)."""
    query = select(Department).order_by(Department.id)
    if park_id is not None:
        query = query.where(Department.park_id == park_id)
    return list(session.exec(query))


def get_department(*, session: Session, actor: Actor, department_id: int) -> Department:
    """One department."""
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound(f"department {department_id} not found")
    return department


@use_case
def create_department(
    *, session: Session, actor: Actor | None, park_id: int, kind: str, name: str, name_en: str = ""
) -> Department:
    """Add a regulator department to a park (administrators only)."""
    if actor is not None:
        require_admin(actor, "configure departments")
    department = Department(
        park_id=park_id,
        kind=_enum_value(DepartmentKind, kind, "kind"),
        name=_require_text(name, "name", 120),
        name_en=name_en.strip(),
    )
    begin_write(session)
    if session.get(Park, park_id) is None:
        raise InvalidInput(f"park {park_id} does not exist", details=[{"field": "park_id"}])
    session.add(department)
    _commit_with_event(
        session,
        actor,
        "department.create",
        department,
        ("park_id", "kind", "name"),
        what=f"department {department.name}",
    )
    return department


@use_case
def update_department(
    *, session: Session, actor: Actor, department_id: int, name: str, name_en: str = ""
) -> Department:
    """Rename a department (administrators only), e.g. after an institutional reform."""
    require_admin(actor, "configure departments")
    begin_write(session)
    department = get_department(session=session, actor=actor, department_id=department_id)
    before = _snapshot(department, ("name", "name_en"))
    new_name = _require_text(name, "name", 120)
    department.name = new_name
    department.name_en = name_en.strip()
    session.add(department)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"a department named {new_name} already exists in this park") from None
    audit.record(
        session,
        actor=actor,
        action="department.update",
        entity="department",
        entity_id=department.id,
        before=before,
        after=_snapshot(department, ("name", "name_en")),
    )
    _commit(session, f"department {department.name}")
    return department


def _commit_with_event(
    session: Session, actor: Actor | None, action: str, obj: Any, fields: Sequence[str], *, what: str
) -> None:
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"{what} already exists") from None
    audit.record(
        session,
        actor=actor,
        action=action,
        entity=type(obj).__name__.lower(),
        entity_id=obj.id,
        after=_snapshot(obj, fields),
    )
    _commit(session, what)


# --- Licence types and the responsibility matrix -----------------------------------------------


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
        raise NotFound(f"licence type {licence_type_id or code} not found")
    return found


@use_case
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
        require_admin(actor, "define licence types")
    if validity_years is not None and validity_years <= 0:
        raise InvalidInput("validity_years must be positive", details=[{"field": "validity_years"}])
    licence_type = LicenceType(
        code=_require_text(code, "code", 60),
        name=_require_text(name, "name", 120),
        name_en=name_en.strip(),
        issuer_kind=_enum_value(DepartmentKind, issuer_kind, "issuer_kind"),
        scope_kind=_enum_value(ScopeKind, scope_kind, "scope_kind"),
        legal_basis=legal_basis.strip(),
        validity_years=validity_years,
        requires=list(requires),
    )
    begin_write(session)
    known = set(session.exec(select(LicenceType.code)))
    unknown = [c for c in requires if c not in known]
    if unknown:
        raise InvalidInput(
            f"required licence types do not exist: {', '.join(unknown)}",
            details=[{"field": "requires", "value": unknown}],
        )
    session.add(licence_type)
    _commit_with_event(
        session,
        actor,
        "licence_type.create",
        licence_type,
        ("code", "name", "issuer_kind", "scope_kind"),
        what=f"licence type {code}",
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


@use_case
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


@use_case
def set_cell(
    *, session: Session, actor: Actor | None, department_id: int, licence_type_id: int, duties: Iterable[str]
) -> bool:
    """Set one matrix cell to exactly `duties` in one transaction and one event; True if it changed."""
    if actor is not None:
        require_admin(actor, "change the responsibility matrix")
    wanted = {_enum_value(Duty, d, "duty") for d in duties}
    begin_write(session)
    department = session.get(Department, department_id)
    licence_type = session.get(LicenceType, licence_type_id)
    if department is None or licence_type is None:
        raise NotFound("department or licence type not found")
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
        session.rollback()
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
    _commit(session, "responsibility")
    return True


# --- Enterprises --------------------------------------------------------------------------------

ENTERPRISE_FIELDS = (
    "uscc",
    "name",
    "name_en",
    "address",
    "region_code",
    "roles",
    "contact_name",
    "contact_phone",
    "grade",
)
CONTACT_FIELDS = ("contact_name", "contact_phone", "address")


def list_enterprises(
    *,
    session: Session,
    actor: Actor,
    q: str | None = None,
    role: str | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[Enterprise]:
    """Enterprises the actor may see, filtered by name/USCC text and role, keyset-paged by id."""
    query = select(Enterprise).order_by(Enterprise.id).limit(_page(limit))
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Enterprise.id).in_(scope or [-1]))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(
            or_(
                col(Enterprise.name).ilike(like),
                col(Enterprise.uscc).ilike(like),
                col(Enterprise.name_en).ilike(like),
            )
        )
    if after is not None:
        query = query.where(Enterprise.id > after)
    if role:
        # Roles are a JSON list; matching its quoted member in the text works on SQLite and PostgreSQL
        # and filters before the page limit.
        role = _enum_value(EnterpriseRole, role, "role")
        query = query.where(cast(Enterprise.roles, Text).like(f'%"{role}"%'))
    return list(session.exec(query))


def get_enterprise(*, session: Session, actor: Actor, enterprise_id: int) -> Enterprise:
    """One enterprise, if the actor may see it (otherwise it is reported as not found)."""
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not can_read_enterprise(actor, enterprise_id):
        raise NotFound(f"enterprise {enterprise_id} not found")
    return enterprise


def _clean_enterprise_fields(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "uscc" in data:
        clean["uscc"] = validate_uscc(data["uscc"])
    if "name" in data:
        clean["name"] = _require_text(data["name"], "name", 200)
    if "region_code" in data:
        clean["region_code"] = validate_region_code(data["region_code"])
    if "roles" in data:
        roles = list(dict.fromkeys(data["roles"] or []))
        clean["roles"] = [_enum_value(EnterpriseRole, r, "roles") for r in roles]
    for key in ("name_en", "address", "contact_name", "contact_phone", "grade"):
        if key in data:
            clean[key] = (data[key] or "").strip()
    return clean


@use_case
def create_enterprise(*, session: Session, actor: Actor | None, park_id: int, **data: Any) -> Enterprise:
    """Register an enterprise with a validated USCC and region code (administrators only)."""
    if actor is not None:
        require_admin(actor, "register enterprises")
    missing = [k for k in ("uscc", "name", "region_code") if not data.get(k)]
    if missing:
        raise InvalidInput(f"missing fields: {', '.join(missing)}", details=[{"field": k} for k in missing])
    unknown = set(data) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown fields: {', '.join(sorted(unknown))}")
    enterprise = Enterprise(park_id=park_id, **_clean_enterprise_fields(data))
    begin_write(session)
    if session.get(Park, park_id) is None:
        raise InvalidInput(f"park {park_id} does not exist", details=[{"field": "park_id"}])
    if session.exec(select(Enterprise.id).where(Enterprise.uscc == enterprise.uscc)).first():
        raise Conflict(
            f"an enterprise with USCC {enterprise.uscc} is already registered", details=[{"field": "uscc"}]
        )
    session.add(enterprise)
    _commit_with_event(
        session,
        actor,
        "enterprise.create",
        enterprise,
        ENTERPRISE_FIELDS,
        what=f"enterprise {enterprise.uscc}",
    )
    return enterprise


@use_case
def update_enterprise(*, session: Session, actor: Actor, enterprise_id: int, **data: Any) -> Enterprise:
    """Change an enterprise: administrators change anything, its own officers only the contact."""
    unknown = set(data) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown fields: {', '.join(sorted(unknown))}")
    if not actor.is_admin:
        own = actor.role == Role.EHS_OFFICER and actor.enterprise_id == enterprise_id
        if not own or set(data) - set(CONTACT_FIELDS):
            raise Forbidden("only a park administrator may change this; officers change their contact")
    clean = _clean_enterprise_fields(data)
    begin_write(session)
    enterprise = get_enterprise(session=session, actor=actor, enterprise_id=enterprise_id)
    before = _snapshot(enterprise, clean)
    for key, value in clean.items():
        setattr(enterprise, key, value)
    session.add(enterprise)
    audit.record(
        session,
        actor=actor,
        action="enterprise.update",
        entity="enterprise",
        entity_id=enterprise.id,
        before=before,
        after=clean,
    )
    _commit(session, f"enterprise {enterprise.uscc}")
    return enterprise


# --- Licences -----------------------------------------------------------------------------------


@dataclass
class LicenceView:
    """A licence with its type, holder, issuer and scope lines, ready to show."""

    licence: Licence
    licence_type: LicenceType
    holder: Enterprise
    issuer: Department | None
    lines: list[LicenceScopeLine] = field(default_factory=list)

    def standing(self, on: date) -> str:
        """The status that holds on a date (a valid licence past its end date is expired)."""
        from hazchem.domain.lifecycle import effective_licence_status

        lic = self.licence
        return effective_licence_status(lic.status, lic.valid_from, lic.valid_to, on).value


def visible_licences_query(session: Session, actor: Actor):
    query = (
        select(Licence, LicenceType, Enterprise)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .join(Enterprise, col(Enterprise.id) == Licence.enterprise_id)
    )
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Licence.enterprise_id).in_(scope or [-1]))
    types = licence_type_scope(session, actor)
    if types is not None:
        query = query.where(col(Licence.licence_type_id).in_(types or [-1]))
    return query


def _views(session: Session, rows: Sequence[tuple[Licence, LicenceType, Enterprise]]) -> list[LicenceView]:
    ids = [lic.id for lic, _, _ in rows]
    lines: dict[int, list[LicenceScopeLine]] = {}
    if ids:
        for line in session.exec(
            select(LicenceScopeLine)
            .where(col(LicenceScopeLine.licence_id).in_(ids))
            .order_by(LicenceScopeLine.id)
        ):
            lines.setdefault(line.licence_id, []).append(line)
    issuers = {d.id: d for d in session.exec(select(Department))}
    return [
        LicenceView(lic, lt, ent, issuers.get(lic.issuer_department_id), lines.get(lic.id, []))
        for lic, lt, ent in rows
    ]


def list_licences(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int | None = None,
    licence_type_id: int | None = None,
    status: str | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[LicenceView]:
    """Licences the actor may see: own enterprise's, or the types the regulator's department handles."""
    query = visible_licences_query(session, actor).order_by(Licence.id).limit(_page(limit))
    if enterprise_id is not None:
        query = query.where(Licence.enterprise_id == enterprise_id)
    if licence_type_id is not None:
        query = query.where(Licence.licence_type_id == licence_type_id)
    if status is not None:
        query = query.where(Licence.status == licence_status(status).value)
    if after is not None:
        query = query.where(Licence.id > after)
    return _views(session, list(session.exec(query)))


def get_licence(*, session: Session, actor: Actor, licence_id: int) -> LicenceView:
    """One licence with its lines, if the actor may see it."""
    row = session.exec(visible_licences_query(session, actor).where(Licence.id == licence_id)).first()
    if row is None:
        found = session.get(Licence, licence_id)
        if found is not None and actor.is_regulator:
            licence_type = session.get(LicenceType, found.licence_type_id)
            area = licence_area(licence_type.code, licence_type.issuer_kind)
            what = AREA_NAMES[area] if area else f"{licence_type.name_en or licence_type.code} licences"
            raise Forbidden(f"your department does not oversee {what}")
        raise NotFound(f"licence {licence_id} not found")
    return _views(session, [row])[0]


def expiring_licences(
    *, session: Session, actor: Actor, on: date, within_days: int = 60
) -> list[LicenceView]:
    """Licences still in use that end within `within_days` of `on` (or have already ended).

    Holders see their own; a regulator sees those its department issued or is responsible for.
    """
    horizon = on + timedelta(days=within_days)
    query = (
        visible_licences_query(session, actor).where(Licence.valid_to <= horizon).order_by(Licence.valid_to)
    )
    if actor.is_regulator and not actor.sees_everything:
        query = query.where(
            or_(
                Licence.issuer_department_id == actor.department_id,
                col(Licence.licence_type_id).in_(_issued_by_department(session, actor)),
            )
        )
    rows = [row for row in session.exec(query) if is_active_status(row[0].status)]
    return _views(session, rows)


def _issued_by_department(session: Session, actor: Actor) -> list[int]:
    return list(
        session.exec(
            select(Responsibility.licence_type_id).where(
                Responsibility.department_id == actor.department_id, Responsibility.duty == Duty.ISSUES
            )
        )
    )


@dataclass(frozen=True)
class ScopeLineInput:
    """A scope line as submitted: quantities already in kilograms."""

    kind: str
    waste_category: str | None = None
    waste_code: str | None = None
    modes: Sequence[str] = ()
    method_codes: Sequence[str] = ()
    annual_scale_kg: int | None = None
    chemical_id: int | None = None
    max_quantity_kg: int | None = None
    dg_class: str | None = None


def _validate_line(session: Session, line: ScopeLineInput, scope_kind: str, index: int) -> LicenceScopeLine:
    where = f"scope line {index + 1}"
    if line.kind != scope_kind:
        raise InvalidInput(
            f"{where}: a {scope_kind} licence takes {scope_kind} lines, not {line.kind}",
            details=[{"line": index + 1, "field": "kind"}],
        )
    row = LicenceScopeLine(licence_id=0, kind=line.kind)
    if line.kind == ScopeKind.WASTE:
        if bool(line.waste_code) == bool(line.waste_category):
            raise InvalidInput(
                f"{where}: give either a waste code or a waste category",
                details=[{"line": index + 1, "field": "waste_code"}],
            )
        if line.waste_code:
            code = validate_waste_code(line.waste_code)
            if session.exec(select(WasteCode.id).where(WasteCode.code == code)).first() is None:
                raise InvalidInput(
                    f"{where}: waste code {code} is in no edition of the waste list",
                    details=[{"line": index + 1, "field": "waste_code", "value": code}],
                )
            row.waste_code = code
        else:
            category = validate_category(line.waste_category or "")
            if session.exec(select(WasteCategory.id).where(WasteCategory.number == category)).first() is None:
                raise InvalidInput(
                    f"{where}: category {category} is in no edition of the waste list",
                    details=[{"line": index + 1, "field": "waste_category"}],
                )
            row.waste_category = category
        if not line.modes:
            raise InvalidInput(
                f"{where}: at least one mode (collect, store, utilise, dispose) is needed",
                details=[{"line": index + 1, "field": "modes"}],
            )
        row.modes = [_enum_value(WasteMode, m, "modes") for m in dict.fromkeys(line.modes)]
        methods = list(dict.fromkeys(m.strip().upper() for m in line.method_codes))
        known = (
            set(session.exec(select(TreatmentMethod.code).where(col(TreatmentMethod.code).in_(methods))))
            if methods
            else set()
        )
        if set(methods) - known:
            raise InvalidInput(
                f"{where}: unknown method codes {', '.join(sorted(set(methods) - known))}",
                details=[{"line": index + 1, "field": "method_codes"}],
            )
        row.method_codes = methods
        if not line.annual_scale_kg or line.annual_scale_kg <= 0:
            raise InvalidInput(
                f"{where}: the licensed annual scale (t/a) must be positive",
                details=[{"line": index + 1, "field": "annual_scale"}],
            )
        row.annual_scale_kg = line.annual_scale_kg
    elif line.kind == ScopeKind.CHEMICAL:
        if line.chemical_id is None or session.get(Chemical, line.chemical_id) is None:
            raise InvalidInput(
                f"{where}: chemical {line.chemical_id} is not in the catalogue",
                details=[{"line": index + 1, "field": "chemical_id"}],
            )
        row.chemical_id = line.chemical_id
        row.max_quantity_kg = _non_negative(line.max_quantity_kg, "max_quantity")
    elif line.kind == ScopeKind.TRANSPORT:
        if not line.dg_class or not _DG_CLASS_RE.match(line.dg_class):
            raise InvalidInput(
                f"{where}: dangerous-goods class {line.dg_class!r} is not like 3 or 6.1",
                details=[{"line": index + 1, "field": "dg_class"}],
            )
        row.dg_class = line.dg_class
    else:
        raise InvalidInput(
            f"{where}: licences of this type have no scope lines",
            details=[{"line": index + 1, "field": "kind"}],
        )
    return row


@use_case
def create_licence(
    *,
    session: Session,
    actor: Actor | None,
    enterprise_id: int,
    licence_type_id: int,
    number: str,
    valid_from: date,
    valid_to: date | None = None,
    issuer_department_id: int | None = None,
    lines: Sequence[ScopeLineInput] = (),
    note: str = "",
    status: str = LicenceStatus.VALID.value,
) -> LicenceView:
    """Record a licence with its scope lines (administrators, or the issuing department)."""
    begin_write(session)
    licence_type = get_licence_type(session=session, licence_type_id=licence_type_id)
    if actor is not None:
        require_licence_writer(session, actor, licence_type_id)
    if session.get(Enterprise, enterprise_id) is None:
        raise InvalidInput(f"enterprise {enterprise_id} does not exist", details=[{"field": "enterprise_id"}])
    if valid_to is None:
        if not licence_type.validity_years:
            raise InvalidInput("valid_to is required for this licence type", details=[{"field": "valid_to"}])
        valid_to = _add_years(valid_from, licence_type.validity_years) - timedelta(days=1)
    if valid_to < valid_from:
        raise InvalidInput(
            f"valid_to {valid_to} is before valid_from {valid_from}", details=[{"field": "valid_to"}]
        )
    if issuer_department_id is not None:
        issuer = session.get(Department, issuer_department_id)
        if issuer is None:
            raise InvalidInput(
                f"department {issuer_department_id} does not exist",
                details=[{"field": "issuer_department_id"}],
            )
        if issuer.kind != licence_type.issuer_kind:
            raise InvalidInput(
                f"{licence_type.name} is issued by {licence_type.issuer_kind}, not by {issuer.name}",
                details=[{"field": "issuer_department_id"}],
            )
    rows = [_validate_line(session, line, licence_type.scope_kind, i) for i, line in enumerate(lines)]
    licence = Licence(
        enterprise_id=enterprise_id,
        licence_type_id=licence_type_id,
        number=_require_text(number, "number", 80),
        issuer_department_id=issuer_department_id,
        valid_from=valid_from,
        valid_to=valid_to,
        status=licence_status(status).value,
        note=note.strip(),
    )
    if session.exec(
        select(Licence.id).where(Licence.licence_type_id == licence_type_id, Licence.number == licence.number)
    ).first():
        raise Conflict(
            f"licence number {licence.number} is already recorded for this type",
            details=[{"field": "number"}],
        )
    session.add(licence)
    session.flush()
    for row in rows:
        row.licence_id = licence.id
        session.add(row)
    audit.record(
        session,
        actor=actor,
        action="licence.create",
        entity="licence",
        entity_id=licence.id,
        after={
            **_snapshot(
                licence, ("enterprise_id", "licence_type_id", "number", "valid_from", "valid_to", "status")
            ),
            "lines": [
                _snapshot(
                    r,
                    (
                        "kind",
                        "waste_category",
                        "waste_code",
                        "modes",
                        "method_codes",
                        "annual_scale_kg",
                        "chemical_id",
                        "max_quantity_kg",
                        "dg_class",
                    ),
                )
                for r in rows
            ],
        },
    )
    _commit(session, f"licence {licence.number}")
    return LicenceView(
        licence,
        licence_type,
        session.get(Enterprise, enterprise_id),
        session.get(Department, issuer_department_id) if issuer_department_id else None,
        rows,
    )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@use_case
def change_licence_status(
    *, session: Session, actor: Actor, licence_id: int, status: str, reason: str
) -> LicenceView:
    """Suspend, reinstate, revoke or expire a licence, with a reason, by the transition table."""
    reason = _require_text(reason, "reason", 500)
    begin_write(session)
    view = get_licence(session=session, actor=actor, licence_id=licence_id)
    require_licence_writer(session, actor, view.licence.licence_type_id)
    before = view.licence.status
    view.licence.status = check_licence_transition(before, status).value
    session.add(view.licence)
    audit.record(
        session,
        actor=actor,
        action="licence.status",
        entity="licence",
        entity_id=licence_id,
        before={"status": before},
        after={"status": view.licence.status, "reason": reason},
    )
    _commit(session, "licence")
    return view


def licence_facts(session: Session, enterprise_id: int) -> list[licensing.LicenceFacts]:
    """Load an enterprise's licences as plain facts for the domain's coverage check."""
    rows = session.exec(
        select(Licence, LicenceType)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .where(Licence.enterprise_id == enterprise_id)
    ).all()
    ids = [lic.id for lic, _ in rows]
    lines: dict[int, list[licensing.ScopeLine]] = {}
    if ids:
        for line in session.exec(select(LicenceScopeLine).where(col(LicenceScopeLine.licence_id).in_(ids))):
            lines.setdefault(line.licence_id, []).append(
                licensing.ScopeLine(
                    kind=line.kind,
                    waste_category=line.waste_category,
                    waste_code=line.waste_code,
                    modes=tuple(line.modes),
                    method_codes=tuple(line.method_codes),
                    annual_scale_kg=line.annual_scale_kg,
                    chemical_id=line.chemical_id,
                    max_quantity_kg=line.max_quantity_kg,
                    dg_class=line.dg_class,
                    id=line.id,
                )
            )
    return [
        licensing.LicenceFacts(
            id=lic.id,
            number=lic.number,
            type_code=lt.code,
            status=lic.status,
            valid_from=lic.valid_from,
            valid_to=lic.valid_to,
            lines=tuple(lines.get(lic.id, ())),
        )
        for lic, lt in rows
    ]


def licence_coverage(
    *, session: Session, enterprise_id: int, type_code: str, on: date, subject: licensing.Subject = None
) -> licensing.Coverage:
    """Does the enterprise hold a valid licence of `type_code` covering `subject` on `on`? (with reasons)"""
    return licensing.check_coverage(licence_facts(session, enterprise_id), type_code, on, subject)


# --- Facilities ---------------------------------------------------------------------------------

FACILITY_FIELDS = (
    "name",
    "kind",
    "location",
    "storage_capacity_kg",
    "annual_capacity_kg",
    "daily_capacity_kg",
)


def _require_owner_or_admin(actor: Actor, enterprise_id: int, what: str) -> None:
    if actor.is_admin:
        return
    if actor.role == Role.EHS_OFFICER and actor.enterprise_id == enterprise_id:
        return
    raise Forbidden(f"only a park administrator or the enterprise's own officer may {what}")


def list_facilities(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int | None = None,
    kind: str | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[Facility]:
    """Facilities the actor may see."""
    if actor.is_regulator and not any(can_oversee(actor, a) for a in FACILITY_AREAS):
        raise Forbidden(
            "your department does not oversee waste storage, chemical stock or controlled holdings"
        )
    query = select(Facility).order_by(Facility.id).limit(_page(limit))
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Facility.enterprise_id).in_(scope or [-1]))
    overseen = facility_area_condition(actor)
    if overseen is not None:
        query = query.where(overseen)
    if enterprise_id is not None:
        query = query.where(Facility.enterprise_id == enterprise_id)
    if kind:
        query = query.where(Facility.kind == _enum_value(FacilityKind, kind, "kind"))
    if after is not None:
        query = query.where(Facility.id > after)
    return list(session.exec(query))


def _controlled_facilities() -> Any:
    """Ids of facilities declared to hold a highly-toxic or explosive-precursor chemical."""
    return (
        select(FacilityChemical.facility_id)
        .join(Chemical, col(Chemical.id) == FacilityChemical.chemical_id)
        .where(or_(col(Chemical.highly_toxic).is_(True), col(Chemical.explosive_precursor).is_(True)))
    )


def facility_area_condition(actor: Actor) -> ColumnElement[bool] | None:
    """Facilities in the regulator's areas (waste stores and plants, chemical stock, controlled
    holdings); None when the actor is not limited by area."""
    areas = overseen_areas(actor)
    if areas is None or actor.sees_everything:
        return None
    waste_kinds = [k.value for k in WASTE_FACILITY_KINDS]
    conds: list[ColumnElement[bool]] = []
    if Area.WASTE_STORAGE in areas:
        conds.append(col(Facility.kind).in_(waste_kinds))
    if Area.CHEMICAL_STOCK in areas:
        conds.append(col(Facility.kind).not_in(waste_kinds))
    if Area.CONTROLLED_HOLDINGS in areas:
        conds.append(col(Facility.id).in_(_controlled_facilities()))
    return or_(*conds) if conds else false()


def get_facility(*, session: Session, actor: Actor, facility_id: int) -> Facility:
    """One facility, if the actor may see its owner and, for a regulator, the facility's area."""
    facility = session.get(Facility, facility_id)
    if facility is None or not can_read_enterprise(actor, facility.enterprise_id):
        raise NotFound(f"facility {facility_id} not found")
    overseen = facility_area_condition(actor)
    if (
        overseen is not None
        and not session.exec(select(Facility.id).where(Facility.id == facility_id, overseen)).first()
    ):
        raise Forbidden(f"your department does not oversee {AREA_NAMES[facility_area(facility.kind)]}")
    return facility


@use_case
def create_facility(
    *,
    session: Session,
    actor: Actor | None,
    enterprise_id: int,
    name: str,
    kind: str,
    location: str = "",
    storage_capacity_kg: int | None = None,
    annual_capacity_kg: int | None = None,
    daily_capacity_kg: int | None = None,
) -> Facility:
    """Register a facility with capacities in explicit units (administrators or the owner's officer)."""
    if actor is not None:
        _require_owner_or_admin(actor, enterprise_id, "register facilities")
    facility = Facility(
        enterprise_id=enterprise_id,
        name=_require_text(name, "name", 200),
        kind=_enum_value(FacilityKind, kind, "kind"),
        location=location.strip(),
        storage_capacity_kg=_non_negative(storage_capacity_kg, "storage_capacity"),
        annual_capacity_kg=_non_negative(annual_capacity_kg, "annual_capacity"),
        daily_capacity_kg=_non_negative(daily_capacity_kg, "daily_capacity"),
    )
    if not any((facility.storage_capacity_kg, facility.annual_capacity_kg, facility.daily_capacity_kg)):
        raise InvalidInput(
            "a facility needs at least one capacity (stored t, t/a or t/d)",
            details=[{"field": "storage_capacity"}],
        )
    begin_write(session)
    if session.get(Enterprise, enterprise_id) is None:
        raise InvalidInput(f"enterprise {enterprise_id} does not exist", details=[{"field": "enterprise_id"}])
    session.add(facility)
    _commit_with_event(
        session,
        actor,
        "facility.create",
        facility,
        ("enterprise_id", *FACILITY_FIELDS),
        what=f"facility {facility.name}",
    )
    return facility


@use_case
def add_facility_chemical(
    *,
    session: Session,
    actor: Actor | None,
    facility_id: int,
    chemical_id: int,
    max_quantity_kg: int | None = None,
) -> FacilityChemical:
    """Declare that a facility holds a catalogue entry (up to a maximum quantity)."""
    begin_write(session)
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise NotFound(f"facility {facility_id} not found")
    if actor is not None:
        _require_owner_or_admin(actor, facility.enterprise_id, "change facilities")
    if session.get(Chemical, chemical_id) is None:
        raise InvalidInput(
            f"chemical {chemical_id} is not in the catalogue", details=[{"field": "chemical_id"}]
        )
    link = FacilityChemical(
        facility_id=facility_id,
        chemical_id=chemical_id,
        max_quantity_kg=_non_negative(max_quantity_kg, "max_quantity"),
    )
    session.add(link)
    _commit_with_event(
        session,
        actor,
        "facility.chemical",
        link,
        ("facility_id", "chemical_id", "max_quantity_kg"),
        what="this chemical on this facility",
    )
    return link


# --- Carriers: vehicles and drivers -------------------------------------------------------------


def _carrier(session: Session, carrier_id: int) -> Enterprise:
    carrier = session.get(Enterprise, carrier_id)
    if carrier is None:
        raise InvalidInput(f"enterprise {carrier_id} does not exist", details=[{"field": "carrier_id"}])
    if EnterpriseRole.CARRIER not in carrier.roles:
        raise InvalidInput(
            f"{carrier.name} is not registered as a carrier", details=[{"field": "carrier_id"}]
        )
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


@use_case
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
        _require_owner_or_admin(actor, carrier_id, "register vehicles")
    plate = (plate or "").strip().upper()
    if not _PLATE_RE.match(plate):
        raise InvalidInput(
            f"plate {plate!r} is not a Chinese licence plate (e.g. 浙D12345)", details=[{"field": "plate"}]
        )
    classes = list(dict.fromkeys(c.strip() for c in dg_classes))
    bad = [c for c in classes if not _DG_CLASS_RE.match(c)]
    if bad or not classes:
        raise InvalidInput(
            f"dangerous-goods classes {bad or '(none)'} are not like 3 or 6.1",
            details=[{"field": "dg_classes"}],
        )
    vehicle = Vehicle(
        carrier_id=carrier_id,
        plate=plate,
        certificate_no=_require_text(certificate_no, "certificate_no", 60),
        dg_classes=classes,
        valid_to=valid_to,
    )
    begin_write(session)
    _carrier(session, carrier_id)
    if session.exec(select(Vehicle.id).where(Vehicle.plate == plate)).first():
        raise Conflict(f"vehicle {plate} is already registered", details=[{"field": "plate"}])
    session.add(vehicle)
    _commit_with_event(
        session,
        actor,
        "vehicle.create",
        vehicle,
        ("carrier_id", "plate", "certificate_no", "dg_classes", "valid_to"),
        what=f"vehicle {plate}",
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


@use_case
def create_driver(
    *, session: Session, actor: Actor | None, carrier_id: int, name: str, certificate_no: str, valid_to: date
) -> Driver:
    """Register a qualified driver of a carrier (administrators or the carrier's officer)."""
    if actor is not None:
        _require_owner_or_admin(actor, carrier_id, "register drivers")
    driver = Driver(
        carrier_id=carrier_id,
        name=_require_text(name, "name", 60),
        certificate_no=_require_text(certificate_no, "certificate_no", 60),
        valid_to=valid_to,
    )
    begin_write(session)
    _carrier(session, carrier_id)
    if session.exec(select(Driver.id).where(Driver.certificate_no == driver.certificate_no)).first():
        raise Conflict(
            f"driver certificate {driver.certificate_no} is already registered",
            details=[{"field": "certificate_no"}],
        )
    session.add(driver)
    _commit_with_event(
        session,
        actor,
        "driver.create",
        driver,
        ("carrier_id", "name", "certificate_no", "valid_to"),
        what=f"driver {driver.certificate_no}",
    )
    return driver

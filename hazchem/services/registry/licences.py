"""Licences held by enterprises: issue, scope lines, status changes, expiry and coverage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, or_, select

from hazchem.domain import licensing
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.domain.identifiers import (
    validate_category,
    validate_waste_code,
)
from hazchem.domain.lifecycle import (
    LicenceStatus,
    check_licence_transition,
    is_active_status,
    licence_status,
)
from hazchem.domain.oversight import licence_area
from hazchem.domain.vocab import (
    Duty,
    ScopeKind,
    WasteMode,
)
from hazchem.models import (
    Chemical,
    Department,
    Enterprise,
    Licence,
    LicenceScopeLine,
    LicenceType,
    Responsibility,
    TreatmentMethod,
    WasteCategory,
    WasteCode,
)
from hazchem.services.platform import audit
from hazchem.services.platform.access import (
    AREA_NAMES,
    Actor,
    enterprise_scope,
    issuing_type_ids,
    licence_type_scope,
    require_licence_writer,
)
from hazchem.services.platform.messages import NOT_OVERSEEN
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.carriers import DG_CLASS_RE
from hazchem.services.registry.duties import get_licence_type
from hazchem.services.registry.enterprises import get_enterprise
from hazchem.services.registry.fields import (
    enum_value,
    flush_or_conflict,
    non_negative,
    page,
    require_text,
    snapshot,
)


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


def views(session: Session, rows: Sequence[tuple[Licence, LicenceType, Enterprise]]) -> list[LicenceView]:
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
    query = visible_licences_query(session, actor).order_by(Licence.id).limit(page(limit))
    if enterprise_id is not None:
        query = query.where(Licence.enterprise_id == enterprise_id)
    if licence_type_id is not None:
        query = query.where(Licence.licence_type_id == licence_type_id)
    if status is not None:
        query = query.where(Licence.status == licence_status(status).value)
    if after is not None:
        query = query.where(Licence.id > after)
    return views(session, list(session.exec(query)))


def get_licence(*, session: Session, actor: Actor, licence_id: int) -> LicenceView:
    """One licence with its lines, if the actor may see it."""
    row = session.exec(visible_licences_query(session, actor).where(Licence.id == licence_id)).first()
    if row is None:
        found = session.get(Licence, licence_id)
        if found is not None and actor.is_regulator:
            licence_type = session.get(LicenceType, found.licence_type_id)
            area = licence_area(licence_type.code, licence_type.issuer_kind)
            what = (
                AREA_NAMES[area]()
                if area
                else msg.TYPE_LICENCES(licence_type=licence_type.name_en or licence_type.code)
            )
            raise Forbidden(NOT_OVERSEEN, area=what)
        raise NotFound(msg.LICENCE_NOT_FOUND, licence_id=licence_id)
    return views(session, [row])[0]


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
    return views(session, rows)


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
    where = index + 1
    if line.kind != scope_kind:
        raise InvalidInput(
            msg.LINE_KIND,
            line=where,
            scope_kind=scope_kind,
            kind=line.kind,
            details=[{"line": index + 1, "field": "kind"}],
        )
    row = LicenceScopeLine(licence_id=0, kind=line.kind)
    if line.kind == ScopeKind.WASTE:
        if bool(line.waste_code) == bool(line.waste_category):
            raise InvalidInput(
                msg.LINE_CODE_OR_CATEGORY,
                line=where,
                details=[{"line": index + 1, "field": "waste_code"}],
            )
        if line.waste_code:
            code = validate_waste_code(line.waste_code)
            if session.exec(select(WasteCode.id).where(WasteCode.code == code)).first() is None:
                raise InvalidInput(
                    msg.LINE_CODE_UNLISTED,
                    line=where,
                    code=code,
                    details=[{"line": index + 1, "field": "waste_code", "value": code}],
                )
            row.waste_code = code
        else:
            category = validate_category(line.waste_category or "")
            if session.exec(select(WasteCategory.id).where(WasteCategory.number == category)).first() is None:
                raise InvalidInput(
                    msg.LINE_CATEGORY_UNLISTED,
                    line=where,
                    category=category,
                    details=[{"line": index + 1, "field": "waste_category"}],
                )
            row.waste_category = category
        if not line.modes:
            raise InvalidInput(
                msg.LINE_NO_MODE,
                line=where,
                details=[{"line": index + 1, "field": "modes"}],
            )
        row.modes = [enum_value(WasteMode, m, "modes") for m in dict.fromkeys(line.modes)]
        methods = list(dict.fromkeys(m.strip().upper() for m in line.method_codes))
        known = (
            set(session.exec(select(TreatmentMethod.code).where(col(TreatmentMethod.code).in_(methods))))
            if methods
            else set()
        )
        if set(methods) - known:
            raise InvalidInput(
                msg.LINE_UNKNOWN_METHODS,
                line=where,
                codes=", ".join(sorted(set(methods) - known)),
                details=[{"line": index + 1, "field": "method_codes"}],
            )
        row.method_codes = methods
        if not line.annual_scale_kg or line.annual_scale_kg <= 0:
            raise InvalidInput(
                msg.LINE_SCALE,
                line=where,
                details=[{"line": index + 1, "field": "annual_scale"}],
            )
        row.annual_scale_kg = line.annual_scale_kg
    elif line.kind == ScopeKind.CHEMICAL:
        if line.chemical_id is None or session.get(Chemical, line.chemical_id) is None:
            raise InvalidInput(
                msg.LINE_CHEMICAL,
                line=where,
                chemical_id=line.chemical_id,
                details=[{"line": index + 1, "field": "chemical_id"}],
            )
        row.chemical_id = line.chemical_id
        row.max_quantity_kg = non_negative(line.max_quantity_kg, "max_quantity")
    elif line.kind == ScopeKind.TRANSPORT:
        if not line.dg_class or not DG_CLASS_RE.match(line.dg_class):
            raise InvalidInput(
                msg.LINE_DG_CLASS,
                line=where,
                dg_class=line.dg_class or "",
                details=[{"line": index + 1, "field": "dg_class"}],
            )
        row.dg_class = line.dg_class
    else:
        raise InvalidInput(
            msg.LINE_NO_SCOPE,
            line=where,
            details=[{"line": index + 1, "field": "kind"}],
        )
    return row


@use_case("licence.create")
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
    licence_type = get_licence_type(session=session, licence_type_id=licence_type_id)
    if actor is not None:
        require_licence_writer(session, actor, licence_type_id)
    if session.get(Enterprise, enterprise_id) is None:
        raise InvalidInput(
            msg.ENTERPRISE_MISSING, enterprise_id=enterprise_id, details=[{"field": "enterprise_id"}]
        )
    if valid_to is None:
        if not licence_type.validity_years:
            raise InvalidInput(msg.VALID_TO_REQUIRED, details=[{"field": "valid_to"}])
        valid_to = _add_years(valid_from, licence_type.validity_years) - timedelta(days=1)
    if valid_to < valid_from:
        raise InvalidInput(
            msg.VALID_TO_BEFORE,
            valid_to=valid_to.isoformat(),
            valid_from=valid_from.isoformat(),
            details=[{"field": "valid_to"}],
        )
    if issuer_department_id is not None:
        issuer = session.get(Department, issuer_department_id)
        if issuer is None:
            raise InvalidInput(
                msg.DEPARTMENT_MISSING,
                department_id=issuer_department_id,
                details=[{"field": "issuer_department_id"}],
            )
        if issuer.kind != licence_type.issuer_kind:
            raise InvalidInput(
                msg.WRONG_ISSUER,
                licence_type=licence_type.name,
                issuer_kind=licence_type.issuer_kind,
                department=issuer.name,
                details=[{"field": "issuer_department_id"}],
            )
    rows = [_validate_line(session, line, licence_type.scope_kind, i) for i, line in enumerate(lines)]
    licence = Licence(
        enterprise_id=enterprise_id,
        licence_type_id=licence_type_id,
        number=require_text(number, "number", 80),
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
            msg.NUMBER_TAKEN,
            number=licence.number,
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
            **snapshot(
                licence, ("enterprise_id", "licence_type_id", "number", "valid_from", "valid_to", "status")
            ),
            "lines": [
                snapshot(
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
    flush_or_conflict(session, msg.LICENCE(number=licence.number))
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


@use_case("licence.status")
def change_licence_status(
    *, session: Session, actor: Actor, licence_id: int, status: str, reason: str
) -> LicenceView:
    """Suspend, reinstate, revoke or expire a licence, with a reason, by the transition table."""
    reason = require_text(reason, "reason", 500)
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
    flush_or_conflict(session, msg.ANY_LICENCE)
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


def writable_licence_type_ids(*, session: Session, actor: Actor) -> frozenset[int] | None:
    """Licence types the actor may record or change: None for all (administrators)."""
    if actor.is_admin:
        return None
    if actor.is_regulator:
        return issuing_type_ids(session, actor)
    return frozenset()


def coverage_for(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    type_code: str,
    on: date,
    subject: licensing.Subject = None,
) -> licensing.Coverage:
    """Licence coverage of an enterprise the actor may see (others are not found) for a known type."""
    get_enterprise(session=session, actor=actor, enterprise_id=enterprise_id)
    try:
        get_licence_type(session=session, actor=actor, code=type_code)
    except NotFound:
        raise InvalidInput(
            msg.UNKNOWN_TYPE, code=type_code, details=[{"field": "type", "value": type_code}]
        ) from None
    return licence_coverage(
        session=session, enterprise_id=enterprise_id, type_code=type_code, on=on, subject=subject
    )

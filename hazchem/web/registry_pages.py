"""Registry pages: enterprises, licences, departments and the responsibility matrix, facilities, carriers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from hazchem.appctx import db_session
from hazchem.domain import errors
from hazchem.domain.lifecycle import LICENCE_TRANSITIONS, LicenceStatus, licence_status
from hazchem.domain.oversight import FACILITY_AREAS, Area
from hazchem.domain.units import tonnes_to_kg
from hazchem.domain.vocab import Duty, EnterpriseRole, FacilityKind, Role, ScopeKind
from hazchem.services import chemicals, registry
from hazchem.services.platform import may_read, park_today, require_admin
from hazchem.services.registry.messages import CHANGE_MATRIX, REGISTER_ENTERPRISES
from hazchem.web import form_status, messages
from hazchem.web.forms import int_or_none, optional_date, required_date, required_int, split_codes
from hazchem.web.refusals import explain
from hazchem.web.views import actor

bp = Blueprint("registry", __name__)

FORM_ERRORS = (errors.InvalidInput, errors.Conflict, errors.RuleViolation)
LIST_LIMIT = 500
LINE_ROWS = 3

# --- Enterprises --------------------------------------------------------------------------------

ENTERPRISE_FORM_FIELDS = (
    "uscc",
    "name",
    "name_en",
    "address",
    "region_code",
    "contact_name",
    "contact_phone",
    "grade",
    "management_class",
)
CONTACT_FORM_FIELDS = ("contact_name", "contact_phone", "address")


@bp.get("/enterprises")
@login_required
def enterprises() -> str:
    """Enterprises the user may see, searchable by name or USCC and filterable by role."""
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    role = role if role in set(EnterpriseRole) else None
    rows = registry.list_enterprises(session=db_session(), actor=actor(), q=q, role=role, limit=LIST_LIMIT)
    return render_template("enterprises/list.html", enterprises=rows, q=q, role=role or "")


@bp.route("/enterprises/new", methods=["GET", "POST"])
@login_required
def enterprise_new() -> Any:
    """Register an enterprise (park administrators); a refusal re-renders the form with the input."""
    me = actor()
    require_admin(me, REGISTER_ENTERPRISES)
    if request.method == "GET":
        return render_template("enterprises/new.html", form={"roles": []})
    form = {key: request.form.get(key, "") for key in ENTERPRISE_FORM_FIELDS}
    form["roles"] = request.form.getlist("roles")
    db = db_session()
    try:
        park = registry.resolve_park(db, me)
        created = registry.create_enterprise(session=db, actor=me, park_id=park.id, **form)
    except FORM_ERRORS as exc:
        db.rollback()
        return render_template("enterprises/new.html", form=form, error=explain(exc)), form_status(exc)
    flash(_("Enterprise registered."), "success")
    return redirect(url_for("web.registry.enterprise", enterprise_id=created.id))


def _enterprise_page(enterprise_id: int, *, status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    enterprise = registry.get_enterprise(session=db, actor=me, enterprise_id=enterprise_id)
    licences = registry.list_licences(session=db, actor=me, enterprise_id=enterprise.id, limit=LIST_LIMIT)
    facilities = (
        registry.list_facilities(session=db, actor=me, enterprise_id=enterprise.id, limit=LIST_LIMIT)
        if any(may_read(me, a) for a in FACILITY_AREAS)
        else []
    )
    is_carrier = EnterpriseRole.CARRIER in enterprise.roles
    show_vehicles = is_carrier and may_read(me, Area.VEHICLES)
    show_drivers = is_carrier and may_read(me, Area.DRIVERS)
    vehicles = registry.list_vehicles(session=db, actor=me, carrier_id=enterprise.id) if show_vehicles else []
    drivers = registry.list_drivers(session=db, actor=me, carrier_id=enterprise.id) if show_drivers else []
    own_officer = me.role == Role.EHS_OFFICER and me.enterprise_id == enterprise.id
    extra.setdefault("contact", {key: getattr(enterprise, key) for key in CONTACT_FORM_FIELDS})
    page = render_template(
        "enterprises/detail.html",
        enterprise=enterprise,
        licences=licences,
        facilities=facilities,
        is_carrier=is_carrier,
        show_vehicles=show_vehicles,
        show_drivers=show_drivers,
        vehicles=vehicles,
        drivers=drivers,
        can_edit_contact=me.is_admin or own_officer,
        **extra,
    )
    return page, status


@bp.get("/enterprises/<int:enterprise_id>")
@login_required
def enterprise(enterprise_id: int) -> Any:
    """One enterprise with its licences, facilities and (for carriers) vehicles and drivers."""
    return _enterprise_page(enterprise_id)


@bp.post("/enterprises/<int:enterprise_id>/management-class")
@login_required
def enterprise_management_class(enterprise_id: int) -> Any:
    """Record an enterprise's waste management class (administrators): it decides its declarations."""
    db = db_session()
    try:
        registry.update_enterprise(
            session=db,
            actor=actor(),
            enterprise_id=enterprise_id,
            management_class=request.form.get("management_class", ""),
        )
    except FORM_ERRORS as exc:
        db.rollback()
        return _enterprise_page(enterprise_id, status=form_status(exc), error=explain(exc))
    flash(_("Management class saved."), "success")
    return redirect(url_for("web.registry.enterprise", enterprise_id=enterprise_id))


@bp.post("/enterprises/<int:enterprise_id>/contact")
@login_required
def enterprise_contact(enterprise_id: int) -> Any:
    """Change an enterprise's contact (its own EHS officer, or an administrator)."""
    form = {key: request.form.get(key, "") for key in CONTACT_FORM_FIELDS}
    db = db_session()
    try:
        registry.update_enterprise(session=db, actor=actor(), enterprise_id=enterprise_id, **form)
    except FORM_ERRORS as exc:
        db.rollback()
        return _enterprise_page(enterprise_id, status=form_status(exc), contact=form, error=explain(exc))
    flash(_("Contact saved."), "success")
    return redirect(url_for("web.registry.enterprise", enterprise_id=enterprise_id))


# --- Licences -----------------------------------------------------------------------------------


@bp.get("/licences")
@login_required
def licences() -> str:
    """Licences the user may see, filtered by type and status."""
    me = actor()
    db = db_session()
    type_id = int_or_none(request.args.get("type"))
    status = request.args.get("status", "")
    status = status if status in set(LicenceStatus) else None
    rows = registry.list_licences(
        session=db, actor=me, licence_type_id=type_id, status=status, limit=LIST_LIMIT
    )
    writable = registry.writable_licence_type_ids(session=db, actor=me)
    return render_template(
        "licences/list.html",
        licences=rows,
        licence_types=registry.list_licence_types(session=db),
        type_id=type_id,
        status=status or "",
        statuses=list(LicenceStatus),
        can_create=writable is None or bool(writable),
    )


def _licence_page(licence_id: int, *, status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    view = registry.get_licence(session=db, actor=me, licence_id=licence_id)
    writable = registry.writable_licence_type_ids(session=db, actor=me)
    may_change = writable is None or view.licence.licence_type_id in writable
    targets = sorted(LICENCE_TRANSITIONS[licence_status(view.licence.status)]) if may_change else []
    entries = chemicals.chemicals_by_id(session=db, ids=[line.chemical_id for line in view.lines])
    page = render_template("licences/detail.html", view=view, chemicals=entries, targets=targets, **extra)
    return page, status


@bp.get("/licences/<int:licence_id>")
@login_required
def licence(licence_id: int) -> Any:
    """One licence: type, holder, issuer, validity, status and scope lines."""
    return _licence_page(licence_id)


@bp.post("/licences/<int:licence_id>/status")
@login_required
def licence_status_change(licence_id: int) -> Any:
    """Suspend, reinstate, revoke or expire a licence with a reason (the service decides who may)."""
    db = db_session()
    target = request.form.get("status", "")
    reason = request.form.get("reason", "")
    try:
        registry.change_licence_status(
            session=db, actor=actor(), licence_id=licence_id, status=target, reason=reason
        )
    except FORM_ERRORS as exc:
        db.rollback()
        return _licence_page(licence_id, status=form_status(exc), error=explain(exc), reason=reason)
    flash(_("Licence status changed."), "success")
    return redirect(url_for("web.registry.licence", licence_id=licence_id))


def _line_inputs(kind: str) -> list[registry.ScopeLineInput]:
    lines = []
    for i in range(LINE_ROWS):

        def get(name: str, i: int = i) -> str:
            return request.form.get(f"line-{i}-{name}", "").strip()

        if kind == ScopeKind.WASTE:
            modes = request.form.getlist(f"line-{i}-modes")
            if not any((get("waste_category"), get("waste_code"), get("method_codes"), get("annual_scale"))):
                continue
            lines.append(
                registry.ScopeLineInput(
                    kind=kind,
                    waste_category=get("waste_category").upper() or None,
                    waste_code=get("waste_code") or None,
                    modes=modes,
                    method_codes=split_codes(get("method_codes")),
                    annual_scale_kg=tonnes_to_kg(get("annual_scale"), f"line {i + 1} annual scale"),
                )
            )
        elif kind == ScopeKind.CHEMICAL:
            if not get("chemical") and not get("max_quantity"):
                continue
            chemical_id = chemicals.resolve_chemical(
                session=db_session(), text=get("chemical"), field=f"line {i + 1} chemical"
            )
            lines.append(
                registry.ScopeLineInput(
                    kind=kind,
                    chemical_id=chemical_id,
                    max_quantity_kg=tonnes_to_kg(get("max_quantity"), f"line {i + 1} maximum quantity"),
                )
            )
        elif kind == ScopeKind.TRANSPORT and get("dg_class"):
            lines.append(registry.ScopeLineInput(kind=kind, dg_class=get("dg_class")))
    return lines


@bp.route("/licences/new", methods=["GET", "POST"])
@login_required
def licence_new() -> Any:
    """Record a licence (administrators and issuing regulators): first pick the type, then the form."""
    me = actor()
    db = db_session()
    writable = registry.writable_licence_type_ids(session=db, actor=me)
    types = [t for t in registry.list_licence_types(session=db) if writable is None or t.id in writable]
    if not types:
        raise errors.Forbidden(messages.ONLY_LICENCE_RECORDERS)
    chosen = next((t for t in types if t.id == int_or_none(request.values.get("type"))), None)
    if chosen is None:
        return render_template("licences/pick_type.html", licence_types=types)
    context = {
        "licence_type": chosen,
        "enterprises": registry.list_enterprises(session=db, actor=me, limit=LIST_LIMIT),
        "departments": [
            d for d in registry.list_departments(session=db, actor=me) if d.kind == chosen.issuer_kind
        ],
        "line_rows": range(LINE_ROWS),
        "form": request.form,
        "preset_enterprise": int_or_none(request.args.get("enterprise")),
    }
    if request.method == "GET":
        return render_template("licences/new.html", **context)
    try:
        created = registry.create_licence(
            session=db,
            actor=me,
            enterprise_id=required_int(request.form.get("enterprise_id"), "enterprise"),
            licence_type_id=chosen.id,
            number=request.form.get("number", ""),
            valid_from=required_date(request.form.get("valid_from"), "valid_from"),
            valid_to=optional_date(request.form.get("valid_to"), "valid_to"),
            issuer_department_id=int_or_none(request.form.get("issuer_department_id")),
            lines=_line_inputs(chosen.scope_kind),
            note=request.form.get("note", ""),
        )
    except FORM_ERRORS as exc:
        db.rollback()
        return render_template("licences/new.html", error=explain(exc), **context), form_status(exc)
    flash(_("Licence recorded."), "success")
    return redirect(url_for("web.registry.licence", licence_id=created.licence.id))


# --- Departments, licence types and the responsibility matrix ----------------------------------


@bp.get("/departments")
@login_required
def departments() -> str:
    """The park's regulator departments and the licence types with legal basis and validity."""
    db = db_session()
    types = registry.list_licence_types(session=db)
    return render_template(
        "departments.html",
        departments=registry.list_departments(session=db, actor=actor()),
        licence_types=types,
        types_by_code={t.code: t for t in types},
    )


@bp.get("/responsibilities")
@login_required
def responsibilities() -> str:
    """The department × licence type matrix with its 发证 / 监管 marks (editable by administrators)."""
    matrix = registry.responsibility_matrix(session=db_session(), actor=actor())
    return render_template("responsibilities.html", matrix=matrix, duties=list(Duty))


@bp.post("/responsibilities")
@login_required
def responsibilities_update() -> Any:
    """Set one cell of the matrix: the duties ticked are assigned, the others removed."""
    me = actor()
    require_admin(me, CHANGE_MATRIX)
    department_id = required_int(request.form.get("department_id"), "department_id")
    licence_type_id = required_int(request.form.get("licence_type_id"), "licence_type_id")
    ticked = set(request.form.getlist("duty"))
    registry.set_cell(
        session=db_session(),
        actor=me,
        department_id=department_id,
        licence_type_id=licence_type_id,
        duties=ticked,
    )
    flash(_("Responsibilities saved."), "success")
    return redirect(url_for("web.registry.responsibilities") + f"#cell-{department_id}-{licence_type_id}")


# --- Facilities, vehicles, drivers --------------------------------------------------------------


@bp.get("/facilities")
@login_required
def facilities() -> str:
    """Facilities the user may see, with capacities in explicit units."""
    me = actor()
    db = db_session()
    kind = request.args.get("kind", "")
    kind = kind if kind in set(FacilityKind) else None
    rows = registry.list_facilities(session=db, actor=me, kind=kind, limit=LIST_LIMIT)
    owners = registry.enterprise_names(session=db, ids=[f.enterprise_id for f in rows])
    return render_template("facilities/list.html", facilities=rows, owners=owners, kind=kind or "")


@bp.get("/facilities/<int:facility_id>")
@login_required
def facility(facility_id: int) -> str:
    """One facility: owner, kind, location, capacities and the catalogue entries it holds."""
    me = actor()
    db = db_session()
    found = registry.get_facility(session=db, actor=me, facility_id=facility_id)
    owner = registry.get_enterprise(session=db, actor=me, enterprise_id=found.enterprise_id)
    held = registry.facility_chemicals(session=db, actor=me, facility_id=facility_id)
    return render_template("facilities/detail.html", facility=found, owner=owner, held=held)


@bp.get("/vehicles")
@login_required
def vehicles() -> str:
    """Dangerous-goods vehicles the user may see (a carrier's own, or all for regulators)."""
    db = db_session()
    me = actor()
    rows = registry.list_vehicles(session=db, actor=me)
    carriers = registry.enterprise_names(session=db, ids=[v.carrier_id for v in rows])
    return render_template("vehicles.html", vehicles=rows, carriers=carriers, today=park_today(me))


@bp.get("/drivers")
@login_required
def drivers() -> str:
    """Qualified drivers the user may see."""
    db = db_session()
    me = actor()
    rows = registry.list_drivers(session=db, actor=me)
    carriers = registry.enterprise_names(session=db, ids=[d.carrier_id for d in rows])
    return render_template("drivers.html", drivers=rows, carriers=carriers, today=park_today(me))

"""Chemical stock pages: storage units and stock, recording movements and discards (EHS officers),
major hazard installations (emergency management) and controlled holdings (public security)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import db_session
from hazchem.domain import chemicals as rules
from hazchem.domain import errors
from hazchem.domain.oversight import Area
from hazchem.domain.units import tonnes_to_kg
from hazchem.domain.vocab import PhysicalForm, Role
from hazchem.services import chemicals, registry
from hazchem.services.chemicals import messages as msg
from hazchem.services.platform import Actor, can_oversee
from hazchem.web.custody_pages import new_key, refusal, refused_status, run_once
from hazchem.web.forms import int_or_none, optional_int, required_int
from hazchem.web.views import actor

bp = Blueprint("chemicals", __name__)

MOVEMENT_KINDS = {
    rules.MovementKind.RECEIPT.value: _l("Receipt"),
    rules.MovementKind.ISSUE.value: _l("Issue to production"),
    rules.MovementKind.TRANSFER.value: _l("Transfer between units"),
    rules.MovementKind.RETURN.value: _l("Return"),
    rules.MovementKind.DISCARD.value: _l("Discard"),
}
UNIT_KINDS = {
    rules.StorageUnitKind.TANK.value: _l("Tank"),
    rules.StorageUnitKind.WAREHOUSE_AREA.value: _l("Warehouse area"),
    rules.StorageUnitKind.CABINET.value: _l("Cabinet"),
    rules.StorageUnitKind.CYLINDER_STORE.value: _l("Cylinder store"),
}
PAGE_SIZE = 50


def chemical_nav(me: Actor) -> list[tuple[str, str, dict[str, Any]]]:
    """Navigation entries for the chemical-stock work of each role."""
    items: list[tuple[str, str, dict[str, Any]]] = []
    if me.role == Role.EHS_OFFICER and me.enterprise_ids:
        items.append(("web.chemicals.chem_stock", _("Chemical stock"), {}))
    if can_oversee(me, Area.CHEMICAL_STOCK):
        items.append(("web.chemicals.chem_major_hazards", _("Major hazards"), {}))
    if can_oversee(me, Area.CONTROLLED_HOLDINGS) and not me.is_admin:
        items.append(("web.chemicals.chem_controlled", _("Controlled chemicals"), {}))
    return items


def _own_enterprise(me: Actor) -> int:
    """The enterprise whose stock the page shows: the officer's own, or ?enterprise_id= for overseers."""
    chosen = int_or_none(request.args.get("enterprise_id") or request.form.get("enterprise_id"))
    if chosen is not None:
        return chosen
    if len(me.enterprise_ids) == 1:
        return next(iter(me.enterprise_ids))
    raise errors.InvalidInput(msg.CHOOSE_ENTERPRISE)


def _tonnes(field: str) -> int:
    kg = tonnes_to_kg(request.form.get(field), field)
    if not kg:
        raise errors.InvalidInput(msg.ENTER_TONNES, details=[{"field": field}])
    return kg


def _stock_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    enterprise_id = _own_enterprise(me)
    facilities = chemicals.stock_overview(session=db, actor=me, enterprise_id=enterprise_id)
    ledger = chemicals.list_movements(session=db, actor=me, enterprise_id=enterprise_id, limit=20)
    extra.setdefault("form", {})
    page = render_template(
        "chemicals/stock.html",
        enterprise=registry.get_enterprise(session=db, actor=me, enterprise_id=enterprise_id).name
        if enterprise_id is not None
        else None,
        enterprise_id=enterprise_id,
        facilities=facilities,
        all_facilities=chemicals.own_facilities(session=db, actor=me, enterprise_id=enterprise_id),
        movements=ledger.items,
        names=_movement_names(db, ledger.items),
        unit_kinds=UNIT_KINDS,
        kinds=MOVEMENT_KINDS,
        can_write=me.is_admin or (me.role == Role.EHS_OFFICER and enterprise_id in me.enterprise_ids),
        **extra,
    )
    return page, status


def _movement_names(db: Any, movements: list[Any]) -> dict[str, dict[int, str]]:
    unit_ids = {m.unit_id for m in movements} | {m.to_unit_id for m in movements}
    units = {i: u.name for i, u in chemicals.units_by_id(db, unit_ids).items()}
    chems = chemicals.chemicals_by_id(session=db, ids={m.chemical_id for m in movements})
    return {"units": units, "chemicals": {i: c.name for i, c in chems.items()}}


@bp.get("/chemicals/stock", endpoint="chem_stock")
@login_required
def chem_stock() -> Any:
    """An enterprise's facilities, storage units and what each holds, with Σq/Q per facility."""
    return _stock_page()


@bp.post("/chemicals/units", endpoint="chem_unit_create")
@login_required
def chem_unit_create() -> Any:
    """Add a storage unit (tank, warehouse area) to one of my facilities."""
    me = actor()
    db = db_session()
    form = {k: request.form.get(k, "") for k in ("facility_id", "name", "kind", "capacity_t")}
    try:
        chemicals.create_storage_unit(
            session=db,
            actor=me,
            facility_id=required_int(form["facility_id"], "facility"),
            name=form["name"],
            kind=form["kind"],
            capacity_kg=tonnes_to_kg(form["capacity_t"], "capacity") or None,
        )
    except errors.HazchemError as exc:
        db.rollback()
        return _stock_page(refused_status(exc), unit_error=refusal(exc), form=form)
    flash(_("Storage unit added."), "success")
    return redirect(
        url_for("web.chemicals.chem_stock", enterprise_id=request.form.get("enterprise_id") or None)
    )


def _movement_page(template: str, status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    enterprise_id = _own_enterprise(me)
    extra.setdefault("form", {})
    page = render_template(
        template,
        enterprise_id=enterprise_id,
        units=chemicals.list_units(session=db, actor=me, enterprise_id=enterprise_id),
        chemical_list=chemicals.chemical_choices(session=db),
        kinds={k: v for k, v in MOVEMENT_KINDS.items() if k != rules.MovementKind.DISCARD.value},
        forms=list(PhysicalForm),
        default_code=rules.DEFAULT_DISCARD_WASTE_CODE,
        idem=new_key(),
        **extra,
    )
    return page, status


MOVEMENT_FIELDS = ("kind", "unit_id", "to_unit_id", "chemical_id", "quantity_t", "supplier", "note")


@bp.route("/chemicals/movements/new", methods=["GET", "POST"], endpoint="chem_movement_new")
@login_required
def chem_movement_new() -> Any:
    """Record a receipt, issue, transfer or return after every check at the moment of action."""
    me = actor()
    if request.method == "GET":
        return _movement_page("chemicals/movement.html", form=dict(request.args))
    db = db_session()
    form = {k: request.form.get(k, "") for k in MOVEMENT_FIELDS}

    def perform() -> dict[str, Any]:
        result = chemicals.record_movement(
            session=db,
            actor=me,
            kind=form["kind"],
            unit_id=required_int(form["unit_id"], "unit"),
            chemical_id=required_int(form["chemical_id"], "chemical"),
            quantity_kg=_tonnes("quantity_t"),
            to_unit_id=optional_int(form["to_unit_id"], "to_unit") if form["kind"] == "transfer" else None,
            supplier=form["supplier"],
            note=form["note"],
        )
        return {"movement_id": result.movement.id, "crossings": [c for _f, c in result.crossings]}

    try:
        reply = run_once(me, f"stock:{form['unit_id']}", "stock_movement", perform)
    except errors.HazchemError as exc:
        db.rollback()
        return _movement_page("chemicals/movement.html", refused_status(exc), error=refusal(exc), form=form)
    if reply.replayed:
        flash(_("Already recorded: this form was sent twice, nothing changed the second time."), "info")
    else:
        flash(_("Movement recorded."), "success")
        if "up" in reply.body.get("crossings", []):
            flash(_("The facility is now a major hazard installation (Σq/Q ≥ 1)."), "warning")
    return redirect(
        url_for("web.chemicals.chem_stock", enterprise_id=request.form.get("enterprise_id") or None)
    )


DISCARD_FIELDS = (
    "unit_id",
    "chemical_id",
    "quantity_t",
    "waste_code",
    "packaging",
    "volume_l",
    "form",
    "note",
)


@bp.route("/chemicals/discard", methods=["GET", "POST"], endpoint="chem_discard")
@login_required
def chem_discard() -> Any:
    """Discard a chemical: it leaves stock and becomes a labelled hazardous-waste container."""
    me = actor()
    if request.method == "GET":
        return _movement_page("chemicals/discard.html", form=dict(request.args))
    db = db_session()
    form = {k: request.form.get(k, "") for k in DISCARD_FIELDS}

    def perform() -> dict[str, Any]:
        result = chemicals.discard(
            session=db,
            actor=me,
            unit_id=required_int(form["unit_id"], "unit"),
            chemical_id=required_int(form["chemical_id"], "chemical"),
            quantity_kg=_tonnes("quantity_t"),
            packaging=form["packaging"],
            volume_l=required_int(form["volume_l"], "volume_l"),
            form=form["form"] or "liquid",
            waste_code=form["waste_code"],
            note=form["note"],
        )
        assert result.container is not None
        return {"digital_id": result.container.digital_id, "container_id": result.container.id}

    try:
        reply = run_once(me, f"stock:{form['unit_id']}", "stock_discard", perform)
    except errors.HazchemError as exc:
        db.rollback()
        return _movement_page("chemicals/discard.html", refused_status(exc), error=refusal(exc), form=form)
    flash(_("Discarded: the chemical is now a labelled hazardous-waste container."), "success")
    return redirect(url_for("web.custody.container_labels", ids=str(reply.body["container_id"])))


@bp.get("/chemicals/movements", endpoint="chem_movements")
@login_required
def chem_movements() -> Any:
    """The stock ledger, newest first, paged."""
    me = actor()
    db = db_session()
    enterprise_id = int_or_none(request.args.get("enterprise_id"))
    unit_id = int_or_none(request.args.get("unit_id"))
    page = chemicals.list_movements(
        session=db,
        actor=me,
        enterprise_id=enterprise_id,
        unit_id=unit_id,
        before=int_or_none(request.args.get("before")),
        limit=PAGE_SIZE,
    )
    return render_template(
        "chemicals/movements.html",
        movements=page.items,
        names=_movement_names(db, page.items),
        kinds=MOVEMENT_KINDS,
        next_url=url_for(
            "web.chemicals.chem_movements",
            enterprise_id=enterprise_id,
            unit_id=unit_id,
            before=page.next_before,
        )
        if page.next_before
        else None,
    )


@bp.get("/chemicals/major-hazards", endpoint="chem_major_hazards")
@login_required
def chem_major_hazards() -> Any:
    """Facilities by Σq/Q with their contributing substances and open major-hazard alerts."""
    return _hazards_page()


def _hazards_page(status: int = 200, error: str = "") -> tuple[str, int]:
    me = actor()
    db = db_session()
    views = chemicals.major_hazards(session=db, actor=me, only_major=request.args.get("only") == "major")
    return render_template(
        "chemicals/major_hazards.html",
        views=views,
        unknown=chemicals.unknown_quantities(session=db, actor=me),
        only=request.args.get("only", ""),
        error=error,
    ), status


@bp.post("/chemicals/<int:chemical_id>/critical-quantity", endpoint="chem_critical_quantity")
@login_required
def chem_critical_quantity(chemical_id: int) -> Any:
    """Enter or correct a chemical's GB 18218 critical quantity, with its source (emergency management)."""
    db = db_session()
    try:
        chemicals.set_critical_quantity(
            session=db,
            actor=actor(),
            chemical_id=chemical_id,
            critical_quantity_kg=tonnes_to_kg(
                request.form.get("critical_quantity_t", ""), "critical_quantity_t"
            ),
            source=request.form.get("source", ""),
            categories=request.form.get("categories") if "categories" in request.form else None,
        )
    except errors.HazchemError as exc:
        db.rollback()
        return _hazards_page(refused_status(exc), refusal(exc))
    flash(_("Critical quantity saved; the facilities holding it were recounted."), "success")
    return redirect(url_for("web.chemicals.chem_major_hazards"))


@bp.post("/facilities/<int:facility_id>/exposed-people", endpoint="chem_exposed_people")
@login_required
def chem_exposed_people(facility_id: int) -> Any:
    """Enter the people outside the plant within 500 m a facility may expose (emergency management)."""
    db = db_session()
    try:
        chemicals.set_exposed_people(
            session=db,
            actor=actor(),
            facility_id=facility_id,
            people=optional_int(request.form.get("people", ""), "people"),
        )
    except errors.HazchemError as exc:
        db.rollback()
        return _hazards_page(refused_status(exc), refusal(exc))
    flash(_("Exposed population saved."), "success")
    return redirect(url_for("web.chemicals.chem_major_hazards") + f"#hazard-{facility_id}")


@bp.get("/chemicals/controlled", endpoint="chem_controlled")
@login_required
def chem_controlled() -> Any:
    """Every enterprise's 剧毒 and 易制爆 holdings (public security)."""
    holdings = chemicals.controlled_holdings(session=db_session(), actor=actor())
    return render_template("chemicals/controlled.html", holdings=holdings)

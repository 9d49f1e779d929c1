"""Pages of the chemicals half's park-wide views: the public park catalogue and its revisions, the
chemicals information centre for emergency responders, and enterprises' supervision grades."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import current_actor, db_session, download
from hazchem.domain import errors
from hazchem.domain.park_catalogue import LineAction, LineInput, ParkFlag
from hazchem.domain.units import tonnes_to_kg
from hazchem.render import sheets
from hazchem.services import chemicals
from hazchem.services.chemicals import infocentre
from hazchem.services.chemicals import messages as msg
from hazchem.services.chemicals import park_catalogue as pcs
from hazchem.services.oversight import grading, registers
from hazchem.web import form_status
from hazchem.web.forms import int_or_none, optional_date
from hazchem.web.refusals import explain
from hazchem.web.views import actor

bp = Blueprint("cheminfo", __name__)

FORM_ERRORS = (errors.InvalidInput, errors.Conflict, errors.RuleViolation)
FLAG_LABELS = {
    ParkFlag.PROHIBITED: _l("Prohibited"),
    ParkFlag.RESTRICTED: _l("Restricted"),
    ParkFlag.CONTROLLED: _l("Controlled"),
    ParkFlag.KEY_SUPERVISED: _l("Park key supervision"),
}
ACTION_LABELS = {
    LineAction.ADD: _l("Add"),
    LineAction.CHANGE: _l("Change"),
    LineAction.REMOVE: _l("Remove"),
}
REVISE_FIELDS = ("chemical", "action", "max_holding_t", "reporting_t", "effective_date", "reason")


def _format() -> str:
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise errors.InvalidInput(msg.EXPORT_FORMAT)
    return fmt


def _sheet_download(sheet: sheets.Sheet, fmt: str, stem: str) -> Response:
    chunks = sheets.csv_chunks(sheet) if fmt == "csv" else sheets.xlsx_chunks([sheet])
    return download(chunks, registers.export_filename(stem, fmt))


# --- The park catalogue (public) ----------------------------------------------------------------


@bp.get("/park-catalogue", endpoint="park_catalogue")
def park_catalogue() -> Any:
    """The published park catalogue, any version (?version=N), with its revision history; no login."""
    db = db_session()
    version = pcs.version(session=db, actor=current_actor(), number=int_or_none(request.args.get("version")))
    return render_template(
        "park_catalogue/index.html",
        view=version,
        history=pcs.revisions(session=db, actor=current_actor(), park_id=version.park.id),
        flag_labels=FLAG_LABELS,
        action_labels=ACTION_LABELS,
        can_revise=pcs.can_revise(current_actor()),
    )


@bp.get("/park-catalogue/export", endpoint="park_catalogue_export")
def park_catalogue_export() -> Any:
    """One version of the park catalogue as CSV or XLSX; no login."""
    fmt = _format()
    number = int_or_none(request.args.get("version"))
    sheet = pcs.export_sheet(session=db_session(), actor=current_actor(), number=number)
    return _sheet_download(sheet, fmt, "park-catalogue")


def _revise_input(form: dict[str, str], flags: list[str]) -> tuple[LineInput, Any]:
    db = db_session()
    chemical_id = chemicals.resolve_chemical(session=db, text=form["chemical"])
    line = LineInput(
        chemical_id=chemical_id,
        action=form["action"],
        flags=tuple(flags),
        max_holding_kg=tonnes_to_kg(form["max_holding_t"] or None, "max_holding_t"),
        reporting_kg=tonnes_to_kg(form["reporting_t"] or None, "reporting_t"),
    )
    return line, optional_date(form["effective_date"], "effective_date")


@bp.route("/park-catalogue/revise", methods=["GET", "POST"], endpoint="park_catalogue_revise")
@login_required
def park_catalogue_revise() -> Any:
    """Record a revision of one entry (emergency management and the administrator), with its reason."""
    me = actor()
    if not pcs.can_revise(me):
        raise errors.Forbidden(msg.REVISE_FORBIDDEN)
    context: dict[str, Any] = {"action_labels": ACTION_LABELS, "flag_labels": FLAG_LABELS}
    if request.method == "GET":
        form = {key: request.args.get(key, "") for key in REVISE_FIELDS}
        return render_template("park_catalogue/revise.html", form=form, flags=[], **context)
    form = {key: request.form.get(key, "").strip() for key in REVISE_FIELDS}
    flags = request.form.getlist("flags")
    db = db_session()
    try:
        line, effective = _revise_input(form, flags)
        revision = pcs.revise(
            session=db, actor=me, reason=form["reason"], lines=[line], effective_date=effective
        )
    except FORM_ERRORS as exc:
        db.rollback()
        page = render_template(
            "park_catalogue/revise.html", form=form, flags=flags, error=explain(exc), **context
        )
        return page, form_status(exc)
    flash(_("Revision %(n)s of the park catalogue recorded.", n=revision.number), "success")
    return redirect(url_for("web.cheminfo.park_catalogue"))


# --- The chemicals information centre -----------------------------------------------------------


@bp.get("/chemicals-centre", endpoint="chemicals_centre")
@login_required
def chemicals_centre() -> Any:
    """Every chemical present in the park, with notes and the holdings the actor may see."""
    me = actor()
    q = request.args.get("q", "").strip()[:100]
    controlled = request.args.get("controlled") == "1"
    entries = infocentre.centre(session=db_session(), actor=me, q=q, controlled_only=controlled)
    return render_template(
        "infocentre/index.html",
        entries=entries,
        q=q,
        controlled=controlled,
        scope=infocentre.holding_scope(me).value,
        flag_labels=FLAG_LABELS,
    )


@bp.get("/chemicals-centre/export", endpoint="chemicals_centre_export")
@login_required
def chemicals_centre_export() -> Any:
    """The information centre as CSV or XLSX: a row per visible holding (emergency responders' sheet)."""
    fmt = _format()
    sheet = infocentre.export_sheet(
        session=db_session(),
        actor=actor(),
        q=request.args.get("q", "").strip()[:100],
        controlled_only=request.args.get("controlled") == "1",
    )
    return _sheet_download(sheet, fmt, "chemicals-centre")


def _chemical_page(chemical_id: int, *, status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    found = infocentre.entry(session=db, actor=me, chemical_id=chemical_id)
    note = found.note
    extra.setdefault(
        "form",
        {
            "protection": note.protection if note else "",
            "emergency": note.emergency if note else "",
            "source": note.source if note else "",
        },
    )
    return render_template(
        "infocentre/chemical.html",
        entry=found,
        present=infocentre.is_present(db, me, chemical_id),
        can_edit=infocentre.can_edit_notes(me),
        scope=infocentre.holding_scope(me).value,
        flag_labels=FLAG_LABELS,
        **extra,
    ), status


@bp.get("/chemicals-centre/<int:chemical_id>", endpoint="chemicals_centre_entry")
@login_required
def chemicals_centre_entry(chemical_id: int) -> Any:
    """One chemical of the information centre, with the safety-notes form for emergency management."""
    return _chemical_page(chemical_id)


@bp.post("/chemicals-centre/<int:chemical_id>/notes", endpoint="chemicals_centre_notes")
@login_required
def chemicals_centre_notes(chemical_id: int) -> Any:
    """Save the protection and emergency-handling notes with their source."""
    form = {key: request.form.get(key, "") for key in ("protection", "emergency", "source")}
    db = db_session()
    try:
        infocentre.set_safety_note(session=db, actor=actor(), chemical_id=chemical_id, **form)
    except FORM_ERRORS as exc:
        db.rollback()
        return _chemical_page(chemical_id, status=form_status(exc), form=form, error=explain(exc))
    flash(_("Safety notes saved."), "success")
    return redirect(url_for("web.cheminfo.chemicals_centre_entry", chemical_id=chemical_id))


# --- Supervision grades -------------------------------------------------------------------------


@bp.get("/supervision-grades", endpoint="supervision_grades")
@login_required
def supervision_grades() -> Any:
    """Enterprises' computed supervision grades with their reasons and the park's overrides."""
    rules = grading.load_rules()
    rows = grading.grades(session=db_session(), actor=actor(), rules=rules)
    return render_template("grading/index.html", rows=rows, rules=rules)


def _grade_page(enterprise_id: int, *, status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    rules = grading.load_rules()
    view = grading.enterprise_grade(session=db_session(), actor=me, enterprise_id=enterprise_id, rules=rules)
    extra.setdefault("form", {"grade": "", "note": ""})
    return render_template(
        "grading/enterprise.html",
        view=view,
        rules=rules,
        can_override=grading.can_override(me),
        **extra,
    ), status


@bp.get("/supervision-grades/<int:enterprise_id>", endpoint="supervision_grade")
@login_required
def supervision_grade(enterprise_id: int) -> Any:
    """One enterprise's grade: facts, reasons, the override history and the override form."""
    return _grade_page(enterprise_id)


@bp.post("/supervision-grades/<int:enterprise_id>/override", endpoint="supervision_grade_override")
@login_required
def supervision_grade_override(enterprise_id: int) -> Any:
    """Set or withdraw the park's grade for an enterprise (park committee and administrator), with a note."""
    form = {key: request.form.get(key, "") for key in ("grade", "note")}
    db = db_session()
    try:
        grading.override_grade(session=db, actor=actor(), enterprise_id=enterprise_id, **form)
    except FORM_ERRORS as exc:
        db.rollback()
        return _grade_page(enterprise_id, status=form_status(exc), form=form, error=explain(exc))
    flash(_("Supervision grade decision recorded."), "success")
    return redirect(url_for("web.cheminfo.supervision_grade", enterprise_id=enterprise_id))

"""Pages of accident incidents: the list, the report form (from a facility page), the responders' page
usable on a phone with the emergency office's forms, and the printable PDF brief."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from hazchem.appctx import db_session, download, public_base_url
from hazchem.domain import emergency_incidents as rules
from hazchem.domain import errors
from hazchem.domain import incident_messages as msg
from hazchem.domain.errors import Term
from hazchem.i18n import say
from hazchem.render.incident_brief import BriefData, BriefSection, brief_pdf
from hazchem.services import chemicals, registry
from hazchem.services import emergency_incidents as inc
from hazchem.services.platform.access import Actor, park_today
from hazchem.web import form_status
from hazchem.web.forms import int_or_none, optional_int, required_date
from hazchem.web.labels import LABELS
from hazchem.web.refusals import explain
from hazchem.web.views import actor

bp = Blueprint("incidents", __name__)

FORM_ERRORS = (errors.InvalidInput, errors.Conflict, errors.RuleViolation)
REPORT_FIELDS = (
    "facility_id",
    "occurred_at",
    "place",
    "description",
    "other_chemical",
    "waste_code",
    "quantity_kg",
)
GRADES = [g.value for g in rules.IncidentGrade]


@bp.app_template_global("may_report_incident")
def may_report(me: Actor | None) -> bool:
    """Whether the report link and form are for this user (drivers report through their manifest)."""
    return me is not None and rules.may_report(me.role)


def incident_nav(me: Actor) -> list[tuple[str, str, dict[str, Any]]]:
    """The navigation link to the incident list, for those who report or handle incidents."""
    return [("web.incidents.index", _("Incidents"), {})] if may_report(me) else []


def _moment(value: str | None, name: str) -> datetime | None:
    """A datetime-local value (the park's time) or None when left empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise errors.InvalidInput(
            msg.BAD_MOMENT, details=[{"field": name}], field=Term("field", name)
        ) from None


def _local_now(me: Actor) -> str:
    from hazchem.services.platform import clock

    return clock.now().astimezone(ZoneInfo(me.timezone)).strftime("%Y-%m-%dT%H:%M")


def local(moment: datetime | None, me: Actor) -> str:
    """A stored moment in the park's time, to the minute."""
    if moment is None:
        return ""
    return rules.aware(moment).astimezone(ZoneInfo(me.timezone)).strftime("%Y-%m-%d %H:%M")


@bp.get("/incidents")
@login_required
def index() -> Any:
    """The incidents the user may see, latest first, with the report link."""
    me = actor()
    rows = inc.list_incidents(session=db_session(), actor=me)
    return render_template("incidents/index.html", rows=rows, may_report=may_report(me), local=local, me=me)


def _report_context(me: Actor, form: dict[str, str]) -> dict[str, Any]:
    db = db_session()
    facility = None
    holdings: list[Any] = []
    facility_id = int_or_none(form.get("facility_id"))
    if facility_id is not None:
        facility = registry.get_facility(session=db, actor=me, facility_id=facility_id)
        from hazchem.services.chemicals.movements import contributions

        holdings = contributions(db, facility.id)
    facilities: list[Any] = []
    if facility is None:
        try:
            facilities = registry.list_facilities(session=db, actor=me, limit=200)
        except errors.Forbidden:
            facilities = []
    return {"facility": facility, "holdings": holdings, "facilities": facilities, "form": form}


@bp.route("/incidents/report", methods=["GET", "POST"])
@login_required
def report() -> Any:
    """Report an accident: when, where, what happened, the chemicals and waste involved."""
    me = actor()
    rules.require_reporter(me.role)
    if request.method == "GET":
        form = {key: request.args.get(key, "") for key in REPORT_FIELDS}
        form["occurred_at"] = form["occurred_at"] or _local_now(me)
        context = _report_context(me, form)
        if context["facility"] is not None and not form["place"]:
            form["place"] = context["facility"].location or context["facility"].name
        return render_template("incidents/report.html", chosen=[], **context)
    form = {key: request.form.get(key, "").strip() for key in REPORT_FIELDS}
    chosen = [c for c in request.form.getlist("chemical_id") if c.isdigit()]
    db = db_session()
    try:
        substances = [inc.SubstanceInput(chemical_id=int(c)) for c in chosen]
        if form["other_chemical"]:
            cid = chemicals.resolve_chemical(session=db, text=form["other_chemical"], field="other_chemical")
            substances.append(inc.SubstanceInput(chemical_id=cid))
        if form["waste_code"]:
            substances.append(inc.SubstanceInput(waste_code=form["waste_code"]))
        incident = inc.report_incident(
            session=db,
            actor=me,
            description=form["description"],
            place=form["place"],
            occurred_at=_moment(form["occurred_at"], "occurred_at"),
            facility_id=optional_int(form["facility_id"], "facility_id"),
            substances=substances,
        )
    except FORM_ERRORS as exc:
        db.rollback()
        page = render_template(
            "incidents/report.html", chosen=chosen, error=explain(exc), **_report_context(me, form)
        )
        return page, form_status(exc)
    flash(_("Incident %(n)s reported; the emergency office sets its grade.", n=incident.id), "success")
    return redirect(url_for("web.incidents.detail", incident_id=incident.id))


def _page(incident_id: int, *, status: int = 200, **extra: Any) -> Any:
    me = actor()
    db = db_session()
    view = inc.incident_view(session=db, actor=me, incident_id=incident_id)
    proposal = inc.proposal(session=db, actor=me, incident_id=incident_id)
    office = rules.is_office(me.role, me.department_kind)
    departments = (
        registry.list_departments(session=db, actor=me, park_id=view.incident.park_id) if office else []
    )
    return render_template(
        "incidents/detail.html",
        view=view,
        proposal=proposal,
        office=office,
        departments=departments,
        grades=GRADES,
        local=lambda m: local(m, me),
        now_local=_local_now(me),
        today=park_today(me),
        form=extra.pop("form", {}),
        **extra,
    ), status


@bp.get("/incidents/<int:incident_id>")
@login_required
def detail(incident_id: int) -> Any:
    """The responders' page: what happened, the chemicals and their handling, stock, resources, who was
    told, steps, readings, and the emergency office's forms."""
    return _page(incident_id)


def _act(incident_id: int, call: Callable[[], Any], done: str) -> Any:
    db = db_session()
    try:
        call()
    except FORM_ERRORS as exc:
        db.rollback()
        return _page(incident_id, status=form_status(exc), error=explain(exc), form=request.form.to_dict())
    flash(done, "success")
    return redirect(url_for("web.incidents.detail", incident_id=incident_id))


@bp.post("/incidents/<int:incident_id>/grade")
@login_required
def grade(incident_id: int) -> Any:
    """The emergency office sets the grade."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.grade_incident(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            grade=f.get("grade", ""),
            note=f.get("note", ""),
        ),
        _("Grade set; the notifications the plan asks for are due."),
    )


@bp.post("/incidents/<int:incident_id>/notifications")
@login_required
def notify(incident_id: int) -> Any:
    """Record who was told and when."""
    f = request.form

    def call() -> Any:
        return inc.record_notification(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            notification_id=optional_int(f.get("notification_id"), "notification_id"),
            department_id=optional_int(f.get("department_id"), "department_id"),
            contact_name=f.get("contact_name", ""),
            told_at=_moment(f.get("told_at"), "told_at"),
            means=f.get("means", ""),
            note=f.get("note", ""),
        )

    return _act(incident_id, call, _("Notification recorded."))


@bp.post("/incidents/<int:incident_id>/steps")
@login_required
def add_step(incident_id: int) -> Any:
    """Record a response step."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.add_step(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            description=f.get("description", ""),
            taken_at=_moment(f.get("taken_at"), "taken_at"),
            by_whom=f.get("by_whom", ""),
        ),
        _("Response step recorded."),
    )


@bp.post("/incidents/<int:incident_id>/readings")
@login_required
def add_reading(incident_id: int) -> Any:
    """Record a monitoring reading."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.add_reading(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            pollutant=f.get("pollutant", ""),
            concentration=f.get("concentration", ""),
            unit=f.get("unit", ""),
            place=f.get("place", ""),
            taken_at=_moment(f.get("taken_at"), "taken_at"),
        ),
        _("Monitoring reading recorded."),
    )


@bp.post("/incidents/<int:incident_id>/terminate")
@login_required
def terminate(incident_id: int) -> Any:
    """End the response."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.terminate(
            session=db_session(), actor=actor(), incident_id=incident_id, note=f.get("note", "")
        ),
        _("Response terminated."),
    )


@bp.post("/incidents/<int:incident_id>/after-action")
@login_required
def after_action(incident_id: int) -> Any:
    """Record the after-action review."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.record_after_action(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            assessment=f.get("assessment", ""),
            cause=f.get("cause", ""),
            responsibility=f.get("responsibility", ""),
        ),
        _("After-action review recorded."),
    )


@bp.post("/incidents/<int:incident_id>/corrective-actions")
@login_required
def add_corrective(incident_id: int) -> Any:
    """Add a corrective action with its owner and due date."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.add_corrective_action(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            text=f.get("text", ""),
            owner=f.get("owner", ""),
            due_on=required_date(f.get("due_on"), "due_on"),
        ),
        _("Corrective action added."),
    )


@bp.post("/incidents/<int:incident_id>/corrective-actions/<int:action_id>/done")
@login_required
def corrective_done(incident_id: int, action_id: int) -> Any:
    """Mark a corrective action done."""
    f = request.form
    return _act(
        incident_id,
        lambda: inc.complete_corrective_action(
            session=db_session(),
            actor=actor(),
            incident_id=incident_id,
            action_id=action_id,
            done_on=required_date(f.get("done_on"), "done_on"),
        ),
        _("Corrective action done."),
    )


@bp.post("/incidents/<int:incident_id>/close")
@login_required
def close(incident_id: int) -> Any:
    """Close the incident once its after-action record is complete."""
    return _act(
        incident_id,
        lambda: inc.close_incident(session=db_session(), actor=actor(), incident_id=incident_id),
        _("Incident closed."),
    )


def _label(kind: str, value: str) -> str:
    return str(LABELS.get(kind, {}).get(value, value))


@bp.get("/incidents/<int:incident_id>/brief.pdf")
@login_required
def brief(incident_id: int) -> Any:
    """The responders' brief as a PDF, with a QR code back to this incident's live page."""
    me = actor()
    db = db_session()
    view = inc.incident_view(session=db, actor=me, incident_id=incident_id)
    p = inc.proposal(session=db, actor=me, incident_id=incident_id)
    i = view.incident
    url = public_base_url().rstrip("/") + url_for("web.incidents.detail", incident_id=i.id)
    sheets = [s for s in p.sheets if s.involved] + [s for s in p.sheets if not s.involved]
    data = BriefData(
        title=_("Incident %(n)s: responders' brief", n=i.id),
        facts=(
            (_("Status"), _label("incident_status", i.status)),
            (_("Response grade"), i.grade or _("not yet set")),
            (_("Occurred at"), local(i.occurred_at, me)),
            (_("Enterprise"), view.enterprise.name),
            (_("Facility"), view.facility.name if view.facility else "—"),
            (_("Place"), i.place),
            (_("What happened"), i.description),
            (_("Σq/Q"), f"{p.ratio}{' · ' + _('Major hazard installation') if p.major_hazard else ''}"),
        ),
        url=url,
        url_caption=_("Scan for the live page"),
        sections=(
            BriefSection(
                _("Chemicals and their emergency handling"),
                (_("Chemical"), _("Protection"), _("Emergency handling")),
                tuple(
                    (
                        s.chemical.name + (" *" if s.involved else ""),
                        s.protection or "—",
                        s.emergency or "—",
                    )
                    for s in sheets
                ),
            ),
            BriefSection(
                _("Facility stock"),
                (_("Chemical"), _("Quantity (kg)"), "q/Q"),
                tuple((h.name, f"{h.quantity_kg:,}", h.ratio or "—") for h in p.holdings),
            ),
            BriefSection(
                _("Nearest emergency resources"),
                (_("Resource"), _("Location"), _("Quantity"), _("Contact")),
                tuple(
                    (
                        r.resource.name,
                        r.resource.location or "—",
                        f"{r.resource.quantity} {r.resource.unit}".strip(),
                        f"{r.resource.contact_name} {r.resource.contact_phone}".strip() or "—",
                    )
                    for r in p.resources
                ),
            ),
            BriefSection(
                _("Notifications"),
                (_("Told"), _("Due by"), _("Told at")),
                tuple(
                    (
                        n.department or _label("contact_unit", n.row.contact_name),
                        local(n.row.due_by, me) or "—",
                        local(n.row.told_at, me) or "—",
                    )
                    for n in view.notifications
                ),
            ),
        ),
        footer=_("* involved in the incident. Printed from hazchem; the live page has the latest record."),
    )
    return download(brief_pdf(data), f"incident-{i.id}-brief.pdf", inline=True, no_store=True)


def said(message: Any) -> str:
    """A message in the page's language (for templates)."""
    return say(message)

"""Alert list for regulators, the park and enterprises' officers, with acknowledgement by note."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import db_session
from hazchem.domain.errors import Forbidden, HazchemError, NotFound
from hazchem.domain.vocab import AlertKind
from hazchem.i18n import say
from hazchem.services import registry
from hazchem.services.oversight import alerts
from hazchem.web.forms import int_or_none
from hazchem.web.views import actor

bp = Blueprint("alerts", __name__)

PAGE_SIZE = 50

KIND_LABELS = {
    AlertKind.WEIGHT_DISCREPANCY: _l("Weight discrepancy"),
    AlertKind.OVERDUE_CONFIRMATION: _l("Overdue receipt confirmation"),
    AlertKind.STORAGE_AGE: _l("Storage near or over one year"),
    AlertKind.CAPACITY_USE: _l("Capacity use at or above 80 %"),
    AlertKind.LICENCE_EXPIRY: _l("Licence expiring or expired under an open manifest"),
    AlertKind.COMPLIANCE_REFUSAL: _l("Refused action: compliance problem"),
    AlertKind.LONG_TRANSPORT_LEG: _l("Transport leg too long"),
    AlertKind.MAJOR_HAZARD: _l("Major hazard source"),
    AlertKind.INCIDENT: _l("Incident: spill, fire, accident or loss of waste"),
    AlertKind.EMERGENCY_PLAN_REVIEW: _l("Emergency plan review overdue"),
    AlertKind.EMERGENCY_DRILL: _l("Emergency drill overdue"),
    AlertKind.RESOURCE_INSPECTION: _l("Emergency resource inspection overdue"),
    AlertKind.RESOURCE_EXPIRED: _l("Emergency supplies expired"),
    AlertKind.RESOURCE_BELOW_MINIMUM: _l("Emergency stock below the plan's minimum"),
    AlertKind.INCIDENT_NOTIFICATION_OVERDUE: _l("Accident notification overdue under the emergency plan"),
}
SEVERITY_LABELS = {"warning": _l("Warning"), "breach": _l("Breach")}
STATE_LABELS = {"open": _l("Open"), "acknowledged": _l("Acknowledged"), "all": _l("All")}
FILTERS = ("department_kind", "enterprise_id", "kind", "state")


def _filter_args() -> dict[str, str]:
    return {n: request.args[n] for n in FILTERS if request.args.get(n, "").strip()}


def _list_page(error: str = "", status: int = 200) -> Any:
    me = actor()
    db = db_session()
    alerts.require_reader(me)
    rows: list[Any] = []
    next_after = None
    args = _filter_args()
    if not request.args.get("after"):
        # Time-based conditions are swept whenever the list is opened (indexed reads, new rows only).
        alerts.sweep(session=db, settings=alerts.SweepSettings.from_config(current_app.config))
    try:
        filters = alerts.parse_filters(**args)
        page = alerts.list_alerts(
            session=db,
            actor=me,
            filters=filters,
            after=int_or_none(request.args.get("after")),
            limit=PAGE_SIZE,
        )
        rows, next_after = page.items, page.next_after
    except HazchemError as exc:
        db.rollback()
        error, status = say(exc.said), 400
    names = registry.enterprise_names(session=db, ids={a.enterprise_id for a in rows if a.enterprise_id})
    return render_template(
        "oversight/alerts.html",
        alerts=rows,
        names=names,
        args=request.args,
        enterprises=alerts.alerted_enterprises(session=db, actor=me),
        kinds=KIND_LABELS,
        severities=SEVERITY_LABELS,
        states=STATE_LABELS,
        may_acknowledge={a.id for a in rows if a.acknowledged_at is None and alerts.can_acknowledge(me, a)},
        error=error,
        here=request.full_path.rstrip("?"),
        next_url=url_for("web.alerts.oversight_alerts", after=next_after, **args) if next_after else None,
        first_url=url_for("web.alerts.oversight_alerts", **args) if request.args.get("after") else None,
    ), status


@bp.get("/oversight/alerts", endpoint="oversight_alerts")
@login_required
def oversight_alerts() -> Any:
    """The alert list: time-based conditions are swept first, then filtered and paged newest first."""
    return _list_page()


@bp.post("/oversight/alerts/<int:alert_id>/acknowledge", endpoint="acknowledge_alert")
@login_required
def acknowledge_alert(alert_id: int) -> Any:
    """Acknowledge an alert with a note; a missing note or a repeated acknowledgement shows on the list."""
    from hazchem.web import form_status
    from hazchem.web.refusals import explain
    from hazchem.web.views import safe_next

    try:
        alerts.acknowledge(
            session=db_session(), actor=actor(), alert_id=alert_id, note=request.form.get("note", "")
        )
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        db_session().rollback()
        return _list_page(explain(exc), form_status(exc))
    flash(_("Alert acknowledged."), "info")
    return redirect(safe_next(request.form.get("next"), default="web.alerts.oversight_alerts"))

"""The deadline list page: overdue and nearly due items per rule, and a form to record filings; the
holiday arrangements page, where the park administrator enters each year's official arrangement."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import db_session
from hazchem.domain.deadlines import PARTY_NAMES, RULES, provisional_years
from hazchem.domain.errors import Forbidden, HazchemError, NotFound
from hazchem.i18n import say
from hazchem.services import platform, registry
from hazchem.services.oversight import deadlines
from hazchem.services.platform import clock
from hazchem.web.forms import optional_date, optional_int, required_int
from hazchem.web.views import actor

bp = Blueprint("deadlines", __name__)

STATUS_LABELS = {"open": _l("Overdue or due soon"), "overdue": _l("Overdue"), "due_soon": _l("Due soon")}
FILING_LABELS = {
    "management_plan": _l("Annual management plan"),
    "declaration": _l("Annual declaration"),
    "monthly_declaration": _l("Monthly declaration"),
    "quarterly_declaration": _l("Quarterly declaration"),
    "paper_backfill": _l("Paper manifest (backfill)"),
}
FILTERS = ("department_kind", "enterprise_id", "rule", "status")


def _filter_args() -> dict[str, str]:
    return {n: request.args[n] for n in FILTERS if request.args.get(n, "").strip()}


def _page(error: str = "", status: int = 200) -> Any:
    me = actor()
    db = db_session()
    deadlines.require_reader(me)
    items: list[Any] = []
    try:
        filters = deadlines.parse_filters(**_filter_args())
        items = deadlines.list_deadlines(
            session=db,
            actor=me,
            filters=filters,
            expiry_warning_days=current_app.config["EXPIRY_WARNING_DAYS"],
        )
    except HazchemError as exc:
        db.rollback()
        error, status = say(exc.said), 400
    parties = registry.enterprise_names(session=db, ids={d.party_id for d in items if d.party_id})
    return render_template(
        "oversight/deadlines.html",
        items=items,
        parties=parties,
        args=request.args,
        rules=list(RULES.values()),
        party_names=PARTY_NAMES,
        statuses=STATUS_LABELS,
        filing_kinds=FILING_LABELS,
        filers=deadlines.filing_enterprises(session=db, actor=me),
        fallback=any(d.fallback for d in items),
        provisional_years=provisional_years(items),
        error=error,
    ), status


@bp.get("/oversight/deadlines", endpoint="oversight_deadlines")
@login_required
def oversight_deadlines() -> Any:
    """Every overdue or nearly due item the user may see, with its rule, due date and party responsible."""
    return _page()


@bp.post("/oversight/filings", endpoint="record_filing")
@login_required
def record_filing() -> Any:
    """Record an annual filing, a paper transfer or its backfill; refusals show on the deadline page."""
    from hazchem.web import form_status
    from hazchem.web.refusals import explain

    form = request.form
    try:
        deadlines.record_filing(
            session=db_session(),
            actor=actor(),
            enterprise_id=required_int(form.get("enterprise_id"), "enterprise"),
            kind=form.get("kind", ""),
            year=optional_int(form.get("year"), "year"),
            filed_on=optional_date(form.get("filed_on"), "filed_on"),
            reference=form.get("reference", ""),
            completed_on=optional_date(form.get("completed_on"), "completed_on"),
            note=form.get("note", ""),
            period=form.get("period", ""),
        )
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        db_session().rollback()
        return _page(explain(exc), form_status(exc))
    flash(_("Filing recorded."), "info")
    return redirect(url_for("web.deadlines.oversight_deadlines"))


def _holidays_page(form: Any = None, error: str = "", status: int = 200) -> Any:
    me = actor()
    deadlines.require_reader(me)
    db = db_session()
    cal = platform.park_calendar(db, park_id=me.park_id)
    this_year = clock.today().year
    return render_template(
        "oversight/holidays.html",
        arrangements=platform.list_arrangements(session=db, park_id=me.park_id),
        packaged=sorted(platform.work_calendar().years),
        provisional=[y for y in range(this_year, this_year + 2) if y not in cal.years],
        source=cal.source,
        can_enter=me.is_admin,
        form=form or {"year": str(this_year + 1)},
        error=error,
    ), status


@bp.get("/oversight/holidays", endpoint="holidays")
@login_required
def holidays() -> Any:
    """Each year's holiday arrangement the deadlines count on, and the form to enter one (administrators)."""
    return _holidays_page()


@bp.post("/oversight/holidays", endpoint="set_holidays")
@login_required
def set_holidays() -> Any:
    """Enter or replace a year's arrangement; a refusal re-renders the form with the input and the reason."""
    from hazchem.web import form_status
    from hazchem.web.refusals import explain

    form = request.form
    try:
        saved = platform.set_arrangement(
            session=db_session(),
            actor=actor(),
            year=required_int(form.get("year"), "year"),
            holidays=form.get("holidays", ""),
            workdays=form.get("workdays", ""),
            source=form.get("source", ""),
            note=form.get("note", ""),
        )
    except Forbidden:
        raise
    except HazchemError as exc:
        db_session().rollback()
        return _holidays_page(form, explain(exc), form_status(exc))
    flash(_("The %(year)s arrangement is saved.", year=saved.year), "info")
    return redirect(url_for("web.deadlines.holidays"))

"""Oversight dashboards, the annual summary with its exports, the park indicators and output figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from hazchem.appctx import db_session, download, read_session
from hazchem.domain.errors import HazchemError, InvalidInput
from hazchem.domain.oversight import Area
from hazchem.i18n import say
from hazchem.render import charts, sheets
from hazchem.services import registry
from hazchem.services.oversight import dashboards, indicators, province, registers, summaries
from hazchem.services.oversight import messages as om
from hazchem.services.platform import Actor, can_oversee, park_today
from hazchem.web.forms import int_or_none, required_int
from hazchem.web.labels import label
from hazchem.web.views import actor

bp = Blueprint("dashboards", __name__)

MONTH_LABELS = tuple(str(m) for m in dashboards.MONTHS)


def this_year() -> int:
    """The current calendar year in the user's park."""
    return park_today(actor()).year


def tonnes(grams: int) -> float:
    """Grams as tonnes for a chart axis."""
    return grams / 1_000_000


def oversight_nav(me: Actor) -> list[tuple[str, str, dict[str, Any]]]:
    """Navigation entries for the dashboard, the annual summary and output figures."""
    items: list[tuple[str, str, dict[str, Any]]] = []
    if me.is_admin or me.is_regulator:
        items.append(("web.dashboards.oversight_dashboard", _("Dashboard"), {}))
        items.append(("web.dashboards.province_dashboard", _("Parks compared"), {}))
    if can_oversee(me, Area.WASTE_MANIFESTS):
        items.append(("web.dashboards.park_indicators", _("Indicators"), {}))
    # Output figures are entered by an enterprise's EHS officer and read by waste regulators; a driver,
    # dispatcher or receiver's operator has no use for its enterprise's turnover.
    enters = any(indicators.may_enter_output(me, e) for e in me.enterprise_ids)
    if me.is_admin or can_oversee(me, Area.WASTE_MANIFESTS) or enters:
        items.append(("web.dashboards.output_figures", _("Output figures"), {}))
    return items


def _flow_chart(table: dashboards.FlowTable, title: str) -> Markup:
    series = [charts.Series(cat, [tonnes(g) for g in table.by_category[cat]]) for cat in table.categories]
    return Markup(charts.stacked_columns(MONTH_LABELS, series, title=title, unit="t"))


def _use_chart(rows: list[dashboards.CapacityUse], title: str) -> Markup:
    bars = [
        charts.Bar(f"{u.facility} · {u.enterprise}", u.share, f"{u.share * 100:.1f} %", warn=u.warn)
        for u in rows
    ]
    return Markup(
        charts.horizontal_bars(bars, title=title, scale_max=1.0, threshold=dashboards.CAPACITY_WARNING)
    )


@bp.get("/oversight/dashboard", endpoint="oversight_dashboard")
@login_required
def oversight_dashboard() -> Any:
    """The park's or the department's dashboard for a year: charts with their tables."""
    me = actor()
    year = int_or_none(request.args.get("year")) or this_year()
    board = dashboards.dashboard(
        session=read_session(),
        actor=me,
        year=year,
        within_days=current_app.config.get("EXPIRY_WARNING_DAYS", 60),
    )
    flow_titles = {
        "generated": _("Generated (t)"),
        "transferred": _("Transferred (t)"),
        "treated": _("Utilised or disposed (t)"),
    }
    flow_charts = (
        {k: _flow_chart(t, flow_titles[k]) for k, t in board.flows.items()} if board.flows is not None else {}
    )
    status_chart = None
    if board.statuses is not None:
        bars = [
            charts.Bar(str(label(s, "manifest_status")), n, str(n)) for s, n in board.statuses.items() if n
        ]
        status_chart = Markup(charts.horizontal_bars(bars, title=_("Manifests by status")))
    return render_template(
        "oversight/dashboard.html",
        board=board,
        years=range(this_year(), this_year() - 6, -1),
        flow_titles=flow_titles,
        flow_charts=flow_charts,
        status_chart=status_chart,
        storage_chart=_use_chart(board.storage, _("Storage use")) if board.storage else None,
        receiving_chart=_use_chart(board.receiving, _("Receiving capacity use")) if board.receiving else None,
        months=dashboards.MONTHS,
        status_order=dashboards.status_order(),
        within_days=current_app.config.get("EXPIRY_WARNING_DAYS", 60),
    )


@bp.get("/oversight/province", endpoint="province_dashboard")
@login_required
def province_dashboard() -> Any:
    """The parks the user reads side by side for a year: waste flows, follow-ups and capacities."""
    year = int_or_none(request.args.get("year")) or this_year()
    board = province.province_dashboard(session=read_session(), actor=actor(), year=year)
    bars = [
        charts.Bar(p.name, tonnes(p.total("generated")), f"{tonnes(p.total('generated')):.1f} t")
        for p in board.parks
    ]
    return render_template(
        "oversight/province.html",
        board=board,
        years=range(this_year(), this_year() - 6, -1),
        flows={
            "generated": _("Generated (t)"),
            "transferred": _("Transferred (t)"),
            "treated": _("Utilised or disposed (t)"),
        },
        chart=Markup(charts.horizontal_bars(bars, title=_("Generated (t)"))) if bars else None,
        tonnes=tonnes,
    )


# --- Annual summary ------------------------------------------------------------------------------


@bp.get("/oversight/summaries", endpoint="summaries_home")
@login_required
def summaries_home() -> Any:
    """Go to this year's summary (keeping the enterprise chosen)."""
    year = int_or_none(request.args.get("year")) or this_year()
    enterprise = int_or_none(request.args.get("enterprise"))
    return redirect(url_for("web.dashboards.annual_summary", year=year, enterprise=enterprise))


@bp.get("/oversight/summaries/<int:year>", endpoint="annual_summary")
@login_required
def annual_summary(year: int) -> Any:
    """The annual summary of the park or of one enterprise, with CSV and XLSX exports."""
    me = actor()
    db = read_session()
    enterprise_id = int_or_none(request.args.get("enterprise"))
    if enterprise_id is None and not can_oversee(me, Area.WASTE_MANIFESTS) and len(me.enterprise_ids) == 1:
        enterprise_id = next(iter(me.enterprise_ids))
    summary = summaries.annual_summary(session=db, actor=me, year=year, enterprise_id=enterprise_id)
    choices = (
        registry.enterprise_names(session=db, ids=_park_enterprise_ids(db, summary.park_id))
        if can_oversee(me, Area.WASTE_MANIFESTS)
        else registry.enterprise_names(session=db, ids=me.enterprise_ids)
    )
    exports = {
        (fmt, section): url_for(
            "web.dashboards.annual_summary_export",
            year=year,
            enterprise=enterprise_id,
            format=fmt,
            section=section,
        )
        for fmt, section in (("csv", "categories"), ("csv", "methods"), ("xlsx", None))
    }
    return render_template(
        "oversight/summary.html",
        summary=summary,
        enterprise_id=enterprise_id,
        choices=sorted(choices.values(), key=lambda e: e.name),
        park_view=can_oversee(me, Area.WASTE_MANIFESTS),
        exports=exports,
        years=range(this_year(), this_year() - 6, -1),
    )


def _park_enterprise_ids(db: Any, park_id: int) -> list[int]:
    from sqlmodel import select

    from hazchem.models import Enterprise

    return list(db.exec(select(Enterprise.id).where(Enterprise.park_id == park_id)))


@bp.get("/oversight/summaries/<int:year>/export", endpoint="annual_summary_export")
@login_required
def annual_summary_export(year: int) -> Any:
    """The annual summary as CSV (one table, chosen by section) or XLSX (both tables)."""

    fmt = request.args.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(om.REGISTER_BAD_FORMAT)
    enterprise_id = int_or_none(request.args.get("enterprise"))
    summary = summaries.annual_summary(
        session=read_session(), actor=actor(), year=year, enterprise_id=enterprise_id
    )
    stem = f"summary-{year}" + (f"-{enterprise_id}" if enterprise_id else "")
    if fmt == "csv":
        section = request.args.get("section") or "categories"
        (sheet,) = summaries.summary_sheets(summary, [section])
        return download(sheets.csv_chunks(sheet), registers.export_filename(f"{stem}-{section}", fmt))
    return download(
        sheets.xlsx_chunks(summaries.summary_sheets(summary)), registers.export_filename(stem, fmt)
    )


# --- Indicators and output figures ----------------------------------------------------------------


@bp.get("/oversight/indicators", endpoint="park_indicators")
@login_required
def park_indicators() -> Any:
    """The park indicators of a year, each with its formula, inputs and definition."""
    year = int_or_none(request.args.get("year")) or this_year()
    result = indicators.park_indicators(session=read_session(), actor=actor(), year=year)
    return render_template(
        "oversight/indicators.html",
        ind=result,
        formulas=indicators.FORMULAS,
        max_points=indicators.ITEM9_MAX_POINTS,
        wan_yuan=indicators.wan_yuan,
        years=range(this_year(), this_year() - 6, -1),
    )


@bp.route("/oversight/output-figures", methods=["GET", "POST"], endpoint="output_figures")
@login_required
def output_figures() -> Any:
    """Output figures (万元) by enterprise and year: listed, and entered by admins or EHS officers."""
    me = actor()
    db = db_session()
    error = ""
    form = request.form if request.method == "POST" else {}
    if request.method == "POST":
        try:
            figure = indicators.set_output_figure(
                session=db,
                actor=me,
                enterprise_id=required_int(form.get("enterprise_id"), "enterprise_id"),
                year=required_int(form.get("year"), "year"),
                value_wan_yuan=form.get("value_wan_yuan", ""),
                note=form.get("note", ""),
            )
            flash(
                _(
                    "Output figure saved: %(value)s 万元 for %(year)s.",
                    value=_wan(figure.value_yuan),
                    year=figure.year,
                ),
                "info",
            )
            return redirect(url_for("web.dashboards.output_figures", year=figure.year))
        except HazchemError as exc:
            db.rollback()
            error = say(exc.said)
    year = int_or_none(request.args.get("year"))
    figures = indicators.list_output_figures(session=db, actor=me, year=year)
    writable = (
        _park_enterprise_ids(db, registry.resolve_park(db, me).id)
        if me.is_admin
        else [e for e in me.enterprise_ids if indicators.may_enter_output(me, e)]
    )
    names = registry.enterprise_names(session=db, ids={f.enterprise_id for f in figures} | set(writable))
    return render_template(
        "oversight/output_figures.html",
        figures=figures,
        names=names,
        writable=sorted((names[e] for e in writable if e in names), key=lambda e: e.name),
        wan_yuan=indicators.wan_yuan,
        form=form,
        error=error,
        default_year=this_year() - 1,
    ), (400 if error else 200)


def _wan(yuan: int) -> Decimal:
    return indicators.wan_yuan(yuan)

"""Oversight pages for regulators: the manifest audit search with filters, paging and register export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_login import login_required

from hazchem.appctx import download, read_session
from hazchem.domain.errors import Forbidden, HazchemError, InvalidInput
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.i18n import say
from hazchem.render import sheets
from hazchem.services import registry
from hazchem.services.oversight import messages as om
from hazchem.services.oversight import parks, registers
from hazchem.services.oversight import search as audit_search
from hazchem.services.waste import reads as custody_reads
from hazchem.web.forms import int_or_none
from hazchem.web.views import actor

bp = Blueprint("oversight", __name__)

PAGE_SIZE = 50


def _filter_args() -> dict[str, list[str]]:
    return {
        name: [v for v in request.args.getlist(name) if v.strip()]
        for name in audit_search.FILTER_PARAMS
        if any(v.strip() for v in request.args.getlist(name))
    }


@bp.get("/oversight/manifests", endpoint="oversight_manifests")
@login_required
def oversight_manifests() -> Any:
    """Search manifests by the audit filters; results table with cursor paging and an export button."""
    me = actor()
    db = read_session()
    error = ""
    rows: list[Any] = []
    next_after = None
    filters = audit_search.ManifestFilters()
    try:
        filters = audit_search.parse_filters(_filter_args())
        result = audit_search.search_manifests(
            session=db, actor=me, filters=filters, after=request.args.get("after") or None, limit=PAGE_SIZE
        )
        rows, next_after = result.items, result.next_after
    except Forbidden:
        raise
    except HazchemError as exc:
        db.rollback()
        error = say(exc.said)
    names = registry.enterprise_names(
        session=db, ids={e for m in rows for e in (m.generator_id, m.receiver_id)}
    )
    choices = parks.readable_parks(db, me)
    query = filters.as_query()
    return render_template(
        "oversight/manifests.html",
        manifests=rows,
        names=names,
        park_choices=choices,
        # The park columns matter once parks are several: a regional reader's, or a transfer between parks.
        parks=parks.parks_by_id(db, {e.park_id for e in names.values()}),
        several_parks=len(choices) > 1 or len({e.park_id for e in names.values()}) > 1,
        args=request.args,
        chosen=set(request.args.getlist("status")),
        statuses=list(ManifestStatus),
        error=error,
        next_url=url_for("web.oversight.oversight_manifests", after=next_after, **query)
        if next_after
        else None,
        first_url=url_for("web.oversight.oversight_manifests", **query)
        if request.args.get("after")
        else None,
        export_csv=url_for("web.oversight.oversight_register", format="csv", **query),
        export_xlsx=url_for("web.oversight.oversight_register", format="xlsx", **query),
    ), (400 if error else 200)


@bp.get("/oversight/register", endpoint="oversight_register")
@login_required
def oversight_register() -> Any:
    """The manifest register for the current filters as a streamed CSV or XLSX download."""
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(om.REGISTER_BAD_FORMAT)
    sheet = registers.manifest_register_sheet(
        session=read_session(), actor=actor(), filters=audit_search.parse_filters(_filter_args())
    )
    chunks = sheets.csv_chunks(sheet) if fmt == "csv" else sheets.xlsx_chunks([sheet])
    return download(chunks, registers.export_filename("manifest-register", fmt))


@bp.get("/oversight/enterprises/<int:enterprise_id>/ledger", endpoint="oversight_ledger")
@login_required
def oversight_ledger(enterprise_id: int) -> Any:
    """An enterprise's HJ 1259 ledger as a streamed XLSX (all sections) or CSV (one section)."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(om.REGISTER_BAD_FORMAT)
    section = request.args.get("section") or None
    tables = registers.ledger_sheets(
        session=read_session(),
        actor=actor(),
        enterprise_id=enterprise_id,
        sections=[section] if section else None,
    )
    if fmt == "csv":
        if len(tables) != 1:
            raise InvalidInput(om.REGISTER_CSV_CHOOSE_SECTION)
        return download(
            sheets.csv_chunks(tables[0]), registers.export_filename(f"ledger-{enterprise_id}-{section}", fmt)
        )
    return download(sheets.xlsx_chunks(tables), registers.export_filename(f"ledger-{enterprise_id}", fmt))


@bp.get("/oversight/transport-legs", endpoint="oversight_transport_legs")
@login_required
def oversight_transport_legs() -> Any:
    """Transport legs newest first (carrier, vehicle, driver, pick-up and delivery), a page at a time."""
    after = int_or_none(request.args.get("after"))
    carrier_id = int_or_none(request.args.get("carrier_id"))
    rows = custody_reads.list_transport_legs(
        read_session(), actor(), carrier_id=carrier_id, after=after, limit=PAGE_SIZE + 1
    )
    shown = rows[:PAGE_SIZE]
    next_url = (
        url_for("web.oversight.oversight_transport_legs", after=shown[-1].leg.id, carrier_id=carrier_id)
        if len(rows) > PAGE_SIZE
        else None
    )
    return render_template("oversight/transport_legs.html", legs=shown, next_url=next_url)

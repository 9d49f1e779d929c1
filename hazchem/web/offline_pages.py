"""Working without a network on a phone: the installable app's service worker, and put-away scans
queued on the device while offline, sent and checked when the network returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, send_from_directory
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf.csrf import generate_csrf

from hazchem.api.messages import BODY_NOT_OBJECT
from hazchem.appctx import current_actor, db_session
from hazchem.domain import errors
from hazchem.i18n import say
from hazchem.services import waste
from hazchem.services.platform import clock
from hazchem.services.waste import reads as custody_reads
from hazchem.services.waste.documents import local_time
from hazchem.web import messages
from hazchem.web.custody_pages import refusal, refused_status, segregation
from hazchem.web.views import actor

bp = Blueprint("offline", __name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"


@bp.app_template_filter("device_time")
def device_time_filter(iso: str | None) -> str:
    """A device's scan time kept in an audit event (ISO text) as Beijing time, like the event's own."""
    try:
        return local_time(datetime.fromisoformat(iso)) if iso else ""
    except (TypeError, ValueError):
        return ""


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the site's root so that its scope covers every page."""
    response = send_from_directory(current_app.static_folder or "static", "sw.js", max_age=0)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/scan/put-away")
@login_required
def put_away_queue() -> str:
    """Scan containers into a store one by one; offline, each scan waits on the device to be sent."""
    me = actor()
    return render_template(
        "custody/put_away_offline.html",
        stores=custody_reads.own_stores(db_session(), me),
        me=me,
    )


@bp.get("/scan/put-away/state")
def sync_state() -> Any:
    """Who is logged in and a fresh CSRF token: what the page needs before it sends its queue."""
    me = current_actor()
    if me is None:
        return jsonify(outcome=None, message=say(messages.PLEASE_LOG_IN)), 401
    response = jsonify(user_id=me.user_id, username=me.username, csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/scan/put-away/sync")
def sync_put_away() -> Any:
    """Put away one queued scan (its Idempotency-Key in the header); answers done or refused, and why."""
    me = current_actor()
    if me is None:
        return jsonify(outcome=None, message=say(messages.PLEASE_LOG_IN)), 401
    body = request.get_json(silent=True)
    db = db_session()
    try:
        if not isinstance(body, dict):
            raise errors.InvalidInput(BODY_NOT_OBJECT)
        reply = waste.sync_put_away(
            session=db,
            actor=me,
            key=request.headers.get(IDEMPOTENCY_HEADER, ""),
            scanned=str(body.get("scanned") or ""),
            facility_id=_int_or_none(body.get("facility_id")),
            scanned_at=body.get("scanned_at") or "",
            scanned_by=_int_or_none(body.get("user_id")),
            matrix=segregation(),
        )
    except errors.HazchemError as exc:
        db.rollback()
        status = 404 if isinstance(exc, errors.NotFound) else refused_status(exc)
        return jsonify(outcome="refused", code=exc.code, message=str(refusal(exc))), status
    text = (
        _("Already recorded: this scan was sent before, nothing changed.")
        if reply.replayed
        else _("Put away.")
    )
    return jsonify(outcome="done", replayed=reply.replayed, message=text, received_at=clock.now().isoformat())


def _int_or_none(value: Any) -> int | None:
    """A whole number from the JSON body (a number or its digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**31 else None
    if isinstance(value, str) and value.isdigit() and len(value) < 11:
        return _int_or_none(int(value))
    return None

"""Scan sessions on a phone or a keyboard-wedge scanner: pick-up, arrival and put-away, one container
after another, each answered at once, then one signature for the lot."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import db_session
from hazchem.domain import errors
from hazchem.domain.custody import ScanVerdict
from hazchem.domain.lifecycle import ManifestAction
from hazchem.services import waste
from hazchem.services.waste import container_messages as msg
from hazchem.services.waste import reads as custody_reads
from hazchem.web.custody_pages import flash_done, new_key, refusal, refused_status, run_once, segregation
from hazchem.web.forms import required_int
from hazchem.web.manifest_pages import scanned_lines
from hazchem.web.views import actor

bp = Blueprint("scans", __name__)

# URL step -> the signing action it prepares, the manifest page's action name, and what is said after.
STEPS: dict[str, tuple[ManifestAction, str, Any]] = {
    "pick-up": (ManifestAction.PICK_UP, "pick-up", _l("Pick-up signed: the containers are in transit.")),
    "arrival": (
        ManifestAction.DELIVER,
        "arrival",
        _l("Arrival recorded: the containers are in the receiving facility."),
    ),
}

VERDICT_TEXT = {
    ScanVerdict.EXPECTED: _l("on this manifest"),
    ScanVerdict.NOT_EXPECTED: _l("not on this manifest"),
    ScanVerdict.DUPLICATE: _l("already scanned"),
    ScanVerdict.UNREADABLE: _l("not a container label"),
}
PUT_AWAY_TEXT = {
    ScanVerdict.EXPECTED: _l("ready to put away"),
    ScanVerdict.NOT_EXPECTED: _l("you cannot put this container away"),
    ScanVerdict.DUPLICATE: _l("already scanned"),
    ScanVerdict.UNREADABLE: _l("not a container label"),
}


def _kept() -> list[str]:
    """The session's containers so far: the hidden list the page carries from scan to scan."""
    source = request.form if request.method == "POST" else request.args
    kept = scanned_lines(source.get("scanned", ""))
    if request.method == "GET" and request.args.get("c"):
        kept.append(request.args["c"])
    return kept


def _dropped(kept: list[str]) -> list[str]:
    drop = request.form.get("drop", "")
    return [cid for cid in kept if cid != drop] if drop else kept


@bp.route("/manifests/<int:manifest_id>/scan/<step>", methods=["GET", "POST"])
@login_required
def handover(manifest_id: int, step: str) -> Any:
    """Scan a hand-over's containers one by one; the page says for each whether it belongs here."""
    if step not in STEPS:
        raise errors.NotFound(msg.NO_SUCH_SESSION, step=step)
    action, form_action, done = STEPS[step]
    me = actor()
    db = db_session()
    kept = _dropped(_kept())
    new = request.form.get("code") if request.method == "POST" else None
    scan = waste.handover_session(
        session=db, actor=me, manifest_id=manifest_id, step=action, kept=kept, new=new
    )
    if request.method == "POST" and request.form.get("do") == "sign":
        try:
            reply = run_once(
                me, scan.manifest.number, form_action, lambda: _sign(me, scan.manifest.id, action, scan)
            )
        except errors.HazchemError as exc:
            db.rollback()
            return _page(scan, step, refused_status(exc), error=refusal(exc))
        flash_done(reply, str(done))
        return redirect(url_for("web.manifests.manifest", manifest_id=manifest_id))
    return _page(scan, step, 200)


def _sign(me: Any, manifest_id: int, action: ManifestAction, scan: waste.HandoverSession) -> dict[str, Any]:
    db = db_session()
    if action is ManifestAction.PICK_UP:
        waste.pick_up(session=db, actor=me, manifest_id=manifest_id, scanned=scan.tally.matched)
    else:
        from flask import current_app

        waste.deliver(
            session=db,
            actor=me,
            manifest_id=manifest_id,
            scanned=scan.tally.matched,
            long_leg_hours=current_app.config["LONG_LEG_HOURS"],
        )
    return {}


def _page(scan: waste.HandoverSession, step: str, status: int, **extra: Any) -> tuple[str, int]:
    latest = scan.tally.latest
    return (
        render_template(
            "custody/scan_session.html",
            manifest=scan.manifest,
            step=step,
            tally=scan.tally,
            expected=scan.expected,
            latest=latest,
            latest_text=VERDICT_TEXT[latest[1]] if latest else "",
            verdict_text=VERDICT_TEXT,
            ok=ScanVerdict.EXPECTED,
            idem=new_key(),
            **extra,
        ),
        status,
    )


@bp.route("/containers/put-away", methods=["GET", "POST"])
@login_required
def put_away() -> Any:
    """Scan containers into a put-away session, choose the store, and put them all away at once."""
    me = actor()
    db = db_session()
    kept = _dropped(_kept())
    new = request.form.get("code") if request.method == "POST" else None
    scan = waste.put_away_session(session=db, actor=me, kept=kept, new=new)
    stores = custody_reads.own_stores(db, me)
    if request.method == "POST" and request.form.get("do") == "sign":
        matched = scan.tally.matched

        def perform() -> dict[str, Any]:
            facility_id = required_int(request.form.get("facility_id"), "facility")
            done = waste.put_away_all(
                session=db, actor=me, scanned=matched, facility_id=facility_id, matrix=segregation()
            )
            return {"count": len(done)}

        try:
            reply = run_once(me, "containers:put-away", "put_away", perform)
        except errors.HazchemError as exc:
            db.rollback()
            return _put_away_page(scan, stores, refused_status(exc), error=refusal(exc))
        flash_done(reply, _("%(n)s container(s) put away.", n=reply.body.get("count", 0)))
        return redirect(url_for("web.custody.storage"))
    return _put_away_page(scan, stores, 200)


def _put_away_page(scan: waste.PutAwaySession, stores: list, status: int, **extra: Any) -> tuple[str, int]:
    latest = scan.tally.latest
    return (
        render_template(
            "custody/put_away_session.html",
            tally=scan.tally,
            latest=latest,
            latest_text=PUT_AWAY_TEXT[latest[1]] if latest else "",
            verdict_text=PUT_AWAY_TEXT,
            ok=ScanVerdict.EXPECTED,
            stores=stores,
            chosen=request.form.get("facility_id", ""),
            idem=new_key(),
            **extra,
        ),
        status,
    )

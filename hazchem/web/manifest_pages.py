"""Manifest pages (转移联单): list, drafting, the detail page with each party's action forms,
transfer slips, and the public slip verification page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import db_session, download
from hazchem.domain import errors
from hazchem.domain.lifecycle import CORRECTION_SECTIONS, ManifestStatus, sealed_sections
from hazchem.domain.vocab import Role, WasteMode
from hazchem.i18n import say
from hazchem.render.slips import slip_pdf
from hazchem.services import registry, waste
from hazchem.services.oversight import review
from hazchem.services.platform import Actor, audit, park_today
from hazchem.services.waste import documents
from hazchem.services.waste import messages as msg
from hazchem.services.waste import reads as custody_reads
from hazchem.web.custody_pages import (
    base_url,
    flash_done,
    new_key,
    refusal,
    refused_status,
    require_role,
    run_once,
    weight_tolerance,
)
from hazchem.web.exception_actions import EXCEPTION_ACTIONS
from hazchem.web.forms import int_or_none, required_date, required_int
from hazchem.web.views import actor

bp = Blueprint("manifests", __name__)

MAX_SLIPS = 200
MAX_DRAFT = 500  # stored containers offered for one manifest
LEG_ROLES = (Role.DRIVER, Role.CARRIER_DISPATCHER)


def scanned_lines(text: str) -> list[str]:
    """What a scanner typed into the box: one digital ID or label URL per line (blank lines ignored)."""
    return [line.strip() for line in (text or "").replace(",", "\n").split() if line.strip()]


# --- List and bulk slips ------------------------------------------------------------------------


@bp.get("/manifests", endpoint="manifests")
@login_required
def manifests_list() -> str:
    """Manifests I am party to (all for regulators and administrators), filtered by status."""
    me = actor()
    status = request.args.get("status", "")
    status = status if status in set(ManifestStatus) else ""
    db = db_session()
    rows = waste.list_manifests(session=db, actor=me, status=status or None, limit=500)
    names = registry.enterprise_names(
        session=db, ids={e for m in rows for e in (m.generator_id, m.receiver_id)}
    )
    return render_template(
        "manifests/list.html",
        manifests=rows,
        names=names,
        status=status,
        statuses=list(ManifestStatus),
        can_create=me.role == Role.EHS_OFFICER,
        # Drivers and dispatchers work by leg: their list shows each manifest's vehicles and drivers.
        legs=waste.legs_by_manifest(db, [m.id for m in rows]) if me.role in LEG_ROLES else None,
        to_answer={v.request.manifest_id for v in review.open_for_me(session=db, actor=me)},
    )


@bp.get("/manifests/slips.pdf")
@login_required
def manifest_slips_pdf() -> Response:
    """The transfer slips of the chosen manifests in one PDF (bulk print)."""
    ids = [i for i in (int_or_none(v) for v in request.args.getlist("ids")) if i is not None][:MAX_SLIPS]
    if not ids:
        raise errors.InvalidInput(_("Tick the manifests whose slips to print."))
    return _pdf(ids, f"slips-{len(ids)}.pdf")


@bp.get("/manifests/<int:manifest_id>/slip.pdf")
@login_required
def manifest_slip_pdf(manifest_id: int) -> Response:
    """One manifest's transfer slip (A4, with the verification QR code)."""
    found = waste.get_manifest(session=db_session(), actor=actor(), manifest_id=manifest_id)
    return _pdf([manifest_id], f"slip-{found.number}.pdf")


def _pdf(ids: list[int], filename: str) -> Response:
    slips = documents.issue_slips(session=db_session(), actor=actor(), manifest_ids=ids, base_url=base_url())
    return download(slip_pdf(slips), filename, inline=True, no_store=True)


# --- Drafting -----------------------------------------------------------------------------------

NEW_FIELDS = (
    "receiver_facility_id",
    "carrier_id",
    "vehicle_id",
    "driver_id",
    "transfer_date",
    "mode",
    "planned_method",
    "note",
)


def _new_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    stored = [
        c
        for c in custody_reads.list_containers(
            db,
            me,
            status="stored",
            facility_id=None,
            enterprise_id=me.enterprise_id,
            after=None,
            limit=MAX_DRAFT,
        )
        if c.manifest_id is None
    ]
    extra.setdefault("form", {"transfer_date": park_today(me).isoformat(), "mode": WasteMode.DISPOSE.value})
    extra.setdefault("chosen", [])
    page = render_template(
        "manifests/new.html",
        containers=stored,
        streams=waste.streams_by_id(db, {c.stream_id for c in stored}),
        facilities=waste.facilities_by_id(db, {c.facility_id for c in stored}),
        transfer=waste.transfer_choices(db),
        idem=new_key(),
        **extra,
    )
    return page, status


@bp.route("/manifests/new", methods=["GET", "POST"])
@login_required
def manifest_new() -> Any:
    """Draft a manifest from stored containers of one waste code (the generator's EHS officer)."""
    me = actor()
    require_role(me, (Role.EHS_OFFICER,))
    if request.method == "GET":
        return _new_page()
    form = {key: request.form.get(key, "") for key in NEW_FIELDS}
    chosen = [i for i in (int_or_none(v) for v in request.form.getlist("container_ids")) if i is not None]
    db = db_session()

    def perform() -> dict[str, Any]:
        created = waste.create_manifest(
            session=db,
            actor=me,
            container_ids=chosen,
            receiver_facility_id=required_int(form["receiver_facility_id"], "receiver facility"),
            legs=[
                waste.LegInput(
                    carrier_id=required_int(form["carrier_id"], "carrier"),
                    vehicle_id=required_int(form["vehicle_id"], "vehicle"),
                    driver_id=required_int(form["driver_id"], "driver"),
                )
            ],
            transfer_date=required_date(form["transfer_date"], "transfer date"),
            mode=form["mode"],
            planned_method=form["planned_method"].strip().upper() or None,
            note=form["note"],
        )
        return {"id": created.id, "number": created.number}

    try:
        reply = run_once(me, "manifest:new", "create", perform)
    except errors.HazchemError as exc:
        db.rollback()
        return _new_page(refused_status(exc), form=form, chosen=chosen, error=refusal(exc))
    number = reply.body["number"]
    flash_done(reply, _("Manifest %(number)s drafted. Check it, then submit it.", number=number))
    return redirect(url_for("web.manifests.manifest", manifest_id=reply.body["id"]))


# --- Detail and actions -------------------------------------------------------------------------


def _detail_page(manifest_id: int, status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    found = waste.get_manifest(session=db, actor=me, manifest_id=manifest_id)
    rows = waste.manifest_containers(db, found.id)
    parts = custody_reads.manifest_parts(db, found)
    stream = waste.streams_by_id(db, {found.stream_id})[found.stream_id]
    actions = set(waste.manifest_actions_for(db, me, found.id))
    sealed = {s.value for s in sealed_sections(found.status)}
    extra.setdefault("form", {})
    may_review = review.can_review(me)
    corrections = review.list_corrections(session=db, actor=me, manifest_id=found.id)
    reviewer = me.is_admin or me.is_regulator
    record = waste.custody_record(db, found)
    page = render_template(
        "manifests/detail.html",
        chain=audit.verify_events(
            session=db,
            events=audit.record_events(session=db, entity="manifest", entity_ids=[found.number])
            + audit.record_events(session=db, entity="container", entity_ids=[c.digital_id for _, c in rows]),
        ),
        notes=review.list_notes(session=db, actor=me, manifest_id=found.id) if may_review else [],
        corrections=corrections,
        may_review=may_review,
        answerable={
            v.request.id
            for v in corrections
            if v.is_open and not reviewer and v.request.enterprise_id in me.enterprise_ids
        },
        revisable_by_section={
            section.value: [f for f, s in waste.REVISABLE.items() if s is section and s.value in sealed]
            for section in CORRECTION_SECTIONS
        },
        correction_sections=[s.value for s in CORRECTION_SECTIONS],
        manifest=found,
        rows=rows,
        view=parts,
        stream=stream,
        timeline=waste.timeline(db, found, [c.digital_id for _, c in rows]),
        printed_slips=documents.issued_slips(db, found),
        record=record,
        decidable=waste.decidable_requests(record, actions),
        transfer=waste.transfer_choices(db) if actions & {"redirect", "propose_redirect"} else None,
        leg_fleet=waste.carrier_fleet(db, waste.manifest_legs(db, found.id)[-1].carrier_id)
        if "change_leg" in actions
        else None,
        stores=waste.own_stores(db, me) if actions & {"receive_return", "request_cancel"} else [],
        actions=actions,
        can_weigh=bool(actions & {"accept", "accept_part", "reject"}),
        can_revise=me.role in (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR) and bool(sealed),
        dispatch=waste.assignable_legs(db, me, found),
        revisable=[f for f, section in waste.REVISABLE.items() if section.value in sealed],
        tolerance_percent=int(weight_tolerance() * 100),
        idem=new_key(),
        **extra,
    )
    return page, status


@bp.get("/manifests/<int:manifest_id>")
@login_required
def manifest(manifest_id: int) -> Any:
    """One manifest: parties, containers, timeline of scans and signatures, and my action forms."""
    return _detail_page(manifest_id)


def _submit(me: Actor, manifest_id: int) -> dict[str, Any]:
    outcome = waste.submit(session=db_session(), actor=me, manifest_id=manifest_id)
    return {"warnings": [msg.warning_said(w) for w in outcome.warnings]}


def _cancel(me: Actor, manifest_id: int) -> dict[str, Any]:
    reason = request.form.get("reason", "")
    waste.cancel(session=db_session(), actor=me, manifest_id=manifest_id, reason=reason)
    return {}


def _pick_up(me: Actor, manifest_id: int) -> dict[str, Any]:
    scanned = scanned_lines(request.form.get("scanned", ""))
    waste.pick_up(session=db_session(), actor=me, manifest_id=manifest_id, scanned=scanned)
    return {}


def _assign_leg(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.assign_leg(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        leg_seq=required_int(request.form.get("leg_seq"), "leg"),
        vehicle_id=required_int(request.form.get("vehicle_id"), "vehicle"),
        driver_id=required_int(request.form.get("driver_id"), "driver"),
    )
    return {}


def _deliver(me: Actor, manifest_id: int) -> dict[str, Any]:
    scanned = scanned_lines(request.form.get("scanned", ""))
    waste.deliver(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        scanned=scanned,
        long_leg_hours=current_app.config["LONG_LEG_HOURS"],
    )
    return {}


def _receipt(me: Actor, manifest_id: int) -> dict[str, Any]:
    weights = {
        key.removeprefix("weight-"): value
        for key, value in request.form.items()
        if key.startswith("weight-") and value.strip()
    }
    rejected = {
        key.removeprefix("reject-"): request.form.get("reason-" + key.removeprefix("reject-"), "")
        for key in request.form
        if key.startswith("reject-")
    }
    outcome = waste.record_receipt(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        weights_kg=weights,
        rejected=rejected,
        anomaly_note=request.form.get("anomaly_note", ""),
        tolerance=weight_tolerance(),
    )
    return {"status": outcome.manifest.status, "anomalies": len(outcome.warnings)}


def _treat(me: Actor, manifest_id: int) -> dict[str, Any]:
    method = request.form.get("method_code", "")
    waste.record_treatment(session=db_session(), actor=me, manifest_id=manifest_id, method_code=method)
    return {}


def _close(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.close(session=db_session(), actor=me, manifest_id=manifest_id)
    return {}


def _revise(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.revise(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        field_name=request.form.get("field", ""),
        new_value=request.form.get("new_value", ""),
        reason=request.form.get("reason", ""),
    )
    return {}


def _note(me: Actor, manifest_id: int) -> dict[str, Any]:
    review.add_note(
        session=db_session(), actor=me, manifest_id=manifest_id, text=request.form.get("text", "")
    )
    return {}


def _open_correction(me: Actor, manifest_id: int) -> dict[str, Any]:
    review.open_correction(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        section=request.form.get("section", ""),
        text=request.form.get("text", ""),
    )
    return {}


def _request_id(me: Actor, manifest_id: int) -> int:
    """The correction request named by the form, which must belong to this manifest."""
    request_id = required_int(request.form.get("request_id"), "request_id")
    view = review.get_correction(session=db_session(), actor=me, request_id=request_id)
    if view.request.manifest_id != manifest_id:
        raise errors.NotFound(msg.CORRECTION_NOT_FOUND, request_id=request_id)
    return request_id


def _answer_correction(me: Actor, manifest_id: int) -> dict[str, Any]:
    review.answer_correction(
        session=db_session(),
        actor=me,
        request_id=_request_id(me, manifest_id),
        reply=request.form.get("reply", ""),
        field_name=request.form.get("field") or None,
        new_value=request.form.get("new_value", ""),
    )
    return {}


def _close_correction(me: Actor, manifest_id: int) -> dict[str, Any]:
    review.close_correction(
        session=db_session(),
        actor=me,
        request_id=_request_id(me, manifest_id),
        note=request.form.get("note", ""),
    )
    return {}


def _withdraw_correction(me: Actor, manifest_id: int) -> dict[str, Any]:
    review.withdraw_correction(
        session=db_session(),
        actor=me,
        request_id=_request_id(me, manifest_id),
        note=request.form.get("note", ""),
    )
    return {}


ACTIONS: dict[str, tuple[Callable[[Actor, int], dict[str, Any]], Any]] = {
    "submit": (_submit, _l("Manifest submitted and signed.")),
    "cancel": (_cancel, _l("Manifest cancelled.")),
    "assign-leg": (_assign_leg, _l("Vehicle and driver assigned to the leg.")),
    "pick-up": (_pick_up, _l("Pick-up signed: the containers are in transit.")),
    "arrival": (_deliver, _l("Arrival recorded: the containers are in the receiving facility.")),
    "receipt": (_receipt, _l("Weighing and acceptance signed.")),
    "treatment": (_treat, _l("Treatment recorded.")),
    "close": (_close, _l("Manifest closed.")),
    "revise": (_revise, _l("Revision recorded beside the original value.")),
    "note": (_note, _l("Review note added.")),
    "correction-open": (_open_correction, _l("Correction request sent to the party.")),
    "correction-answer": (_answer_correction, _l("Answer recorded.")),
    "correction-close": (_close_correction, _l("Correction request closed.")),
    "correction-withdraw": (_withdraw_correction, _l("Correction request withdrawn.")),
    **EXCEPTION_ACTIONS,
}


@bp.post("/manifests/<int:manifest_id>/<action>")
@login_required
def manifest_action(manifest_id: int, action: str) -> Any:
    """Perform one signing action from the manifest page (the service checks the party and rules)."""
    if action not in ACTIONS:
        raise errors.NotFound(msg.NO_MANIFEST_ACTION, action=action)
    me = actor()
    db = db_session()
    found = waste.get_manifest(session=db, actor=me, manifest_id=manifest_id)
    handler, done = ACTIONS[action]
    try:
        reply = run_once(me, found.number, action, lambda: handler(me, found.id))
    except errors.HazchemError as exc:
        db.rollback()
        return _detail_page(
            manifest_id, refused_status(exc), error=refusal(exc), form=request.form, failed=action
        )
    flash_done(reply, str(done))
    for warning in reply.body.get("warnings", []):
        # Replies stored before warnings kept their code hold the English text alone.
        text = say(errors.said_from(warning)) if isinstance(warning, dict) else warning
        flash(_("Warning: %(message)s", message=text), "warning")
    return redirect(url_for("web.manifests.manifest", manifest_id=manifest_id))


# --- Public slip verification -------------------------------------------------------------------


@bp.get("/v/<number>")
def verify_slip(number: str) -> Any:
    """Tell an inspector whether this system issued a printed slip, at which stage, and what changed since."""
    try:
        check = documents.verify_slip(
            session=db_session(),
            number=number[:20],
            printed_fingerprint=request.args.get("f", "")[:64],
            code=request.args.get("c", "")[:32],
        )
    except errors.NotFound:
        # An unknown number is the plainest slip this system never issued: say so, not just "not found".
        return render_template("manifests/verify.html", check=None, number=number[:20]), 404
    return render_template("manifests/verify.html", check=check, number=check.number)

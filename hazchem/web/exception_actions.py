"""The custody exception forms of the manifest page: refusal at the gate, redirect and the carrier's
proposal of one, change of vehicle or driver, return and its receipt, incident, cancellation request
and the decision on a request (the services check everything)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l

from hazchem.appctx import db_session
from hazchem.domain import errors
from hazchem.services import waste
from hazchem.services.platform import Actor
from hazchem.services.waste import messages as msg
from hazchem.web.forms import required_int


def scanned_lines(text: str) -> list[str]:
    """One digital ID or label URL per line (blank lines ignored), as the pick-up form reads them."""
    return [line.strip() for line in (text or "").replace(",", "\n").split() if line.strip()]


def _refusal(me: Actor, manifest_id: int) -> dict[str, Any]:
    chosen = scanned_lines(request.form.get("containers", ""))
    waste.refuse_at_gate(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        reason=request.form.get("reason", ""),
        note=request.form.get("note", ""),
        containers=chosen or None,
    )
    return {}


def _redirect(me: Actor, manifest_id: int) -> dict[str, Any]:
    outcome = waste.redirect(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        facility_id=required_int(request.form.get("facility_id"), "facility_id"),
        reason=request.form.get("reason", ""),
    )
    return {"warnings": [msg.warning_said(w) for w in outcome.warnings]}


def _proposal(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.propose_redirect(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        facility_id=required_int(request.form.get("facility_id"), "facility_id"),
        reason=request.form.get("reason", ""),
    )
    return {}


def _leg_change(me: Actor, manifest_id: int) -> dict[str, Any]:
    session = db_session()
    current = waste.manifest_legs(
        session, waste.get_manifest(session=session, actor=me, manifest_id=manifest_id).id
    )
    waste.change_leg(
        session=session,
        actor=me,
        manifest_id=manifest_id,
        leg=waste.LegInput(
            carrier_id=current[-1].carrier_id,
            vehicle_id=required_int(request.form.get("vehicle_id"), "vehicle_id"),
            driver_id=required_int(request.form.get("driver_id"), "driver_id"),
        ),
        scanned=scanned_lines(request.form.get("scanned", "")),
        reason=request.form.get("reason", ""),
    )
    return {}


def _return(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.return_to_generator(
        session=db_session(), actor=me, manifest_id=manifest_id, reason=request.form.get("reason", "")
    )
    return {}


def _return_receipt(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.receive_return(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        facility_id=required_int(request.form.get("facility_id"), "facility_id"),
        scanned=scanned_lines(request.form.get("scanned", "")),
    )
    return {}


def _incident(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.report_incident(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        kind=request.form.get("kind", ""),
        description=request.form.get("description", ""),
        place=request.form.get("place", ""),
        lost=scanned_lines(request.form.get("lost", "")),
    )
    return {}


def _cancellation_request(me: Actor, manifest_id: int) -> dict[str, Any]:
    waste.request_cancellation(
        session=db_session(),
        actor=me,
        manifest_id=manifest_id,
        reason=request.form.get("reason", ""),
        whereabouts=request.form.get("whereabouts", ""),
        facility_id=required_int(request.form.get("facility_id"), "facility_id"),
    )
    return {}


def _decision(me: Actor, manifest_id: int) -> dict[str, Any]:
    request_id = required_int(request.form.get("request_id"), "request_id")
    session = db_session()
    if not any(
        r.id == request_id
        for r in waste.custody_record(
            session, waste.get_manifest(session=session, actor=me, manifest_id=manifest_id)
        ).requests
    ):
        raise errors.NotFound(msg.REQUEST_NOT_FOUND, request_id=request_id)
    waste.decide_request(
        session=session,
        actor=me,
        request_id=request_id,
        approve=request.form.get("decision") == "approve",
        note=request.form.get("note", ""),
    )
    return {}


EXCEPTION_ACTIONS: dict[str, tuple[Callable[[Actor, int], dict[str, Any]], Any]] = {
    "refusal": (_refusal, _l("Refusal at the gate signed.")),
    "redirect": (_redirect, _l("Redirect signed: the load is on its way to the alternate receiver.")),
    "redirect-proposal": (_proposal, _l("Redirect proposed: the generator confirms or declines it.")),
    "leg-change": (_leg_change, _l("Vehicle or driver changed: the load is on its new leg.")),
    "return": (_return, _l("Return signed: the load is on its way back.")),
    "return-receipt": (_return_receipt, _l("Returned containers taken back into store.")),
    "incident": (_incident, _l("Incident recorded; the departments have been alerted.")),
    "cancellation-request": (
        _cancellation_request,
        _l("Cancellation request sent to ecology and environment."),
    ),
    "request-decision": (_decision, _l("Decision recorded.")),
}

"""API resources: the custody exceptions of a manifest, each a signed action by the party that acts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.manifests import ACTION_ERRORS, idempotent_action, signed
from hazchem.api.routes import current_api_actor, spec
from hazchem.api.schemas.custody import CustodyRequestOut, LegIn, ManifestDetail
from hazchem.api.schemas.exceptions import (
    CancellationRequestIn,
    DecisionIn,
    IncidentIn,
    LegChangeIn,
    RedirectIn,
    RefusalIn,
    ReturnIn,
    ReturnReceiptIn,
)
from hazchem.appctx import db_session
from hazchem.services import waste

bp = Blueprint("manifest_exceptions", __name__, url_prefix="/api/v1")

TAGS = ["manifests"]
DETAIL = Response(HTTP_200=ManifestDetail, **ACTION_ERRORS)
REQUEST = Response(HTTP_201=CustodyRequestOut, **ACTION_ERRORS)


def _leg(leg: LegIn | None) -> waste.LegInput | None:
    return None if leg is None else waste.LegInput(**leg.model_dump())


@bp.post("/manifests/<int:manifest_id>/refusal")
@spec.validate(json=RefusalIn, resp=DETAIL, tags=TAGS)
def refuse(manifest_id: int, json: RefusalIn) -> Any:
    """The receiver refuses the load at its gate, whole or in part (honours Idempotency-Key)."""
    return idempotent_action(
        manifest_id,
        "refuse",
        lambda: waste.refuse_at_gate(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            reason=json.reason,
            note=json.note,
            containers=json.containers,
        ),
        request=json.model_dump(mode="json"),
    )


@bp.post("/manifests/<int:manifest_id>/redirect")
@spec.validate(json=RedirectIn, resp=DETAIL, tags=TAGS)
def redirect(manifest_id: int, json: RedirectIn) -> Any:
    """The generator sends refused waste on to an alternate receiver that passes the receiver checks now."""
    return signed(
        waste.redirect(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            facility_id=json.facility_id,
            reason=json.reason,
            leg=_leg(json.leg),
        )
    )


@bp.post("/manifests/<int:manifest_id>/redirect-proposals")
@spec.validate(json=RedirectIn, resp=REQUEST, tags=TAGS)
def propose_redirect(manifest_id: int, json: RedirectIn) -> Any:
    """The carrier proposes an alternate receiver; the generator confirms or declines it."""
    request = waste.propose_redirect(
        session=db_session(),
        actor=current_api_actor(),
        manifest_id=manifest_id,
        facility_id=json.facility_id,
        reason=json.reason,
        leg=_leg(json.leg),
    )
    return CustodyRequestOut.model_validate(request), 201


@bp.post("/manifests/<int:manifest_id>/return")
@spec.validate(json=ReturnIn, resp=DETAIL, tags=TAGS)
def return_to_generator(manifest_id: int, json: ReturnIn) -> Any:
    """The generator has refused waste carried back to it."""
    return signed(
        waste.return_to_generator(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            reason=json.reason,
            leg=_leg(json.leg),
        )
    )


@bp.post("/manifests/<int:manifest_id>/return-receipt")
@spec.validate(json=ReturnReceiptIn, resp=DETAIL, tags=TAGS)
def receive_return(manifest_id: int, json: ReturnReceiptIn) -> Any:
    """The generator scans the returned containers back into its store (honours Idempotency-Key)."""
    return idempotent_action(
        manifest_id,
        "receive_return",
        lambda: waste.receive_return(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            facility_id=json.facility_id,
            scanned=json.scanned,
        ),
        request=json.model_dump(mode="json"),
    )


@bp.post("/manifests/<int:manifest_id>/leg-change")
@spec.validate(json=LegChangeIn, resp=DETAIL, tags=TAGS)
def change_leg(manifest_id: int, json: LegChangeIn) -> Any:
    """The carrier moves the load to another vehicle or driver: a new leg (honours Idempotency-Key)."""
    return idempotent_action(
        manifest_id,
        "change_leg",
        lambda: waste.change_leg(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            leg=_leg(json.leg),
            scanned=json.scanned,
            reason=json.reason,
        ),
        request=json.model_dump(mode="json"),
    )


@bp.post("/manifests/<int:manifest_id>/incidents")
@spec.validate(json=IncidentIn, resp=DETAIL, tags=TAGS)
def report_incident(manifest_id: int, json: IncidentIn) -> Any:
    """Report a spill, fire, accident or loss; three departments are alerted (honours Idempotency-Key)."""
    return idempotent_action(
        manifest_id,
        "report_incident",
        lambda: waste.report_incident(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            kind=json.kind,
            description=json.description,
            place=json.place,
            containers=json.containers,
            lost=json.lost,
        ),
        request=json.model_dump(mode="json"),
    )


@bp.post("/manifests/<int:manifest_id>/cancellation-requests")
@spec.validate(json=CancellationRequestIn, resp=REQUEST, tags=TAGS)
def request_cancellation(manifest_id: int, json: CancellationRequestIn) -> Any:
    """The generator asks ecology and environment to cancel a picked-up manifest, naming the waste's place."""
    request = waste.request_cancellation(
        session=db_session(),
        actor=current_api_actor(),
        manifest_id=manifest_id,
        reason=json.reason,
        whereabouts=json.whereabouts,
        facility_id=json.facility_id,
    )
    return CustodyRequestOut.model_validate(request), 201


@bp.post("/custody-requests/<int:request_id>/decision")
@spec.validate(json=DecisionIn, resp=DETAIL, tags=TAGS)
def decide(request_id: int, json: DecisionIn) -> Any:
    """Decide a custody request: the generator a redirect proposal, ecology and environment a cancellation."""
    return signed(
        waste.decide_request(
            session=db_session(),
            actor=current_api_actor(),
            request_id=request_id,
            approve=json.approve,
            note=json.note,
        )
    )

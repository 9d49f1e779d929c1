"""API resources: electronic transfer manifests (转移联单), their signing actions and transfer approvals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, current_app
from spectree import Response

from hazchem.api.custody import idempotency_key, replay_headers, weight_tolerance
from hazchem.api.paging import decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import PageQuery
from hazchem.api.schemas.custody import (
    ApprovalCreate,
    ApprovalList,
    ApprovalOut,
    BalanceOut,
    CancelIn,
    CustodyRequestOut,
    DeliverIn,
    FacilityRefOut,
    GateRefusalOut,
    IncidentOut,
    LegAssignIn,
    LegOut,
    ManifestContainerOut,
    ManifestCreate,
    ManifestDetail,
    ManifestList,
    ManifestOut,
    ManifestQuery,
    PartyOut,
    PickUpIn,
    ReceiptIn,
    RevisionIn,
    RevisionOut,
    SignatureOut,
    TreatmentIn,
    WarningOut,
    kg_out,
)
from hazchem.appctx import db_session
from hazchem.domain.errors import said_from
from hazchem.i18n import say
from hazchem.models import Manifest
from hazchem.services import waste
from hazchem.services.platform import Actor, idempotent
from hazchem.services.waste import list_approvals as query_approvals
from hazchem.services.waste import manifest_parts

bp = Blueprint("manifests", __name__, url_prefix="/api/v1")

ACTION_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


def _party(enterprise: Any) -> PartyOut:
    return PartyOut(id=enterprise.id, name=enterprise.name, uscc=enterprise.uscc)


def _facility(facility: Any) -> FacilityRefOut | None:
    return None if facility is None else FacilityRefOut(id=facility.id, name=facility.name)


def _said_in_language(warning: dict[str, Any]) -> dict[str, Any]:
    """A warning with its message in the caller's language, when it names its message code."""
    if not warning.get("message_code"):
        return dict(warning)
    return {**warning, "message": say(said_from(warning))}


def manifest_detail(
    actor: Actor, manifest: Manifest, warnings: Sequence[dict[str, Any]] = ()
) -> ManifestDetail:
    """A manifest with parties, legs, containers, signatures, revisions and the caller's actions."""
    session = db_session()
    parts = manifest_parts(session, manifest)
    return ManifestDetail(
        **ManifestOut.model_validate(manifest).model_dump(),
        generator=_party(parts.generator),
        receiver=_party(parts.receiver),
        receiver_facility=_facility(parts.receiver_facility),
        origin_facility=_facility(parts.origin_facility),
        legs=[
            LegOut(
                seq=v.leg.seq,
                carrier=_party(v.carrier),
                vehicle_id=v.vehicle.id,
                vehicle_plate=v.vehicle.plate,
                driver_id=v.driver.id,
                driver_name=v.driver.name,
                picked_up_at=v.leg.picked_up_at,
                delivered_at=v.leg.delivered_at,
            )
            for v in parts.legs
        ],
        containers=[
            ManifestContainerOut(
                id=c.id,
                digital_id=c.digital_id,
                status=c.status,
                packaging=c.packaging,
                declared_kg=kg_out(mc.declared_g),
                weighed_kg=kg_out(mc.weighed_g),
                accepted=mc.accepted,
                note=mc.note,
            )
            for mc, c in waste.manifest_containers(session, manifest.id)
        ],
        signatures=[
            SignatureOut(section=s.section, action=s.action, name=s.name, role=s.role, at=s.at)
            for s in parts.signatures
        ],
        revisions=[
            RevisionOut(
                section=r.section,
                field=r.field,
                old_value=r.old_value,
                new_value=r.new_value,
                reason=r.reason,
                at=r.at,
            )
            for r in parts.revisions
        ],
        note=manifest.note,
        anomaly_note=manifest.anomaly_note,
        actions=waste.manifest_actions_for(session, actor, manifest.id),
        warnings=[WarningOut(**_said_in_language(w)) for w in warnings],
        **_exceptions(session, manifest),
    )


def _exceptions(session: Any, manifest: Manifest) -> dict[str, Any]:
    """The manifest's custody exceptions: refusals, incidents, requests, split links and weight balance."""
    record = waste.custody_record(session, manifest)
    numbers = {m.id: m.number for m in (manifest, record.split_from, *record.split_off) if m is not None}
    balance = record.balance
    return {
        "refusals": [
            GateRefusalOut(
                manifest_number=numbers.get(r.manifest_id, ""),
                refused_manifest_number=numbers.get(r.refused_manifest_id, ""),
                receiver_id=r.receiver_id,
                receiver_facility_id=r.receiver_facility_id,
                reason=r.reason,
                note=r.note,
                containers=list(r.containers),
                refused_kg=kg_out(r.refused_g),
                name=r.name,
                at=r.at,
            )
            for r in record.refusals
        ],
        "incidents": [
            IncidentOut(
                id=i.id,
                kind=i.kind,
                leg_seq=i.leg_seq,
                facility_id=i.facility_id,
                place=i.place,
                description=i.description,
                containers=list(i.containers),
                lost=list(i.lost),
                lost_kg=kg_out(i.lost_g),
                name=i.name,
                at=i.at,
            )
            for i in record.incidents
        ],
        "custody_requests": [CustodyRequestOut.model_validate(r) for r in record.requests],
        "split_from": record.split_from.number if record.split_from else None,
        "split_off": [m.number for m in record.split_off],
        "balance": BalanceOut(
            declared_kg=kg_out(balance.declared_g),
            accepted_kg=kg_out(balance.accepted_g),
            refused_kg=kg_out(balance.refused_g),
            returned_kg=kg_out(balance.returned_g),
            lost_kg=kg_out(balance.lost_g),
            open_kg=kg_out(balance.open_g),
            balances=balance.balances,
        ),
    }


# --- Manifests ------------------------------------------------------------------------------------


@bp.get("/manifests")
@spec.validate(
    query=ManifestQuery,
    resp=Response(HTTP_200=ManifestList, **error_responses(400, 401, 403)),
    tags=["manifests"],
)
def list_manifests(query: ManifestQuery) -> Any:
    """List the manifests the caller is party to (regulators and administrators: all), newest first."""
    rows = waste.list_manifests(
        session=db_session(),
        actor=current_api_actor(),
        status=query.status,
        after=decode_cursor(query.cursor),
        limit=query.limit + 1,
    )
    items, next_cursor = page(rows, query.limit, ManifestOut.model_validate, lambda m: m.id)
    return ManifestList(items=items, next_cursor=next_cursor)


@bp.post("/manifests")
@spec.validate(
    json=ManifestCreate,
    resp=Response(HTTP_201=ManifestDetail, **ACTION_ERRORS),
    tags=["manifests"],
)
def create_manifest(json: ManifestCreate) -> Any:
    """Draft a manifest from stored containers of one waste code (the generator's EHS officer)."""
    actor = current_api_actor()
    manifest = waste.create_manifest(
        session=db_session(),
        actor=actor,
        container_ids=json.container_ids,
        receiver_facility_id=json.receiver_facility_id,
        legs=[waste.LegInput(**leg.model_dump()) for leg in json.legs],
        transfer_date=json.transfer_date,
        mode=json.mode,
        planned_method=(json.planned_method or "").upper() or None,
        note=json.note,
    )
    return manifest_detail(actor, manifest), 201


@bp.get("/manifests/<int:manifest_id>")
@spec.validate(resp=Response(HTTP_200=ManifestDetail, **error_responses(401, 403, 404)), tags=["manifests"])
def get_manifest(manifest_id: int) -> Any:
    """Show a manifest: parties, legs, containers, signatures, revisions and the caller's actions."""
    actor = current_api_actor()
    manifest = waste.get_manifest(session=db_session(), actor=actor, manifest_id=manifest_id)
    return manifest_detail(actor, manifest)


def signed(outcome: waste.Outcome) -> ManifestDetail:
    """The manifest's detail after a signing action, with the action's warnings."""
    return manifest_detail(current_api_actor(), outcome.manifest, outcome.warnings)


@bp.post("/manifests/<int:manifest_id>/submit")
@spec.validate(resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def submit_manifest(manifest_id: int) -> Any:
    """Sign the generator section after the licence, annual-scale, carrier and approval checks."""
    return signed(waste.submit(session=db_session(), actor=current_api_actor(), manifest_id=manifest_id))


@bp.post("/manifests/<int:manifest_id>/cancel")
@spec.validate(json=CancelIn, resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def cancel_manifest(manifest_id: int, json: CancelIn) -> Any:
    """Cancel a manifest before pick-up; its reservation and containers are released."""
    return signed(
        waste.cancel(
            session=db_session(), actor=current_api_actor(), manifest_id=manifest_id, reason=json.reason
        )
    )


def idempotent_action(
    manifest_id: int, action: str, perform: Callable[[], waste.Outcome], request: Any = None
) -> Any:
    """Run a scanning action once per Idempotency-Key; a repeat gets the first answer back."""
    actor = current_api_actor()

    def run() -> dict[str, Any]:
        outcome = perform()
        return manifest_detail(actor, outcome.manifest, outcome.warnings).model_dump(mode="json")

    reply = idempotent(
        session=db_session(),
        actor=actor,
        key=idempotency_key(),
        subject=f"manifest:{manifest_id}",
        action=action,
        perform=run,
        request=request,
    )
    return ManifestDetail(**reply.body), 200, replay_headers(reply)


@bp.post("/manifests/<int:manifest_id>/pick-up")
@spec.validate(json=PickUpIn, resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def pick_up(manifest_id: int, json: PickUpIn) -> Any:
    """The carrier scans exactly the manifest's containers and signs (honours Idempotency-Key)."""
    return idempotent_action(
        manifest_id,
        "pick_up",
        lambda: waste.pick_up(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            scanned=json.scanned,
            leg_seq=json.leg_seq,
        ),
        request=json.model_dump(),
    )


@bp.post("/manifests/<int:manifest_id>/legs/<int:leg_seq>/assignment")
@spec.validate(json=LegAssignIn, resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def assign_leg(manifest_id: int, leg_seq: int, json: LegAssignIn) -> Any:
    """The carrier's dispatcher gives a leg not yet picked up a vehicle and driver of the carrier."""
    actor = current_api_actor()
    manifest = waste.assign_leg(
        session=db_session(),
        actor=actor,
        manifest_id=manifest_id,
        leg_seq=leg_seq,
        vehicle_id=json.vehicle_id,
        driver_id=json.driver_id,
    )
    return manifest_detail(actor, manifest)


@bp.post("/manifests/<int:manifest_id>/deliver")
@spec.validate(json=DeliverIn, resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def deliver(manifest_id: int, json: DeliverIn) -> Any:
    """The receiver scans the arriving containers into its facility (honours Idempotency-Key)."""
    return idempotent_action(
        manifest_id,
        "deliver",
        lambda: waste.deliver(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            scanned=json.scanned,
            long_leg_hours=current_app.config["LONG_LEG_HOURS"],
        ),
        request=json.model_dump(),
    )


@bp.post("/manifests/<int:manifest_id>/receipt")
@spec.validate(json=ReceiptIn, resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def record_receipt(manifest_id: int, json: ReceiptIn) -> Any:
    """Weigh every container, accept or reject each; a deviation beyond tolerance needs a note."""
    return signed(
        waste.record_receipt(
            session=db_session(),
            actor=current_api_actor(),
            manifest_id=manifest_id,
            weights_kg={k: str(v) for k, v in json.weights.items()},
            rejected=json.rejected,
            anomaly_note=json.anomaly_note,
            tolerance=weight_tolerance(),
        )
    )


@bp.post("/manifests/<int:manifest_id>/treatment")
@spec.validate(json=TreatmentIn, resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def record_treatment(manifest_id: int, json: TreatmentIn) -> Any:
    """Record the R/D method; it must be within the receiver's licence scope line."""
    return signed(
        waste.record_treatment(
            session=db_session(), actor=current_api_actor(), manifest_id=manifest_id, method_code=json.method
        )
    )


@bp.post("/manifests/<int:manifest_id>/close")
@spec.validate(resp=Response(HTTP_200=ManifestDetail, **ACTION_ERRORS), tags=["manifests"])
def close_manifest(manifest_id: int) -> Any:
    """Close a treated (or wholly rejected) manifest."""
    return signed(waste.close(session=db_session(), actor=current_api_actor(), manifest_id=manifest_id))


@bp.post("/manifests/<int:manifest_id>/revisions")
@spec.validate(json=RevisionIn, resp=Response(HTTP_201=RevisionOut, **ACTION_ERRORS), tags=["manifests"])
def revise_manifest(manifest_id: int, json: RevisionIn) -> Any:
    """Correct a field of a signed section; the original stays beside the new value."""
    revision = waste.revise(
        session=db_session(),
        actor=current_api_actor(),
        manifest_id=manifest_id,
        field_name=json.field,
        new_value=json.value,
        reason=json.reason,
    )
    return (
        RevisionOut(
            section=revision.section,
            field=revision.field,
            old_value=revision.old_value,
            new_value=revision.new_value,
            reason=revision.reason,
            at=revision.at,
        ),
        201,
    )


# --- Transfer approvals ---------------------------------------------------------------------------


@bp.get("/transfer-approvals")
@spec.validate(
    query=PageQuery,
    resp=Response(HTTP_200=ApprovalList, **error_responses(400, 401, 403)),
    tags=["transfer-approvals"],
)
def list_approvals(query: PageQuery) -> Any:
    """List the cross-province transfer approvals naming the caller's enterprise (regulators: all)."""
    rows = query_approvals(
        db_session(), current_api_actor(), after=decode_cursor(query.cursor), limit=query.limit + 1
    )
    items, next_cursor = page(rows, query.limit, ApprovalOut.model_validate, lambda a: a.id)
    return ApprovalList(items=items, next_cursor=next_cursor)


@bp.post("/transfer-approvals")
@spec.validate(
    json=ApprovalCreate,
    resp=Response(HTTP_201=ApprovalOut, **error_responses(400, 401, 403, 409)),
    tags=["transfer-approvals"],
)
def create_approval(json: ApprovalCreate) -> Any:
    """Record a cross-province transfer approval (administrators or ecology and environment)."""
    approval = waste.create_approval(
        session=db_session(),
        actor=current_api_actor(),
        **{**json.model_dump(), "quota_t": str(json.quota_t)},
    )
    return ApprovalOut.model_validate(approval), 201

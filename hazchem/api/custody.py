"""API resources: waste streams, containers, scans (with Idempotency-Key) and storage views."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, request
from spectree import Response

from hazchem.api.paging import after_in_memory, decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.custody import (
    ContainerCreate,
    ContainerCreated,
    ContainerDetail,
    ContainerList,
    ContainerOut,
    ContainerQuery,
    EventOut,
    OccupancyList,
    OccupancyOut,
    ScanIn,
    ScanOut,
    StorageAgeList,
    StorageAgeOut,
    StorageAgeQuery,
    StreamCreate,
    StreamList,
    StreamOut,
    StreamQuery,
    StreamTransport,
    kg_out,
)
from hazchem.appctx import db_session
from hazchem.domain import custody as rules
from hazchem.domain.errors import InvalidInput
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.services import waste
from hazchem.services.platform import Actor, KeyedResult, idempotent
from hazchem.services.waste import list_containers as query_containers
from hazchem.services.waste import messages as msg
from hazchem.services.waste import scans
from hazchem.services.waste.offline_scans import device_time

bp = Blueprint("custody", __name__, url_prefix="/api/v1")

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def segregation() -> tuple[rules.Incompatibility, ...]:
    """The configured segregation matrix (SEGREGATION_FILE)."""
    return waste.segregation_matrix(Path(current_app.config["SEGREGATION_FILE"]))


def weight_tolerance() -> Decimal:
    """The configured weighing tolerance (WEIGHT_TOLERANCE, e.g. "0.05" for 5 %)."""
    return current_app.config["WEIGHT_TOLERANCE"]


def idempotency_key() -> str | None:
    """The request's Idempotency-Key header, or None when the client sent none."""
    return request.headers.get(IDEMPOTENCY_HEADER)


def replay_headers(reply: KeyedResult) -> dict[str, str]:
    """Mark an answer that repeats an earlier one for the same key."""
    return {REPLAYED_HEADER: "true"} if reply.replayed else {}


# --- Waste streams --------------------------------------------------------------------------------


@bp.get("/streams")
@spec.validate(
    query=StreamQuery, resp=Response(HTTP_200=StreamList, **error_responses(400, 401, 403)), tags=["streams"]
)
def list_streams(query: StreamQuery) -> Any:
    """List the waste streams of the caller's enterprise (administrators and regulators: all)."""
    rows = waste.list_streams(
        session=db_session(), actor=current_api_actor(), enterprise_id=query.enterprise_id
    )
    rows = after_in_memory(rows, decode_cursor(query.cursor), query.limit, lambda s: s.id)
    items, next_cursor = page(rows, query.limit, StreamOut.model_validate, lambda s: s.id)
    return StreamList(items=items, next_cursor=next_cursor)


@bp.post("/streams")
@spec.validate(
    json=StreamCreate,
    resp=Response(HTTP_201=StreamOut, **error_responses(400, 401, 403)),
    tags=["streams"],
)
def create_stream(json: StreamCreate) -> Any:
    """Register a waste stream of the caller's enterprise (its EHS officer, or an administrator)."""
    actor = current_api_actor()
    enterprise_id = json.enterprise_id or actor.enterprise_id
    if enterprise_id is None:
        raise InvalidInput(msg.STREAM_ENTERPRISE_NEEDED, details=[{"field": "enterprise_id"}])
    stream = waste.create_stream(
        session=db_session(), actor=actor, **{**json.model_dump(), "enterprise_id": enterprise_id}
    )
    return StreamOut.model_validate(stream), 201


@bp.put("/streams/<int:stream_id>/transport")
@spec.validate(
    json=StreamTransport,
    resp=Response(HTTP_200=StreamOut, **error_responses(400, 401, 403, 404)),
    tags=["streams"],
)
def set_stream_transport(stream_id: int, json: StreamTransport) -> Any:
    """Record or correct a stream's dangerous-goods transport data (its EHS officer, or an administrator)."""
    stream = waste.set_stream_transport(
        session=db_session(), actor=current_api_actor(), stream_id=stream_id, **json.model_dump()
    )
    return StreamOut.model_validate(stream)


# --- Containers -----------------------------------------------------------------------------------


@bp.get("/containers")
@spec.validate(
    query=ContainerQuery,
    resp=Response(HTTP_200=ContainerList, **error_responses(400, 401, 403)),
    tags=["containers"],
)
def list_containers(query: ContainerQuery) -> Any:
    """List the containers the caller may see, by status, current facility and generator."""
    rows = query_containers(
        db_session(),
        current_api_actor(),
        status=query.status,
        facility_id=query.facility_id,
        enterprise_id=query.enterprise_id,
        after=decode_cursor(query.cursor),
        limit=query.limit + 1,
    )
    items, next_cursor = page(rows, query.limit, ContainerOut.model_validate, lambda c: c.id)
    return ContainerList(items=items, next_cursor=next_cursor)


@bp.post("/containers")
@spec.validate(
    json=ContainerCreate,
    resp=Response(HTTP_201=ContainerCreated, **error_responses(400, 401, 403)),
    tags=["containers"],
)
def create_containers(json: ContainerCreate) -> Any:
    """Generate labelled containers; each gets its 37-character digital ID."""
    session, actor = db_session(), current_api_actor()
    packaging = json.packaging
    if not packaging:
        packaging = waste.get_stream(session=session, actor=actor, stream_id=json.stream_id).packaging
    made = waste.create_containers(
        session=session,
        actor=actor,
        stream_id=json.stream_id,
        packaging=packaging,
        volume_l=json.volume_l,
        net_weight_kg=json.net_weight_kg,
        gen_date=json.gen_date,
        count=json.count,
        facility_id=json.facility_id,
        remarks=json.remarks,
    )
    return ContainerCreated(items=[ContainerOut.model_validate(c) for c in made]), 201


def container_detail(actor: Actor, container: Any) -> ContainerDetail:
    """A container with its waste, history and the caller's actions."""
    session = db_session()
    summary = scans.container_summary(session, actor, container)
    return ContainerDetail(
        **ContainerOut.model_validate(container).model_dump(),
        waste_code=summary["waste_code"],
        waste_name=summary["name"],
        manifest_number=summary["manifest"],
        history=[
            EventOut.model_validate(e) for e in waste.container_history(session=session, container=container)
        ],
        actions=summary["actions"],
    )


@bp.get("/containers/<int:container_id>")
@spec.validate(resp=Response(HTTP_200=ContainerDetail, **error_responses(401, 403, 404)), tags=["containers"])
def get_container(container_id: int) -> Any:
    """Show a container: state, history and the actions the caller may take now."""
    actor = current_api_actor()
    container = waste.get_container(session=db_session(), actor=actor, container_id=container_id)
    return container_detail(actor, container)


# --- Scans ----------------------------------------------------------------------------------------


def _perform_scan(actor: Actor, scan: ScanIn, device_scanned_at: datetime | None = None) -> dict[str, Any]:
    session = db_session()
    container = waste.get_container(session=session, actor=actor, scanned=scan.scanned)
    if scan.action == "put_away":
        if scan.facility_id is None:
            raise InvalidInput(msg.PUT_AWAY_NEEDS_FACILITY, details=[{"field": "facility_id"}])
        container = waste.put_away(
            session=session,
            actor=actor,
            container_id=container.id,
            facility_id=scan.facility_id,
            matrix=segregation(),
            device_scanned_at=device_scanned_at,
        )
    else:
        container = waste.void(
            session=session, actor=actor, container_id=container.id, reason=scan.reason or ""
        )
    return scans.container_summary(session, actor, container)


@bp.post("/scans")
@spec.validate(
    json=ScanIn,
    resp=Response(HTTP_200=ScanOut, **error_responses(400, 401, 403, 404, 409, 422)),
    tags=["scans"],
)
def scan(json: ScanIn) -> Any:
    """Record a scan (look up, put away, void); with an Idempotency-Key a retry records once."""
    actor = current_api_actor()
    if json.action == "lookup":
        reply = scans.lookup(
            session=db_session(),
            actor=actor,
            scanned=json.scanned,
            key=idempotency_key(),
            request=json.model_dump(),
        )
        return ScanOut(**reply.body), 200, replay_headers(reply)
    # A put-away queued offline names when the device scanned it; the server's own time is when it arrived.
    offline = json.scanned_at is not None and json.action == "put_away"
    device = device_time(json.scanned_at.isoformat()) if offline and json.scanned_at else None
    reply = idempotent(
        session=db_session(),
        actor=actor,
        key=idempotency_key(),
        subject=str(digital_id_from_scan(json.scanned)),
        action=json.action,
        perform=lambda: _perform_scan(actor, json, device),
        request=json.model_dump(),
        device_scanned_at=device,
    )
    return ScanOut(**reply.body), 200, replay_headers(reply)


# --- Storage --------------------------------------------------------------------------------------


@bp.get("/storage/ages")
@spec.validate(
    query=StorageAgeQuery,
    resp=Response(HTTP_200=StorageAgeList, **error_responses(400, 401, 403)),
    tags=["storage"],
)
def storage_ages(query: StorageAgeQuery) -> Any:
    """Stored containers with their storage clock (warning, breach at 365 days), oldest first."""
    rows = waste.storage_ages(
        session=db_session(),
        actor=current_api_actor(),
        warning_days=current_app.config["STORAGE_WARNING_DAYS"],
        only_due=query.only_due,
    )
    return StorageAgeList(
        items=[
            StorageAgeOut(
                container_id=r.container.id,
                digital_id=r.container.digital_id,
                waste_code=r.stream.waste_code,
                waste_name=r.stream.name,
                net_weight_kg=kg_out(r.container.net_weight_g),
                facility_id=r.facility.id if r.facility else None,
                facility_name=r.facility.name if r.facility else None,
                stored_at=r.container.stored_at,
                days=r.age.days,
                state=r.age.state,
                due=r.age.due,
            )
            for r in rows
        ]
    )


@bp.get("/storage/occupancy")
@spec.validate(resp=Response(HTTP_200=OccupancyList, **error_responses(401, 403)), tags=["storage"])
def storage_occupancy() -> Any:
    """Stock and occupancy of the storage facilities the caller may see."""
    rows = waste.occupancy(session=db_session(), actor=current_api_actor())
    return OccupancyList(
        items=[
            OccupancyOut(
                facility_id=r.facility.id,
                name=r.facility.name,
                enterprise_id=r.facility.enterprise_id,
                stock_kg=kg_out(r.stock_g),
                capacity_kg=None
                if r.facility.storage_capacity_kg is None
                else str(r.facility.storage_capacity_kg),
                share_percent=f"{Decimal(r.share * 100).quantize(Decimal('0.1'))}",
                containers=r.containers,
            )
            for r in rows
        ]
    )

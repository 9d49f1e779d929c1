"""Scans of container labels: a lookup reads the container and logs the scan once per Idempotency-Key."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hazchem.domain.errors import Conflict
from hazchem.models import IdempotencyRecord
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.idempotency import DONE, KeyedResult, clean_key, key_record, request_digest
from hazchem.services.platform.uow import bookkeeping
from hazchem.services.waste.containers import available_actions, get_container


def lookup(
    *, session: Session, actor: Actor, scanned: str, key: str | None = None, request: Any = None
) -> KeyedResult:
    """A lookup scan: read the container's state and record the scan in one write; a retry records once.

    A lookup changes nothing in the custody chain, so its record is the scan log entry itself (not
    an audit event), and the key is claimed and answered in the same write.
    """
    container = get_container(session=session, actor=actor, scanned=scanned)
    body = container_summary(session, actor, container)
    digital_id = container.digital_id  # read now: starting the write transaction expires the row
    digest = request_digest(digital_id, "lookup", request)
    key = clean_key(key) if key is not None else f"auto-{uuid.uuid4().hex}"
    try:
        _log_lookup(session, actor, key=key, digital_id=digital_id, digest=digest, body=body)
    except IntegrityError:
        record = key_record(session, actor, key)
        if record.request_hash != digest:
            raise Conflict(
                "this Idempotency-Key was already used for a different scan", details=[{"key": key}]
            ) from None
        return KeyedResult(record.response, replayed=True)
    return KeyedResult(body)


@bookkeeping("a lookup changes nothing in the custody chain; its record is the scan log entry")
def _log_lookup(
    session: Session, actor: Actor, *, key: str, digital_id: str, digest: str, body: dict[str, Any]
) -> None:
    # A plain INSERT: the scan log row is never read back here, so it skips the ORM's unit of work.
    session.connection().execute(
        insert(IdempotencyRecord),
        {
            "user_id": actor.user_id,
            "idempotency_key": key,
            "subject": digital_id,
            "action": "lookup",
            "request_hash": digest,
            "outcome": DONE,
            "response": body,
            "at": clock.now(),
        },
    )


def container_summary(session: Session, actor: Actor, container: Any) -> dict[str, Any]:
    """The container's state and the actions the actor may take now, for scan answers."""
    from hazchem.domain.units import g_to_kg_text
    from hazchem.models import Manifest, WasteStream

    waste_code, name, number = (
        session.connection()
        .execute(
            select(WasteStream.waste_code, WasteStream.name, Manifest.number)
            .outerjoin(Manifest, Manifest.id == container.manifest_id)
            .where(WasteStream.id == container.stream_id)
        )
        .one()
    )
    return {
        "digital_id": container.digital_id,
        "id": container.id,
        "status": container.status,
        "waste_code": waste_code,
        "name": name,
        "net_weight_kg": g_to_kg_text(container.net_weight_g),
        "facility_id": container.facility_id,
        "manifest": number,
        "actions": available_actions(session, actor, container),
    }

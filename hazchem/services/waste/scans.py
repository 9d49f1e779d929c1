"""Scans of container labels: one entry for every scan, and Idempotency-Key replay so a retry records once."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hazchem.db import begin_write
from hazchem.domain.errors import Conflict, HazchemError, InvalidInput, RuleViolation
from hazchem.models import ScanRecord
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.waste.containers import available_actions, get_container

MAX_KEY_LENGTH = 100
PENDING = 0
WAIT_FOR_TWIN_SECONDS = 10.0


@dataclass(frozen=True)
class Reply:
    """What a scan answered: an opaque status and body, and whether it is a replay of an earlier one."""

    status: int
    body: dict[str, Any]
    replayed: bool = False


def _clean_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            f"Idempotency-Key must be 1–{MAX_KEY_LENGTH} characters", details=[{"field": "key"}]
        )
    return key


def idempotent(
    *,
    session: Session,
    actor: Actor,
    key: str | None,
    subject: str,
    action: str,
    perform: Callable[[], Reply],
    request: Any = None,
) -> Reply:
    """Run `perform` once per (user, key); a repeat gets the first answer back, refusals included.

    The key is claimed in its own transaction before the action runs, so two copies of one request
    sent at once cannot both act: the second waits for the first's answer and returns it.
    """
    if key is None:
        return perform()
    key = _clean_key(key)
    digest = _digest(subject, action, request)
    claimed = _claim(session, actor, key, subject, action, digest)
    if claimed is not None:
        return claimed
    try:
        reply = perform()
    except HazchemError as exc:
        reply = Reply(status=-1, body=exc.as_dict())
        _store(session, actor, key, reply)
        raise
    _store(session, actor, key, reply)
    return reply


def _digest(subject: str, action: str, request: Any) -> str:
    payload = {"subject": subject, "action": action, "request": request}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _claim(session: Session, actor: Actor, key: str, subject: str, action: str, digest: str) -> Reply | None:
    """Insert the pending record, or return the earlier answer for this key."""
    begin_write(session)
    session.add(
        ScanRecord(
            user_id=actor.user_id,
            idempotency_key=key,
            digital_id=subject[:37],
            action=action,
            request_hash=digest,
            status_code=PENDING,
            response={},
            at=clock.now(),
        )
    )
    try:
        session.commit()
        return None
    except IntegrityError:
        session.rollback()
    deadline = time.monotonic() + WAIT_FOR_TWIN_SECONDS
    while True:
        record = session.exec(
            select(ScanRecord).where(ScanRecord.user_id == actor.user_id, ScanRecord.idempotency_key == key)
        ).one()
        if record.request_hash != digest:
            raise Conflict(
                "this Idempotency-Key was already used for a different scan",
                details=[{"key": key, "first": {"subject": record.digital_id, "action": record.action}}],
            )
        if record.status_code != PENDING:
            if record.status_code < 0:
                raise _replayed_error(record.response)
            return Reply(status=record.status_code, body=record.response, replayed=True)
        if time.monotonic() > deadline:
            raise Conflict("a scan with this Idempotency-Key is still being processed; look the container up")
        session.rollback()
        time.sleep(0.05)


def _store(session: Session, actor: Actor, key: str, reply: Reply) -> None:
    begin_write(session)
    record = session.exec(
        select(ScanRecord).where(ScanRecord.user_id == actor.user_id, ScanRecord.idempotency_key == key)
    ).one()
    record.status_code = reply.status
    record.response = reply.body
    session.add(record)
    session.commit()


def _error_classes(base: type[HazchemError] = HazchemError) -> dict[str, type[HazchemError]]:
    found = {base.code: base}
    for sub in base.__subclasses__():
        found.update(_error_classes(sub))
    return found


def _replayed_error(body: dict[str, Any]) -> HazchemError:
    """Rebuild the refusal an earlier attempt with the same key got, so the retry gets it too."""
    cls = _error_classes().get(body.get("error", ""), HazchemError)
    message, details = body.get("message", ""), body.get("details", [])
    if issubclass(cls, RuleViolation):
        return cls(body.get("rule", ""), message, details=details)
    return cls(message, details=details)


def lookup(
    *, session: Session, actor: Actor, scanned: str, key: str | None = None, request: Any = None
) -> Reply:
    """A lookup scan: read the container's state and record the scan in one write; a retry records once.

    A lookup changes nothing in the custody chain, so its record is the scan log entry itself (not
    an audit event), and the key is claimed and answered in the same transaction.
    """
    container = get_container(session=session, actor=actor, scanned=scanned)
    body = container_summary(session, actor, container)
    digital_id = container.digital_id  # read now: starting the write transaction expires the row
    digest = _digest(digital_id, "lookup", request)
    key = _clean_key(key) if key is not None else f"auto-{uuid.uuid4().hex}"
    begin_write(session)
    try:
        # A plain INSERT: the scan log row is never read back here, so it skips the unit of work.
        session.connection().execute(
            insert(ScanRecord),
            {
                "user_id": actor.user_id,
                "idempotency_key": key,
                "digital_id": digital_id,
                "action": "lookup",
                "request_hash": digest,
                "status_code": 200,
                "response": body,
                "at": clock.now(),
            },
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        record = session.exec(
            select(ScanRecord).where(ScanRecord.user_id == actor.user_id, ScanRecord.idempotency_key == key)
        ).one()
        if record.request_hash != digest:
            raise Conflict(
                "this Idempotency-Key was already used for a different scan", details=[{"key": key}]
            ) from None
        return Reply(status=record.status_code, body=record.response, replayed=True)
    return Reply(status=200, body=body)


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

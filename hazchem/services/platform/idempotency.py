"""Idempotency-Key replay: an action sent twice with one key acts once; the retry gets the first answer."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hazchem.domain.errors import Conflict, HazchemError, InvalidInput, RuleViolation, said_from
from hazchem.models import IdempotencyRecord
from hazchem.services.platform import clock
from hazchem.services.platform import messages as msg
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import bookkeeping

MAX_KEY_LENGTH = 100
WAIT_FOR_TWIN_SECONDS = 10.0
# A claim still pending after this long was left by an attempt that died (its release failed too);
# keyed actions take well under a second, so a retry may take the key over.
CLAIM_LEASE = timedelta(seconds=60)
PENDING, DONE, REFUSED = "pending", "done", "refused"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyedResult:
    """What a keyed action answered, and whether the answer repeats an earlier one for the same key."""

    body: dict[str, Any]
    replayed: bool = False


def clean_key(key: str) -> str:
    """The key without surrounding blanks, or InvalidInput when it is empty or too long."""
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(msg.KEY_LENGTH, max=MAX_KEY_LENGTH, details=[{"field": "key"}])
    return key


def request_digest(subject: str, action: str, request: Any) -> str:
    """Digest of a whole request, so one key reused for a different request is told apart."""
    payload = {"subject": subject, "action": action, "request": request}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def idempotent(
    *,
    session: Session,
    actor: Actor,
    key: str | None,
    subject: str,
    action: str,
    perform: Callable[[], dict[str, Any]],
    request: Any = None,
    device_scanned_at: datetime | None = None,
) -> KeyedResult:
    """Run `perform` once per (user, key); a repeat gets the first answer back, refusals included.

    A scan queued offline names the time the device scanned it, kept on the key's record beside
    the time the server received it.

    The key is claimed in its own transaction before the action runs, so two copies of one request
    sent at once cannot both act: the second waits for the first's answer and returns it. A failure
    that is not a refusal (a lost connection, a deadlock, a bug) releases the claim, so a retry runs;
    if even the release fails, a retry takes the claim over once its lease has passed.
    """
    if key is None:
        return KeyedResult(perform())
    key = clean_key(key)
    digest = request_digest(subject, action, request)
    claimed = _claim(session, actor, key, subject, action, digest, device_scanned_at)
    if claimed is not None:
        return claimed
    try:
        body = perform()
    except HazchemError as exc:
        _settle(session, actor, key, REFUSED, exc.as_dict())
        raise
    except BaseException:
        _release(session, actor, key)
        raise
    _settle(session, actor, key, DONE, body)
    return KeyedResult(body)


def key_record(session: Session, actor: Actor, key: str) -> IdempotencyRecord:
    """The record of one user's key (which must exist)."""
    return session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.user_id, IdempotencyRecord.idempotency_key == key
        )
    ).one()


def _claim(
    session: Session,
    actor: Actor,
    key: str,
    subject: str,
    action: str,
    digest: str,
    device_scanned_at: datetime | None = None,
) -> KeyedResult | None:
    """Insert the pending record, or return the earlier answer for this key."""
    try:
        _insert_claim(
            session,
            actor,
            key=key,
            subject=subject,
            action=action,
            digest=digest,
            device_scanned_at=device_scanned_at,
        )
        return None
    except IntegrityError:
        pass
    deadline = time.monotonic() + WAIT_FOR_TWIN_SECONDS
    while True:
        record = session.exec(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == actor.user_id, IdempotencyRecord.idempotency_key == key
            )
        ).first()
        if record is None:
            # The first attempt failed and released the key meanwhile: this one may run.
            return _claim(session, actor, key, subject, action, digest, device_scanned_at)
        if record.request_hash != digest:
            raise Conflict(
                msg.KEY_REUSED,
                details=[{"key": key, "first": {"subject": record.subject, "action": record.action}}],
            )
        if record.outcome == REFUSED:
            raise replayed_error(record.response)
        if record.outcome == DONE:
            return KeyedResult(record.response, replayed=True)
        if record.at <= clock.now() - CLAIM_LEASE and _take_over(session, actor, key, record.at):
            return _claim(session, actor, key, subject, action, digest, device_scanned_at)
        if time.monotonic() > deadline:
            raise Conflict(msg.KEY_PENDING)
        session.rollback()
        time.sleep(0.05)


@bookkeeping("an Idempotency-Key claim is request bookkeeping; the action it guards records its own event")
def _insert_claim(
    session: Session,
    actor: Actor,
    *,
    key: str,
    subject: str,
    action: str,
    digest: str,
    device_scanned_at: datetime | None = None,
) -> None:
    session.add(
        IdempotencyRecord(
            user_id=actor.user_id,
            idempotency_key=key,
            subject=subject,
            action=action,
            request_hash=digest,
            outcome=PENDING,
            response={},
            at=clock.now(),
            device_scanned_at=device_scanned_at,
        )
    )


@bookkeeping("the answer a key got is request bookkeeping; the action recorded its own event")
def _settle(session: Session, actor: Actor, key: str, outcome: str, body: dict[str, Any]) -> None:
    """Store the answer a claimed key got, so a repeat replays it."""
    record = key_record(session, actor, key)
    record.outcome = outcome
    record.response = body
    session.add(record)


def _release(session: Session, actor: Actor, key: str) -> None:
    """Give a pending key back after a failure that decided nothing, so a retry acts."""
    try:
        session.rollback()
        _delete_claim(session, actor, key)
    except Exception:
        # The original failure is what the caller must see; a retry will wait for this claim.
        log.exception("could not release Idempotency-Key %r of user %s", key, actor.user_id)


@bookkeeping("taking over an abandoned Idempotency-Key claim is request bookkeeping")
def _take_over(session: Session, actor: Actor, key: str, claimed_at: datetime) -> bool:
    """Delete a claim left pending past its lease; False when another retry got there first."""
    result = session.connection().execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.user_id,
            IdempotencyRecord.idempotency_key == key,
            IdempotencyRecord.outcome == PENDING,
            IdempotencyRecord.at == claimed_at,
        )
    )
    return result.rowcount == 1


@bookkeeping("releasing an Idempotency-Key claim is request bookkeeping")
def _delete_claim(session: Session, actor: Actor, key: str) -> None:
    session.connection().execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.user_id,
            IdempotencyRecord.idempotency_key == key,
            IdempotencyRecord.outcome == PENDING,
        )
    )


def _error_classes(base: type[HazchemError] = HazchemError) -> dict[str, type[HazchemError]]:
    found = {base.code: base}
    for sub in base.__subclasses__():
        found.update(_error_classes(sub))
    return found


def replayed_error(body: dict[str, Any]) -> HazchemError:
    """Rebuild the refusal an earlier attempt with the same key got, so the retry gets it too."""
    cls = _error_classes().get(body.get("error", ""), HazchemError)
    message, details = said_from(body), body.get("details", [])
    if issubclass(cls, RuleViolation):
        return cls(body.get("rule", ""), message, details=details)
    return cls(message, details=details)

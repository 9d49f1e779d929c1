"""The hash chain of audit events: each event's digest covers its content and its predecessor's digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from sqlalchemy import text
from sqlmodel import Session, col, select

from hazchem.db import is_postgres
from hazchem.models import Event

GENESIS = "0" * 64


def _canonical(event: Event) -> bytes:
    payload = {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def event_hash(event: Event) -> str:
    """Digest of an event's content and its predecessor's hash."""
    return hashlib.sha256(_canonical(event)).hexdigest()


def head_hash(session: Session) -> str:
    """The hash of the newest event, or the genesis hash while there is none."""
    row = session.exec(select(Event.hash).order_by(col(Event.id).desc()).limit(1)).first()
    return row if row else GENESIS


def write_chained(session: Session, events: Sequence[Event]) -> None:
    """Chain events, in the order given, after the current head and add them to the transaction."""
    if not events:
        return
    if is_postgres(session.get_bind()):
        # One chain head: concurrent writers queue here until commit instead of forking the chain.
        session.exec(text("SELECT pg_advisory_xact_lock(4242001)"))
    prev = head_hash(session)
    for event in events:
        event.prev_hash = prev
        event.hash = prev = event_hash(event)
        session.add(event)
        # One insert at a time, so ids follow the chain order.
        session.flush()

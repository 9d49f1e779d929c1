"""Append-only, hash-chained audit events, written in the caller's transaction."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain.errors import Forbidden, InvalidInput, Said
from hazchem.models import Event
from hazchem.services.platform import clock, uow
from hazchem.services.platform import messages as msg
from hazchem.services.platform.access import Actor
from hazchem.services.platform.chain import GENESIS, event_hash, write_chained

__all__ = [
    "ANCHOR_RE",
    "GENESIS",
    "Anchor",
    "ChainReport",
    "chain_head",
    "chain_head_for",
    "chain_neighbours",
    "check_linked",
    "event_hash",
    "parse_anchor",
    "record",
    "record_events",
    "verify_chain",
    "verify_chain_for",
    "verify_events",
]

ANCHOR_RE = re.compile(r"(\d+):([0-9a-fA-F]{64})")


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Record an event of the use case; its unit of work chains it and commits it with the change.

    Outside a unit of work (loaders, tests) the event is chained and added to the caller's transaction.
    """
    event = Event(
        at=clock.now(),
        actor_id=actor.user_id if actor else None,
        actor_role=actor.role if actor else "system",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=_jsonable(before),
        after=_jsonable(after),
    )
    work = uow.current(session)
    if work is None:
        write_chained(session, [event])
    else:
        work.events.append(event)
    return event


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class ChainReport:
    """Result of verifying the chain: ok, how many events, and the first bad one."""

    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: Said | None = None


@dataclass(frozen=True)
class Anchor:
    """The chain head at one moment (an event's id and hash), kept outside the database by an auditor.

    The chain alone cannot tell a rewrite from the original: whoever can edit the table can recompute
    every later hash, or drop the newest events. An anchor written down earlier pins what was there.
    """

    event_id: int
    hash: str

    def __str__(self) -> str:
        return f"{self.event_id}:{self.hash}"


def parse_anchor(text: str) -> Anchor:
    """Read an anchor written as `<event id>:<64 hex digits>`, or raise InvalidInput."""
    match = ANCHOR_RE.fullmatch((text or "").strip())
    if match is None:
        raise InvalidInput(
            msg.ANCHOR_MALFORMED,
            text=text,
            details=[{"field": "anchor"}],
        )
    return Anchor(int(match[1]), match[2].lower())


def chain_head(*, session: Session) -> Anchor:
    """The anchor of the newest event (event 0 and the genesis hash while there is none)."""
    row = session.exec(select(Event.id, Event.hash).order_by(col(Event.id).desc()).limit(1)).first()
    return Anchor(row[0], row[1]) if row else Anchor(0, GENESIS)


def chain_head_for(*, session: Session, actor: Actor) -> Anchor:
    """The chain head on behalf of a user: park administrators and regulators only."""
    _require_auditor(actor)
    return chain_head(session=session)


def verify_chain(*, session: Session, anchors: Sequence[Anchor] = ()) -> ChainReport:
    """Walk the events in order and name the first one changed, inserted or deleted.

    With anchors, each anchored event must still carry its recorded hash and still exist, which also
    catches a chain recomputed after an edit and newest events dropped from the end.
    """
    pinned = {a.event_id: a.hash for a in anchors if a.event_id}
    prev = GENESIS
    checked = 0
    for event in session.exec(select(Event).order_by(col(Event.id))):
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.id, msg.CHAIN_BREAKS_FROM_PREDECESSOR())
        if event_hash(event) != event.hash:
            return ChainReport(False, checked, event.id, msg.CHAIN_HASH_MISMATCH())
        expected = pinned.pop(event.id, None)
        if expected is not None and expected != event.hash:
            return ChainReport(False, checked, event.id, msg.CHAIN_ANCHOR_DIFFERS())
        prev = event.hash
        checked += 1
    if pinned:
        return ChainReport(False, checked, min(pinned), msg.CHAIN_ANCHOR_MISSING())
    return ChainReport(True, checked)


def _require_auditor(actor: Actor) -> None:
    if not (actor.is_admin or actor.is_regulator):
        raise Forbidden(msg.ONLY_AUDITOR)


def verify_chain_for(*, session: Session, actor: Actor, anchors: Sequence[Anchor] = ()) -> ChainReport:
    """Verify the chain (against anchors, if given) on behalf of a park administrator or regulator."""
    _require_auditor(actor)
    return verify_chain(session=session, anchors=anchors)


def verify_events(*, session: Session, events: list[Event]) -> ChainReport:
    """Check one record's events in place: each matches its hash and is linked to its neighbours.

    A record's page shows this instead of walking the whole chain: an edited event no longer matches
    its hash, and an event inserted or deleted next to it breaks a link on one side."""
    if not events:
        return ChainReport(True, 0)
    # Each event's neighbours in the whole chain, fetched in one round trip for all of them.
    ev = Event.__table__
    neighbours = {
        row.id: (row.chain_before, row.chain_after)
        for row in session.connection().execute(
            select(ev.c.id, *chain_neighbours()).where(ev.c.id.in_([e.id for e in events]))
        )
    }
    return check_linked([(e, *neighbours.get(e.id, (None, None))) for e in events])


def chain_neighbours() -> tuple[Any, Any]:
    """Columns for a select from the event table: the predecessor's hash and the successor's prev_hash.

    Labelled chain_before and chain_after, so a record's read can fetch its events and their links
    in one statement and hand the rows to check_linked.
    """
    ev, prior, later = Event.__table__, Event.__table__.alias("prior"), Event.__table__.alias("later")
    before = select(prior.c.hash).where(prior.c.id < ev.c.id).order_by(prior.c.id.desc()).limit(1)
    after = select(later.c.prev_hash).where(later.c.id > ev.c.id).order_by(later.c.id).limit(1)
    return before.scalar_subquery().label("chain_before"), after.scalar_subquery().label("chain_after")


def check_linked(linked: Sequence[tuple[Any, str | None, str | None]]) -> ChainReport:
    """Check events given with their neighbours' links: (event, predecessor's hash, successor's prev_hash)."""
    for event, prev, succ in sorted(linked, key=lambda item: item[0].id):
        if event_hash(event) != event.hash:
            return ChainReport(False, 0, event.id, msg.CHAIN_HASH_MISMATCH())
        if event.prev_hash != (prev or GENESIS):
            return ChainReport(False, 0, event.id, msg.CHAIN_BREAKS_FROM_PREDECESSOR())
        if succ is not None and succ != event.hash:
            return ChainReport(False, 0, event.id, msg.CHAIN_SUCCESSOR_BREAKS())
    return ChainReport(True, len(linked))


def record_events(*, session: Session, entity: str, entity_ids: list[str]) -> list[Event]:
    """Every event of some records of one kind, oldest first."""
    if not entity_ids:
        return []
    return list(
        session.exec(
            select(Event)
            .where(Event.entity == entity, col(Event.entity_id).in_(entity_ids))
            .order_by(col(Event.id))
        )
    )

"""Put-away scans queued on a phone while offline and sent when the network returns.

Each is checked as at the moment it arrives (the same put-away use case, capacity, segregation and
access included) and recorded once per Idempotency-Key; the device's scan time is kept beside the
time the server received it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from hazchem.domain import custody as rules
from hazchem.domain.errors import Forbidden, InvalidInput
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.domain.lifecycle import ContainerAction
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.idempotency import KeyedResult, idempotent
from hazchem.services.waste import container_messages as msg
from hazchem.services.waste.containers import get_container, put_away

# Phones' clocks drift; a scan time further ahead of the server's than this is a wrong clock.
CLOCK_SKEW = timedelta(minutes=5)


def device_time(text: Any) -> datetime:
    """The device's scan time (ISO 8601 with its zone) in UTC to the second; refused if malformed or ahead."""
    invalid = InvalidInput(
        msg.DEVICE_TIME_INVALID, scanned_at=str(text)[:40], details=[{"field": "scanned_at"}]
    )
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise invalid from None
    if moment.tzinfo is None:
        raise invalid
    try:
        moment = moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:  # a year-1 or year-9999 time whose zone moves it out of range
        raise invalid from None
    now = clock.now()
    if moment > now + CLOCK_SKEW:
        raise InvalidInput(
            msg.DEVICE_TIME_IN_FUTURE,
            scanned_at=moment.isoformat(),
            now=now.isoformat(),
            details=[{"field": "scanned_at"}],
        )
    return moment


def sync_put_away(
    *,
    session: Session,
    actor: Actor,
    key: str,
    scanned: str,
    facility_id: int | None,
    scanned_at: Any,
    scanned_by: int | None,
    matrix: Sequence[rules.Incompatibility] | None = None,
) -> KeyedResult:
    """Put away one container scanned offline, once per key; a retry gets the first answer back."""
    if scanned_by != actor.user_id:
        raise Forbidden(msg.OTHER_ACCOUNTS_SCAN)
    if facility_id is None:
        raise InvalidInput(msg.FACILITY_REQUIRED, details=[{"field": "facility_id"}])
    moment = device_time(scanned_at)
    digital = str(digital_id_from_scan(scanned))
    container = get_container(session=session, actor=actor, scanned=digital)

    def perform() -> dict[str, Any]:
        done = put_away(
            session=session,
            actor=actor,
            container_id=container.id,
            facility_id=facility_id,
            matrix=matrix,
            device_scanned_at=moment,
        )
        return {"digital_id": done.digital_id, "facility_id": facility_id, "status": done.status}

    return idempotent(
        session=session,
        actor=actor,
        key=key,
        subject=digital,
        action=ContainerAction.PUT_AWAY.value,
        perform=perform,
        request={"scanned": digital, "facility_id": facility_id, "scanned_at": moment.isoformat()},
        device_scanned_at=moment,
    )

"""A handheld scanner's put-away queued offline: POST /scans with the device's scan time, sent later."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from hazchem.models import Event, IdempotencyRecord
from hazchem.services.platform import clock
from tests.api.custody_helpers import generate


def test_a_put_away_queued_offline_keeps_the_device_time_and_is_recorded_once(api, session, registry, chain):
    (container,) = generate(api, chain.oil.id, count=1)
    scanned_at = clock.now() - timedelta(hours=2)
    body = {
        "scanned": container["digital_id"],
        "action": "put_away",
        "facility_id": chain.store_a.id,
        "scanned_at": scanned_at.isoformat(),
    }
    key = {"Idempotency-Key": "offline-1"}
    api.call("officer_a", "POST", "/scans", 200, json=body, headers=key)
    replay = api.raw("officer_a", "POST", "/scans", json=body, headers=key)
    assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"
    session.rollback()
    events = session.exec(
        select(Event).where(Event.entity_id == container["digital_id"], Event.action == "container.put_away")
    ).all()
    assert len(events) == 1 and events[0].after["device_scanned_at"] == scanned_at.isoformat()
    record = session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.idempotency_key == "offline-1")
    ).one()
    assert record.device_scanned_at.replace(tzinfo=None) == scanned_at.replace(tzinfo=None)


def test_a_device_time_ahead_of_the_server_or_without_its_zone_is_refused(api, registry, chain):
    first, second = generate(api, chain.oil.id, count=2)
    body = {"action": "put_away", "facility_id": chain.store_a.id}
    ahead = (clock.now() + timedelta(hours=1)).isoformat()
    refused = api.call(
        "officer_a", "POST", "/scans", 400, json={**body, "scanned": first["digital_id"], "scanned_at": ahead}
    )
    assert refused["details"] == [{"field": "scanned_at"}]
    naive = api.call(
        "officer_a",
        "POST",
        "/scans",
        400,
        json={**body, "scanned": second["digital_id"], "scanned_at": "2026-01-02T08:00:00"},
    )
    assert naive["details"] == [{"field": "scanned_at"}]
    api.call("officer_a", "POST", "/scans", 200, json={**body, "scanned": second["digital_id"]})

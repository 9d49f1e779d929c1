"""The audit check a record's page shows: its own events, each against its hash and its neighbours."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import col, select

from hazchem.models import Event
from hazchem.services.platform import audit
from tests.conftest import tamper


def _licence_events(session) -> list[Event]:
    return list(session.exec(select(Event).where(Event.entity == "licence").order_by(col(Event.id))))


def test_untouched_records_verify(session, registry):
    events = _licence_events(session)
    report = audit.verify_events(session=session, events=events)
    assert report.ok and report.checked == len(events) > 0
    assert audit.verify_events(session=session, events=[]).ok


def test_an_edited_event_of_the_record_is_caught(session, registry):
    victim = _licence_events(session)[0]
    tamper(session, text("UPDATE event SET after = NULL WHERE id = :id").bindparams(id=victim.id))
    session.expire_all()
    report = audit.verify_events(session=session, events=_licence_events(session))
    assert not report.ok and report.first_bad_id == victim.id and "hash" in str(report.problem)


def test_a_deleted_neighbour_is_caught_on_both_sides(session, registry):
    record = _licence_events(session)[0]
    ids = list(session.exec(select(Event.id).order_by(col(Event.id))))
    position = ids.index(record.id)
    before, after = ids[position - 1], ids[position + 1]
    tamper(session, text("DELETE FROM event WHERE id = :id").bindparams(id=after))
    report = audit.verify_events(session=session, events=[record])
    assert not report.ok and report.first_bad_id == record.id and "successor" in str(report.problem)
    tamper(session, text("DELETE FROM event WHERE id = :id").bindparams(id=before))
    report = audit.verify_events(session=session, events=[record])
    assert not report.ok and "predecessor" in str(report.problem)


def test_record_events_reads_one_kind_of_record(session, registry):
    number = registry.hw_licence.licence.id
    events = audit.record_events(session=session, entity="licence", entity_ids=[str(number)])
    assert events and {e.entity_id for e in events} == {str(number)}
    assert audit.record_events(session=session, entity="licence", entity_ids=[]) == []

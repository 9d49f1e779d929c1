"""The audit chain: every registry change is an event; verify names the first tampered one."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select

from hazchem.models import Event
from hazchem.services.platform import audit
from tests.conftest import tamper


def test_intact_chain_verifies(session, registry):
    report = audit.verify_chain(session=session)
    assert report.ok and report.checked == len(session.exec(select(Event)).all())


def _ids(session):
    return list(session.exec(select(Event.id).order_by(col(Event.id))))


def test_edited_event_is_caught(session, registry):
    victim = _ids(session)[5]
    tamper(session, text("UPDATE event SET action = 'forged' WHERE id = :id").bindparams(id=victim))
    report = audit.verify_chain(session=session)
    assert not report.ok and report.first_bad_id == victim and "hash" in str(report.problem)


def test_deleted_event_is_caught(session, registry):
    ids = _ids(session)
    tamper(session, text("DELETE FROM event WHERE id = :id").bindparams(id=ids[3]))
    report = audit.verify_chain(session=session)
    assert not report.ok and report.first_bad_id == ids[4]


def test_inserted_event_is_caught(session, registry):
    ids = _ids(session)
    first = session.get(Event, ids[0])
    forged = Event(
        at=first.at, action="forged", entity="x", entity_id="1", prev_hash=first.hash, hash="f" * 64
    )
    session.add(forged)
    session.commit()
    report = audit.verify_chain(session=session)
    assert (not report.ok and report.first_bad_id == ids[1]) or report.first_bad_id == forged.id


def test_the_application_connection_cannot_change_or_remove_events(session, registry):
    victim = _ids(session)[2]
    for statement in (
        text("UPDATE event SET action = 'forged' WHERE id = :id").bindparams(id=victim),
        text("DELETE FROM event WHERE id = :id").bindparams(id=victim),
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            session.exec(statement)
        session.rollback()
    assert audit.verify_chain(session=session).ok
    assert victim in _ids(session)


def test_new_events_are_still_appended(session, registry):
    before = len(_ids(session))
    audit.record(session, actor=None, action="test.append", entity="park", entity_id=1)
    session.commit()
    assert len(_ids(session)) == before + 1 and audit.verify_chain(session=session).ok

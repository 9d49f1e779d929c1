"""The audit chain: every registry change is an event; verify names the first tampered one."""

from sqlalchemy import text
from sqlmodel import col, select

from hazchem.models import Event
from hazchem.services.platform import audit


def test_intact_chain_verifies(session, registry):
    report = audit.verify_chain(session=session)
    assert report.ok and report.checked == len(session.exec(select(Event)).all())


def _ids(session):
    return list(session.exec(select(Event.id).order_by(col(Event.id))))


def test_edited_event_is_caught(session, registry):
    victim = _ids(session)[5]
    session.exec(text("UPDATE event SET action = 'forged' WHERE id = :id").bindparams(id=victim))
    session.commit()
    report = audit.verify_chain(session=session)
    assert not report.ok and report.first_bad_id == victim and "hash" in report.problem


def test_deleted_event_is_caught(session, registry):
    ids = _ids(session)
    session.exec(text("DELETE FROM event WHERE id = :id").bindparams(id=ids[3]))
    session.commit()
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

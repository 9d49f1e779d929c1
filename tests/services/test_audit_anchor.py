"""Anchors: a chain head kept outside the database catches what the chain alone cannot (rewrites, a
dropped tail), and is refused when malformed."""

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from hazchem.domain.errors import Forbidden, InvalidInput
from hazchem.models import Event
from hazchem.services.platform import audit, auth
from tests.conftest import PASSWORD, audit_guard_lifted, tamper


def _rewrite_from(session, event_id: int) -> None:
    """Edit one event and recompute every hash from it on, as someone with write access to the table could."""
    tamper(session, text("UPDATE event SET action = 'forged' WHERE id = :id").bindparams(id=event_id))
    prev = session.exec(
        select(Event.hash).where(col(Event.id) < event_id).order_by(col(Event.id).desc())
    ).first()
    with audit_guard_lifted(session.connection()):
        later = select(Event).where(col(Event.id) >= event_id).order_by(col(Event.id))
        for event in session.exec(later).all():
            session.refresh(event)
            event.prev_hash = prev or audit.GENESIS
            event.hash = audit.event_hash(event)
            prev = event.hash
            session.add(event)
        session.flush()
    session.commit()


def test_the_head_is_the_newest_event_and_round_trips_as_text(session, registry):
    newest = session.exec(select(Event).order_by(col(Event.id).desc())).first()
    anchor = audit.chain_head(session=session)
    assert (anchor.event_id, anchor.hash) == (newest.id, newest.hash)
    assert audit.parse_anchor(f"  {str(anchor).upper()}  ") == anchor


def test_an_empty_chain_has_the_genesis_anchor(session):
    assert audit.chain_head(session=session) == audit.Anchor(0, audit.GENESIS)
    assert audit.verify_chain(session=session, anchors=[audit.Anchor(0, audit.GENESIS)]).ok


def test_an_intact_chain_matches_its_anchors(session, registry):
    early = audit.chain_head(session=session)
    registry_events = session.exec(select(Event.id)).all()
    report = audit.verify_chain(session=session, anchors=[early])
    assert report.ok and report.checked == len(registry_events)


def test_a_recomputed_chain_passes_alone_but_not_against_an_anchor(session, registry):
    anchor = audit.chain_head(session=session)
    victim = session.exec(select(Event.id).order_by(col(Event.id)).offset(3)).first()
    _rewrite_from(session, victim)
    assert audit.verify_chain(session=session).ok  # the gap anchors close
    report = audit.verify_chain(session=session, anchors=[anchor])
    assert not report.ok and report.first_bad_id == anchor.event_id
    assert str(report.problem) == "differs from the anchor recorded for it"


def test_a_dropped_tail_passes_alone_but_not_against_an_anchor(session, registry):
    anchor = audit.chain_head(session=session)
    tamper(session, text("DELETE FROM event WHERE id = :id").bindparams(id=anchor.event_id))
    assert audit.verify_chain(session=session).ok
    report = audit.verify_chain(session=session, anchors=[anchor])
    assert not report.ok and report.first_bad_id == anchor.event_id
    assert str(report.problem) == "the anchored event is missing"


@pytest.mark.parametrize("text_", ["", "12", "12:abc", "x:" + "a" * 64, "12:" + "g" * 64, "-1:" + "a" * 64])
def test_a_malformed_anchor_is_refused_clearly(text_):
    with pytest.raises(InvalidInput, match="<event id>:<64 hex digits>"):
        audit.parse_anchor(text_)


def test_only_administrators_and_regulators_read_the_head(session, registry):
    regulator = auth.authenticate(session=session, username="regulator_eco", password=PASSWORD)
    assert audit.chain_head_for(session=session, actor=regulator) == audit.chain_head(session=session)
    officer = auth.authenticate(session=session, username="officer_a", password=PASSWORD)
    with pytest.raises(Forbidden):
        audit.chain_head_for(session=session, actor=officer)

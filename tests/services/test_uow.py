"""The unit of work: the change and its audit events commit together, or nothing remains."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select

from hazchem.domain.errors import Conflict
from hazchem.models import Event, IdempotencyRecord, LoginFailure
from hazchem.services.platform import audit, clock, idempotency
from hazchem.services.platform.uow import REGISTRY, UnauditedWrite, current, use_case


def _row(name: str) -> LoginFailure:
    return LoginFailure(username=name, remote_addr="test", at=clock.now())


@use_case("test.note")
def note(*, session: Session, name: str, fail: BaseException | None = None) -> int:
    """Write one row with its event; raise `fail` after both were added."""
    row = _row(name)
    session.add(row)
    session.flush()
    audit.record(session, actor=None, action="test.note", entity="note", entity_id=row.id)
    if fail is not None:
        raise fail
    return row.id


@use_case("test.silent")
def silent_write(*, session: Session) -> None:
    """A programming error: a write without its audit event."""
    session.add(_row("silent"))


@use_case("test.declared")
def undeclared_event(*, session: Session) -> None:
    """A programming error: an event the use case did not declare."""
    session.add(_row("undeclared"))
    audit.record(session, actor=None, action="test.other", entity="note", entity_id=1)


@use_case("test.read")
def read_only(*, session: Session) -> int:
    """A use case that decides to change nothing needs no event."""
    return session.exec(select(func.count()).select_from(LoginFailure)).one()


@use_case("test.outer", "test.note")
def outer(*, session: Session) -> int:
    """Two use cases in one: the inner joins the outer's transaction."""
    first = note(session=session, name="inner")
    assert current(session) is not None
    audit.record(session, actor=None, action="test.outer", entity="note", entity_id=first)
    return first


def counts(session: Session) -> tuple[int, int]:
    session.rollback()
    rows = session.exec(select(func.count()).select_from(LoginFailure)).one()
    events = session.exec(select(func.count()).select_from(Event)).one()
    return rows, events


def test_the_event_is_written_with_the_change(session):
    row_id = note(session=session, name="a")
    assert counts(session) == (1, 1)
    [event] = session.exec(select(Event)).all()
    assert (event.action, event.entity_id) == ("test.note", str(row_id))
    assert audit.verify_chain(session=session).ok
    assert current(session) is None


def test_events_of_successive_use_cases_are_chained_in_order(session):
    for name in "abc":
        note(session=session, name=name)
    report = audit.verify_chain(session=session)
    assert report.ok and report.checked == 3


@pytest.mark.parametrize("failure", [RuntimeError("bug"), Conflict("refused")])
def test_on_any_failure_neither_the_change_nor_the_event_remains(session, failure):
    note(session=session, name="kept")
    with pytest.raises(type(failure)):
        note(session=session, name="lost", fail=failure)
    assert counts(session) == (1, 1)
    assert audit.verify_chain(session=session).ok


def test_a_write_without_an_audit_event_is_refused(session):
    with pytest.raises(UnauditedWrite, match="without recording an audit event"):
        silent_write(session=session)
    assert counts(session) == (0, 0)


def test_an_undeclared_audit_action_is_refused(session):
    with pytest.raises(UnauditedWrite, match="undeclared"):
        undeclared_event(session=session)
    assert counts(session) == (0, 0)


def test_a_use_case_that_changes_nothing_commits_without_an_event(session):
    assert read_only(session=session) == 0
    assert counts(session) == (0, 0)


def test_a_use_case_called_from_another_joins_its_transaction(session):
    outer(session=session)
    assert counts(session) == (1, 2)
    assert [e.action for e in session.exec(select(Event).order_by(Event.id))] == ["test.note", "test.outer"]


def test_use_cases_register_with_their_declared_actions():
    spec = REGISTRY[f"{__name__}.outer"]
    assert spec.actions == ("test.outer", "test.note") and spec.audited


def test_a_use_case_must_declare_an_action():
    with pytest.raises(TypeError):
        use_case()


def _keyed(session, registry, perform):
    return idempotency.idempotent(
        session=session,
        actor=registry.users["officer_a"],
        key="uow-1",
        subject="note",
        action="note",
        perform=perform,
    )


def test_the_idempotency_outcome_is_stored_for_a_refusal(session, registry):
    rows, events = counts(session)
    with pytest.raises(Conflict):
        _keyed(session, registry, lambda: {"id": note(session=session, name="x", fail=Conflict("no"))})
    session.rollback()
    record = session.exec(select(IdempotencyRecord)).one()
    assert record.outcome == idempotency.REFUSED
    with pytest.raises(Conflict):
        _keyed(session, registry, lambda: {"id": note(session=session, name="y")})
    assert counts(session) == (rows, events)


@pytest.mark.parametrize(
    "failure", [RuntimeError("bug"), OperationalError("INSERT", {}, Exception("deadlock detected"))]
)
def test_after_a_non_domain_failure_the_retry_runs_and_succeeds(session, registry, failure):
    rows, events = counts(session)
    with pytest.raises(type(failure)):
        _keyed(session, registry, lambda: {"id": note(session=session, name="x", fail=failure)})
    assert counts(session) == (rows, events)
    assert session.exec(select(func.count()).select_from(IdempotencyRecord)).one() == 0
    done = _keyed(session, registry, lambda: {"id": note(session=session, name="y")})
    assert not done.replayed and counts(session) == (rows + 1, events + 1)
    again = _keyed(session, registry, lambda: {"id": note(session=session, name="z")})
    assert again.replayed and again.body == done.body and counts(session) == (rows + 1, events + 1)


def _abandoned_claim(session, registry, at) -> None:
    """A pending claim as left by an attempt whose release failed too."""
    session.add(
        IdempotencyRecord(
            user_id=registry.users["officer_a"].user_id,
            idempotency_key="uow-1",
            subject="note",
            action="note",
            request_hash=idempotency.request_digest("note", "note", None),
            outcome=idempotency.PENDING,
            response={},
            at=at,
        )
    )
    session.commit()


def test_a_claim_left_pending_past_its_lease_is_taken_over(session, registry):
    rows, events = counts(session)
    _abandoned_claim(session, registry, clock.now() - idempotency.CLAIM_LEASE)
    done = _keyed(session, registry, lambda: {"id": note(session=session, name="y")})
    assert not done.replayed and counts(session) == (rows + 1, events + 1)
    record = session.exec(select(IdempotencyRecord)).one()
    assert record.outcome == idempotency.DONE


def test_a_claim_pending_within_its_lease_still_blocks_the_twin(session, registry, monkeypatch):
    monkeypatch.setattr(idempotency, "WAIT_FOR_TWIN_SECONDS", 0.2)
    rows, events = counts(session)
    _abandoned_claim(session, registry, clock.now() - idempotency.CLAIM_LEASE / 2)
    with pytest.raises(Conflict):
        _keyed(session, registry, lambda: {"id": note(session=session, name="y")})
    assert counts(session) == (rows, events)

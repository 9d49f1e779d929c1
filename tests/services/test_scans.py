"""Idempotency-Key handling: a retried scan records once; a key reused for another request is refused."""

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from hazchem.domain.errors import Conflict, RuleViolation
from hazchem.models import Event, IdempotencyRecord
from hazchem.services.platform import idempotency as scans


def reply_counter():
    calls = []

    def perform():
        calls.append(1)
        return {"n": len(calls)}

    return calls, perform


def test_a_repeat_gets_the_first_answer_and_runs_nothing(session, registry):
    actor = registry.users["officer_a"]
    calls, perform = reply_counter()
    args = {
        "session": session,
        "actor": actor,
        "key": "k-1",
        "subject": "X",
        "action": "lookup",
        "perform": perform,
        "request": {"facility_id": 1},
    }
    first = scans.idempotent(**args)
    again = scans.idempotent(**args)
    assert (first.replayed, again.replayed) == (False, True)
    assert again.body == first.body and len(calls) == 1


def test_same_key_for_a_different_request_is_a_conflict(session, registry):
    actor = registry.users["officer_a"]
    _, perform = reply_counter()
    base = {
        "session": session,
        "actor": actor,
        "key": "k-2",
        "subject": "X",
        "action": "put_away",
        "perform": perform,
    }
    scans.idempotent(**base, request={"facility_id": 1})
    with pytest.raises(Conflict):
        scans.idempotent(**base, request={"facility_id": 2})


def test_a_refusal_is_replayed_too(session, registry):
    actor = registry.users["officer_a"]
    calls = []

    def refuse():
        calls.append(1)
        raise RuleViolation("storage.capacity", "full", details=[{"facility": "A"}])

    args = {
        "session": session,
        "actor": actor,
        "key": "k-3",
        "subject": "X",
        "action": "put_away",
        "perform": refuse,
    }
    for _ in range(2):
        with pytest.raises(RuleViolation) as refused:
            scans.idempotent(**args)
        assert refused.value.rule == "storage.capacity" and refused.value.message == "full"
    assert len(calls) == 1
    assert session.exec(select(func.count()).select_from(IdempotencyRecord)).one() == 1


def test_keys_belong_to_their_user(session, registry):
    _, perform = reply_counter()
    for user in ("officer_a", "officer_b"):
        reply = scans.idempotent(
            session=session,
            actor=registry.users[user],
            key="shared",
            subject="X",
            action="lookup",
            perform=perform,
        )
        assert not reply.replayed


def test_bad_keys_are_refused(session, registry):
    from hazchem.domain.errors import InvalidInput

    _, perform = reply_counter()
    for key in ("", " ", "x" * 101):
        with pytest.raises(InvalidInput):
            scans.idempotent(
                session=session,
                actor=registry.users["officer_a"],
                key=key,
                subject="X",
                action="lookup",
                perform=perform,
            )
    assert session.exec(select(func.count()).select_from(Event).where(Event.action == "x")).one() == 0


@pytest.mark.parametrize(
    "failure", [RuntimeError("bug"), OperationalError("UPDATE x", {}, Exception("deadlock"))]
)
def test_a_failure_that_decided_nothing_lets_the_retry_run(session, registry, failure):
    actor = registry.users["officer_a"]
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise failure
        return {"n": len(calls)}

    args = {
        "session": session,
        "actor": actor,
        "key": "k-4",
        "subject": "X",
        "action": "put_away",
        "perform": flaky,
    }
    with pytest.raises(type(failure)):
        scans.idempotent(**args)
    retried = scans.idempotent(**args)
    assert (retried.body, retried.replayed) == ({"n": 2}, False)
    again = scans.idempotent(**args)
    assert (again.body, again.replayed) == ({"n": 2}, True)
    assert len(calls) == 2


def test_a_failure_that_decided_nothing_leaves_no_pending_key(session, registry):
    def broken():
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        scans.idempotent(
            session=session,
            actor=registry.users["officer_a"],
            key="k-5",
            subject="X",
            action="void",
            perform=broken,
        )
    assert session.exec(select(func.count()).select_from(IdempotencyRecord)).one() == 0


def test_the_subject_is_kept_whole(session, registry):
    subject = "manifest:" + "9" * 60
    scans.idempotent(
        session=session,
        actor=registry.users["officer_a"],
        key="k-6",
        subject=subject,
        action="deliver",
        perform=lambda: {"ok": True},
    )
    assert session.exec(select(IdempotencyRecord.subject)).one() == subject

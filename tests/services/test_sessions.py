"""Ending sessions (logout, password change, deactivation) and listing and revoking tokens by id."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from hazchem.domain.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from hazchem.models import ApiToken, Event, User
from hazchem.services.platform import auth
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-new-long-password"


def _user(session, username: str) -> User:
    session.rollback()
    return session.exec(select(User).where(User.username == username)).one()


def _actions(session) -> list[str]:
    session.rollback()
    return list(session.exec(select(Event.action).order_by(col(Event.id))))


def _token(session, registry, username: str) -> str:
    token, _ = auth.issue_token(session=session, actor=registry.users[username], ttl_hours=8)
    return token


def test_login_carries_the_session_version_and_only_that_version_loads(session, registry):
    actor = auth.authenticate(session=session, username="officer_a", password=PASSWORD)
    assert actor.session_version == 0
    user_id = actor.user_id
    assert auth.actor_for_user_id(session=session, user_id=user_id, session_version=0) == actor
    assert auth.actor_for_user_id(session=session, user_id=user_id, session_version=1) is None
    assert auth.actor_for_user_id(session=session, user_id=user_id, session_version=-1) is None


def test_the_version_check_rides_on_the_one_actor_query(session, registry):
    user_id = registry.users["officer_a"].user_id
    session.rollback()
    session.connection()  # the transaction's own BEGIN is not the lookup's cost
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert auth.actor_for_user_id(session=session, user_id=user_id, session_version=0) is not None
        assert auth.actor_for_user_id(session=session, user_id=user_id, session_version=5) is None
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2


def test_end_sessions_moves_the_version_on_and_is_audited(session, registry):
    actor = auth.authenticate(session=session, username="officer_a", password=PASSWORD)
    other = auth.authenticate(session=session, username="officer_b", password=PASSWORD)
    auth.end_sessions(session=session, actor=actor)
    assert auth.actor_for_user_id(session=session, user_id=actor.user_id, session_version=0) is None
    assert auth.actor_for_user_id(session=session, user_id=actor.user_id, session_version=1) is not None
    # Another account's sessions are untouched, and a fresh login gets the new version.
    assert auth.actor_for_user_id(session=session, user_id=other.user_id, session_version=0) is not None
    again = auth.authenticate(session=session, username="officer_a", password=PASSWORD)
    assert again.session_version == 1
    assert _actions(session)[-1] == "user.logout"


def test_change_password_needs_the_current_one(session, registry):
    actor = registry.users["officer_a"]
    for current, new, field in (
        ("wrong-password", NEW_PASSWORD, "current_password"),
        (PASSWORD, "short", "password"),
    ):
        with pytest.raises(InvalidInput) as refused:
            auth.change_password(session=session, actor=actor, current_password=current, new_password=new)
        assert refused.value.details == [{"field": field}]
    assert _user(session, "officer_a").session_version == 0
    auth.authenticate(session=session, username="officer_a", password=PASSWORD)


def test_change_password_ends_sessions_and_tokens_and_is_audited(session, registry):
    actor = registry.users["officer_a"]
    token = _token(session, registry, "officer_a")
    other_token = _token(session, registry, "officer_b")
    version = auth.change_password(
        session=session, actor=actor, current_password=PASSWORD, new_password=NEW_PASSWORD
    )
    assert version == 1
    assert auth.actor_for_user_id(session=session, user_id=actor.user_id, session_version=0) is None
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=token)
    assert auth.actor_for_token(session=session, token=other_token).username == "officer_b"
    with pytest.raises(NotAuthenticated):
        auth.authenticate(session=session, username="officer_a", password=PASSWORD)
    assert (
        auth.authenticate(session=session, username="officer_a", password=NEW_PASSWORD).session_version == 1
    )
    session.rollback()
    changed = session.exec(select(Event).where(Event.action == "user.password")).one()
    assert changed.actor_id == actor.user_id and changed.after["tokens_revoked"] == 1
    assert NEW_PASSWORD not in str(changed.after)


def test_only_a_park_administrator_or_the_command_line_sets_a_password(session, registry):
    target = registry.users["officer_b"].user_id
    for username in ("officer_a", "regulator_pc"):
        with pytest.raises(Forbidden):
            auth.set_password(
                session=session, actor=registry.users[username], user_id=target, password=NEW_PASSWORD
            )
    auth.set_password(session=session, actor=registry.users["admin"], user_id=target, password=NEW_PASSWORD)
    auth.authenticate(session=session, username="officer_b", password=NEW_PASSWORD)
    auth.set_password(session=session, actor=None, user_id=target, password=PASSWORD + "!")
    assert _user(session, "officer_b").session_version == 2
    with pytest.raises(NotFound):
        auth.set_password(session=session, actor=None, user_id=99999, password=NEW_PASSWORD)


def test_deactivation_ends_sessions_and_tokens(session, registry):
    target = registry.users["officer_b"]
    token = _token(session, registry, "officer_b")
    with pytest.raises(Forbidden):
        auth.deactivate_user(session=session, actor=registry.users["officer_a"], user_id=target.user_id)
    assert auth.actor_for_token(session=session, token=token).username == "officer_b"
    auth.deactivate_user(session=session, actor=registry.users["admin"], user_id=target.user_id)
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=token)
    assert auth.actor_for_user_id(session=session, user_id=target.user_id, session_version=0) is None
    with pytest.raises(NotAuthenticated):
        auth.authenticate(session=session, username="officer_b", password=PASSWORD)
    assert _actions(session)[-1] == "user.deactivate"
    # A second deactivation changes nothing and records nothing.
    auth.deactivate_user(session=session, actor=None, user_id=target.user_id)
    assert _actions(session)[-1] == "user.deactivate" and _actions(session).count("user.deactivate") == 1


def test_a_deactivated_accounts_token_stops_even_if_it_survived(session, registry):
    token = _token(session, registry, "officer_b")
    user = _user(session, "officer_b")
    user.active = False
    session.add(user)
    session.commit()
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=token)


def test_issuing_and_revoking_tokens_are_audit_events(session, registry):
    token = _token(session, registry, "officer_a")
    assert _actions(session)[-1] == "token.issue"
    auth.revoke_token(session=session, token=token)
    assert _actions(session)[-1] == "token.revoke"
    _token(session, registry, "officer_a")
    [listed], _ = auth.list_tokens(session=session, actor=registry.users["officer_a"])
    auth.revoke_token_id(session=session, actor=registry.users["officer_a"], token_id=listed.id)
    session.rollback()
    revoked = session.exec(
        select(Event).where(Event.action == "token.revoke").order_by(col(Event.id).desc())
    ).first()
    assert revoked.entity_id == str(listed.id) and revoked.actor_id == registry.users["officer_a"].user_id


def test_tokens_are_listed_to_their_owner_and_the_administrator(session, registry):
    for username in ("officer_a", "officer_a", "officer_b", "regulator_eco"):
        _token(session, registry, username)
    own, after = auth.list_tokens(session=session, actor=registry.users["officer_a"])
    assert [t.username for t in own] == ["officer_a", "officer_a"] and after is None
    assert all(t.active for t in own)
    everything, _ = auth.list_tokens(session=session, actor=registry.users["admin"])
    assert sorted(t.username for t in everything) == ["officer_a", "officer_a", "officer_b", "regulator_eco"]
    first, after = auth.list_tokens(session=session, actor=registry.users["admin"], limit=3)
    rest, last = auth.list_tokens(session=session, actor=registry.users["admin"], after=after, limit=3)
    assert [t.id for t in first + rest] == [t.id for t in everything] and last is None
    # The park committee oversees the park but manages nobody's tokens.
    assert auth.list_tokens(session=session, actor=registry.users["regulator_pc"]) == ([], None)


def test_a_token_is_revoked_by_its_owner_or_the_administrator_only(session, registry):
    _token(session, registry, "officer_a")
    _token(session, registry, "officer_a")
    first, second = (t.id for t in auth.list_tokens(session=session, actor=registry.users["officer_a"])[0])
    for username in ("officer_b", "regulator_pc", "driver"):
        with pytest.raises(NotFound):
            auth.revoke_token_id(session=session, actor=registry.users[username], token_id=first)
    auth.revoke_token_id(session=session, actor=registry.users["officer_a"], token_id=first)
    auth.revoke_token_id(session=session, actor=registry.users["admin"], token_id=second)
    session.rollback()
    assert session.exec(select(ApiToken)).all() == []
    with pytest.raises(NotFound):
        auth.revoke_token_id(session=session, actor=registry.users["admin"], token_id=second)

"""Accounts: hashed passwords, one message for every login failure, bindings, tokens."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from hazchem.models import ApiToken, User
from hazchem.services.platform import auth
from tests.conftest import PASSWORD


def test_passwords_are_stored_hashed(session, registry):
    user = session.exec(select(User).where(User.username == "admin")).one()
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_login_and_actor_bindings(session, registry):
    actor = auth.authenticate(session=session, username="officer_a", password=PASSWORD)
    assert actor.enterprise_ids == {registry.ent_a.id}
    driver = auth.authenticate(session=session, username="driver", password=PASSWORD)
    assert driver.enterprise_ids == {registry.ent_c.id}
    regulator = auth.authenticate(session=session, username="regulator_eco", password=PASSWORD)
    assert regulator.department_kind == "ecology_environment" and regulator.park_id == registry.park.id


@pytest.mark.parametrize(
    ("username", "password"), [("admin", "wrong-password"), ("nobody", PASSWORD), ("", "")]
)
def test_every_login_failure_says_the_same(session, registry, username, password):
    with pytest.raises(NotAuthenticated, match=r"^wrong username or password$"):
        auth.authenticate(session=session, username=username, password=password)


def test_deactivated_user_cannot_log_in(session, registry):
    user = session.exec(select(User).where(User.username == "officer_b")).one()
    user.active = False
    session.add(user)
    session.commit()
    with pytest.raises(NotAuthenticated):
        auth.authenticate(session=session, username="officer_b", password=PASSWORD)
    assert auth.actor_for_user_id(session=session, user_id=user.id) is None


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"username": "x", "password": "short", "role": "park_admin"}, InvalidInput),
        ({"username": "x", "password": PASSWORD, "role": "pirate"}, InvalidInput),
        ({"username": "x", "password": PASSWORD, "role": "regulator"}, InvalidInput),
        (
            {"username": "x", "password": PASSWORD, "role": "ehs_officer", "enterprise_id": 99999},
            InvalidInput,
        ),
        ({"username": "admin", "password": PASSWORD, "role": "park_admin"}, Conflict),
    ],
)
def test_account_refusals(session, registry, kwargs, error):
    before = len(session.exec(select(User)).all())
    with pytest.raises(error):
        auth.create_user(session=session, actor=None, **kwargs)
    assert len(session.exec(select(User)).all()) == before


def test_only_admins_create_accounts(session, registry):
    with pytest.raises(Forbidden):
        auth.create_user(
            session=session,
            actor=registry.users["regulator_eco"],
            username="y",
            password=PASSWORD,
            role="park_admin",
        )
    user = auth.create_user(
        session=session,
        actor=registry.users["admin"],
        username="y",
        password=PASSWORD,
        role="ehs_officer",
        enterprise_id=registry.ent_a.id,
    )
    assert user.id


def test_tokens_work_until_revoked_or_expired(session, registry):
    token, _ = auth.issue_token(session=session, actor=registry.users["officer_a"], ttl_hours=1)
    assert auth.actor_for_token(session=session, token=token).username == "officer_a"
    stored = session.exec(select(ApiToken)).one()
    assert stored.token_hash != token
    stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    session.add(stored)
    session.commit()
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=token)
    fresh, _ = auth.issue_token(session=session, actor=registry.users["officer_a"], ttl_hours=1)
    auth.revoke_token(session=session, token=fresh)
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=fresh)
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token="forged")

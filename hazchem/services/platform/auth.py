"""Accounts: password hashing, login, bearer tokens, and the Actor each request acts as."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete
from sqlmodel import Session, col, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from hazchem.domain.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, TooManyAttempts
from hazchem.domain.vocab import Role
from hazchem.models import ApiToken, Department, Driver, Enterprise, LoginFailure, User
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, require_admin
from hazchem.services.platform.uow import bookkeeping, use_case

MIN_PASSWORD_LENGTH = 10
# Verified against when the username is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("hazchem-dummy-password")


def _actor_query():
    # One round trip for every request: only the columns an Actor needs, no ORM objects to build.
    # Built for each use that adds to it; the per-request lookups below reuse prebuilt statements.
    enterprise_key = func.coalesce(User.enterprise_id, Driver.carrier_id)
    return (
        select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.active,
            User.department_id,
            User.enterprise_id,
            User.driver_id,
            User.locale,
            Department.kind,
            Department.park_id,
            Driver.carrier_id,
            Enterprise.park_id,
        )
        .outerjoin(Department, col(Department.id) == User.department_id)
        .outerjoin(Driver, col(Driver.id) == User.driver_id)
        .outerjoin(Enterprise, col(Enterprise.id) == enterprise_key)
    )


def _actor(row: Any) -> Actor:
    (user_id, username, display_name, role, _active, department_id, enterprise_id, driver_id, locale,
     department_kind, department_park, carrier_id, enterprise_park) = row[:13]  # fmt: skip
    enterprise_ids = {i for i in (enterprise_id, carrier_id) if i is not None}
    return Actor(
        user_id=user_id or 0,
        username=username,
        display_name=display_name or username,
        role=role,
        park_id=department_park if department_id is not None else enterprise_park,
        department_id=department_id,
        department_kind=department_kind,
        enterprise_id=enterprise_id,
        driver_id=driver_id,
        locale=locale,
        enterprise_ids=frozenset(enterprise_ids),
    )


def build_actor(session: Session, user: User) -> Actor:
    """Resolve a user's bindings (department, enterprise, driver's carrier) into an Actor."""
    return _actor(session.exec(_actor_query().where(User.id == user.id)).one())


@functools.cache
def _by_user_id():
    return _actor_query().where(User.id == bindparam("user_id"))


@functools.cache
def _by_token():
    return (
        _actor_query()
        .add_columns(ApiToken.expires_at)
        .join(ApiToken, col(ApiToken.user_id) == User.id)
        .where(ApiToken.token_hash == bindparam("token_hash"))
    )


def actor_for_user_id(*, session: Session, user_id: int) -> Actor | None:
    """Return the Actor of an active user, or None (the session cookie then stops working)."""
    # Executed as plain SQL on the session's connection: every page pays for this lookup.
    row = session.connection().execute(_by_user_id(), {"user_id": user_id}).first()
    if row is None or not row.active:
        return None
    return _actor(row)


@dataclass(frozen=True)
class LoginThrottle:
    """Failed logins one address may make within the window: for one account, and in all."""

    per_account: int = 5
    per_address: int = 30
    window_minutes: int = 15
    # Failures are kept this long for security review, then dropped so the table cannot grow forever.
    retention_days: int = 90


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    remote_addr: str = "",
    throttle: LoginThrottle | None = None,
) -> Actor:
    """Check a username and password; raise NotAuthenticated with one message for every failure.

    An address that failed too often lately is refused before the password is even looked at
    (TooManyAttempts), so guessing is slowed to a few tries per window; each failure is recorded.
    """
    throttle = throttle or LoginThrottle()
    name = (username or "").strip()
    _check_throttle(session, name, remote_addr, throttle)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
    elif check_password_hash(user.password_hash, password or "") and user.active:
        return build_actor(session, user)
    _record_failure(session, name, remote_addr, throttle)
    raise NotAuthenticated("wrong username or password")


def _check_throttle(session: Session, name: str, remote_addr: str, throttle: LoginThrottle) -> None:
    now = clock.now()
    recent = session.exec(
        select(LoginFailure.username, LoginFailure.at)
        .where(
            LoginFailure.remote_addr == remote_addr,
            LoginFailure.at >= now - timedelta(minutes=throttle.window_minutes),
        )
        .order_by(col(LoginFailure.at))
    ).all()
    mine = [at for who, at in recent if who == name]
    for failures, limit in ((mine, throttle.per_account), ([at for _, at in recent], throttle.per_address)):
        if len(failures) >= limit:
            # Free again once the oldest failure that counts towards the limit leaves the window.
            free_at = failures[len(failures) - limit] + timedelta(minutes=throttle.window_minutes)
            wait = max(1, int((free_at - now).total_seconds()) + 1)
            raise TooManyAttempts(
                f"too many failed logins from this address; try again in {wait} seconds",
                retry_after=wait,
                details=[{"retry_after": wait}],
            )


@bookkeeping("a failed login feeds the throttle; it changes no record")
def _record_failure(session: Session, name: str, remote_addr: str, throttle: LoginThrottle) -> None:
    """Record one failure, and drop those past retention in the same write (an index range, cheap)."""
    now = clock.now()
    session.connection().execute(
        delete(LoginFailure).where(col(LoginFailure.at) < now - timedelta(days=throttle.retention_days))
    )
    session.add(LoginFailure(username=name[:60], remote_addr=remote_addr[:45], at=now))


def _validate_binding(
    session: Session, role: str, department_id: int | None, enterprise_id: int | None, driver_id: int | None
) -> None:
    try:
        role_value = Role(role)
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}", details=[{"field": "role"}]) from None
    needs = {
        Role.PARK_ADMIN: None,
        Role.REGULATOR: ("department_id", department_id, Department),
        Role.EHS_OFFICER: ("enterprise_id", enterprise_id, Enterprise),
        Role.RECEIVER_OPERATOR: ("enterprise_id", enterprise_id, Enterprise),
        Role.DRIVER: ("driver_id", driver_id, Driver),
    }[role_value]
    if needs is not None and needs[1] is None:
        raise InvalidInput(f"role {role} needs {needs[0]}", details=[{"field": needs[0]}])
    # Every binding given must exist, the role's own or not: an unknown one would fail the foreign key.
    for field_name, value, model in (
        ("department_id", department_id, Department),
        ("enterprise_id", enterprise_id, Enterprise),
        ("driver_id", driver_id, Driver),
    ):
        if value is not None and session.get(model, value) is None:
            raise InvalidInput(f"{field_name} {value} does not exist", details=[{"field": field_name}])


@use_case("user.create")
def create_user(
    *,
    session: Session,
    actor: Actor | None,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    department_id: int | None = None,
    enterprise_id: int | None = None,
    driver_id: int | None = None,
    locale: str = "",
) -> User:
    """Create an account (by an administrator, or by the CLI when actor is None)."""
    if actor is not None:
        require_admin(actor, "create accounts")
    username = (username or "").strip()
    if not username or len(username) > 60:
        raise InvalidInput("username is required (at most 60 characters)", details=[{"field": "username"}])
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"password must have at least {MIN_PASSWORD_LENGTH} characters",
            details=[{"field": "password"}],
        )
    _validate_binding(session, role, department_id, enterprise_id, driver_id)
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict(f"username {username} is taken", details=[{"field": "username"}])
    user = User(
        username=username,
        password_hash=generate_password_hash(password),
        display_name=display_name,
        role=role,
        department_id=department_id,
        enterprise_id=enterprise_id,
        driver_id=driver_id,
        locale=locale,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        entity="user",
        entity_id=user.id,
        after={"username": username, "role": role},
    )
    return user


@use_case("token.issue")
def issue_token(*, session: Session, actor: Actor, ttl_hours: int) -> tuple[str, datetime]:
    """Issue a bearer token for the actor; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    issued = clock.now()
    expires = issued + timedelta(hours=ttl_hours)
    row = ApiToken(user_id=actor.user_id, token_hash=_digest(token), created_at=issued, expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.issue",
        entity="api_token",
        entity_id=row.id,
        after={"user_id": actor.user_id, "expires_at": expires.isoformat()},
    )
    return token, expires


def actor_for_token(*, session: Session, token: str) -> Actor:
    """Return the actor of a valid, unexpired token, else raise NotAuthenticated."""
    row = session.connection().execute(_by_token(), {"token_hash": _digest(token)}).first()
    if row is None or row.expires_at < clock.now() or not row.active:
        raise NotAuthenticated("invalid or expired token")
    return _actor(row)


@use_case("token.revoke")
def revoke_token(*, session: Session, token: str) -> None:
    """Delete a token so it stops working at once."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
    if row is None:
        raise NotFound("token not found")
    owner = actor_for_user_id(session=session, user_id=row.user_id)
    audit.record(
        session,
        actor=owner,
        action="token.revoke",
        entity="api_token",
        entity_id=row.id,
        before={"user_id": row.user_id, "expires_at": row.expires_at.isoformat()},
    )
    session.delete(row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
